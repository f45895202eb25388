// The Vite page: Vite bundles the runner (with its dependencies) and the project's host module;
// the built project (wasm files and manifest) is in public/project, which Vite copies as it is.
import hostImports from "./host/index.mjs";
import { runDemo } from "./page/demo.js";

window.demo = runDemo(new URL("project/manifest.json", document.baseURI), hostImports).catch((error) => ({ error: `${error.name}: ${error.message}` }));
