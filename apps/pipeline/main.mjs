// npm start -- "some   text. with 2 numbers 42" [--trace]
import { loadManifestFile } from "@shared-rt/runner/node";
import hostImports, { observed } from "./host.mjs";
import { Pipeline } from "./pipeline.mjs";

const args = process.argv.slice(2);
const trace = args.includes("--trace");
const input = args.filter((a) => a !== "--trace").join(" ") || "  the shared heap.   call 555 0100   any time!  ";

const host = await loadManifestFile(new URL("./build/manifest.json", import.meta.url).pathname, { hostImports });
const pipeline = new Pipeline(host, ["normalize", "capitalize", "redact"]);
const { text, addresses } = pipeline.runOwned(input);
const [words, sentences, characters] = host.call("stats", "run", text);
console.log(text.value);
console.log(`${words} words, ${sentences} sentences, ${characters} characters`);
if (trace) {
  for (const { stage, input, output } of observed) console.log(`${stage.padEnd(10)} ${input} -> ${output}`);
  console.log(`handles:   ${addresses.join(" -> ")}`);
}
text.dispose();
