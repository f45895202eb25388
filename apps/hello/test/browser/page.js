// Loads apps/hello with the runner's browser build: files come from fetch, not from disk.
import { SharedHost } from "/runner/index.js";

const manifestUrl = new URL("/build/manifest.json", location.href);

async function run() {
  const manifest = await (await fetch(manifestUrl)).json();
  const hostModule = await import(new URL(manifest.host, manifestUrl).href);
  const host = await SharedHost.load(manifest, {
    readFile: async (file) => {
      const response = await fetch(new URL(file, manifestUrl));
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      return new Uint8Array(await response.arrayBuffer());
    },
    hostImports: hostModule.default,
  });
  host.call("app1", "main");
  const concat = host.call("app2", "concat", "x");
  const text = host.callOwned("app2", "concat", "zero ");
  const again = host.call("app2", "concat", text);
  text.dispose();
  // Values through the shared heap and back, with the browser's DataView and TextDecoder.
  const bytes = host.allocate("ArrayBuffer", new Uint8Array([1, 2, 254]));
  const roundTrip = [...new Uint8Array(bytes.value)];
  bytes.dispose();
  const word = host.allocate("string", "h\u00e9llo \ud83d\ude00");
  const units = word.view().length;
  const decoded = word.value;
  word.dispose();
  return { plugins: host.pluginNames, concat, again, roundTrip, units, decoded, pinned: host.pins.size };
}

window.result = run().catch((error) => ({ error: `${error.name}: ${error.message}` }));
