// The fetch page: no bundler. The import map in index.html resolves the runner and its
// dependencies; the built project is fetched from project/, beside this page.
import { runDemo } from "./demo.js";

window.demo = runDemo(new URL("project/manifest.json", document.baseURI)).catch((error) => ({ error: `${error.name}: ${error.message}` }));
