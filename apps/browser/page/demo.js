// What both pages do: load the built project with fetch and greet through it. The runner comes
// by its package name: the import map resolves it on the fetch page, Vite bundles it on the other.
import { SharedHost } from "@shared-rt/runner";

/** Reads the files the manifest names, relative to the manifest. */
const fetchFiles = (manifestUrl) => async (file) => {
  const response = await fetch(new URL(file, manifestUrl));
  if (!response.ok) throw new Error(`${file}: ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
};

/**
 * Loads the project whose manifest is at `manifestUrl`. `hostImports` defaults to the host module
 * the build wrote beside the manifest (a page without a bundler imports it at run time; a
 * bundler is better given the module itself, so that it resolves that module's imports).
 */
export async function loadProject(manifestUrl, hostImports) {
  const response = await fetch(manifestUrl);
  if (!response.ok) throw new Error(`${manifestUrl}: ${response.status} ${response.statusText}; run npm run build`);
  const manifest = await response.json();
  const imports = hostImports ?? (await import(/* @vite-ignore */ new URL(manifest.host, manifestUrl).href)).default;
  return SharedHost.load(manifest, { readFile: fetchFiles(manifestUrl), hostImports: imports });
}

/** Loads the project, greets whoever is typed in the page's input, and returns what the tests check. */
export async function runDemo(manifestUrl, hostImports) {
  const host = await loadProject(manifestUrl, hostImports);
  const input = document.querySelector("#name");
  const output = document.querySelector("#greeting");
  const greet = () => {
    output.textContent = host.call("greeter", "greet", input.value);
  };
  input.addEventListener("input", greet);
  greet();
  return {
    secureContext: window.isSecureContext,
    plugins: host.pluginNames,
    greeting: host.call("greeter", "greet", "one shared heap"),
    words: host.call("words", "split", "a  b c"),
    shown: output.textContent,
  };
}
