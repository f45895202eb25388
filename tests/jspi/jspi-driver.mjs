// Runs under an engine with JSPI (the registry's Node, spawned by jspi.test.ts; or Chromium):
// loads a built project and drives many `host.callAsync` calls whose host waits the driver
// settles in a seeded random order, collecting in between. Prints one JSON line: the report.
//
//   node jspi-driver.mjs <manifest.json> <scenario: overlap|fuzz|nested> <seed> <count>
import { loadManifestFile } from "@shared-rt/runner/node";
import { jspiImports, runScenario } from "./jspi-scenarios.mjs";

const [manifestPath, scenario, seed, count] = process.argv.slice(2);
const waits = [];
const host = await loadManifestFile(manifestPath, { hostImports: (h) => jspiImports(waits, () => h), log: () => {} });
const report = await runScenario(host, waits, scenario, Number(seed), Number(count));
process.stdout.write(`${JSON.stringify(report)}\n`);
