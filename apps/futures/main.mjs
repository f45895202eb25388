// Runs the futures example: `report` awaits one future per file from 'files', each completed
// when the host has read the file; the host awaits the report as a Promise.
import { fileURLToPath } from "node:url";
import { loadManifestFile } from "@shared-rt/runner/node";

const host = await loadManifestFile(fileURLToPath(new URL("./build/manifest.json", import.meta.url)));
const names = process.argv.length > 2 ? process.argv.slice(2) : ["seed.txt", "plugins.txt"];
try {
  console.log(await host.call("report", "report", names));
} catch (error) {
  console.error(`${error.code}: ${error.message}`);
  process.exitCode = 1;
}
