#!/usr/bin/env node
// npm run fuzz:inputs -- [--count N] [--seed S] [--kinds manifest,project,wasm] [--save DIR] [--replay DIR]
import { parseArgs } from "node:util";
import { FAILURES, formatTable, fuzz, replay } from "./fuzz-run.mjs";
import { KINDS } from "./make-cases.mjs";

const HELP = `Mutation fuzzer of the files a shared-rt host is fed.

Builds a small three-plugin project, then mutates its manifest (JSON-aware), its project file
(validated by the linker; built and loaded for a sample) and its wasm files (bytes and sections),
loads the result and makes a call. Every outcome must be a correct run (ok), a different result
from a different but valid module (wrong), or a typed error with a code (typed); a bug (any other
exception), a hang or a crash is saved to --save DIR with its seed and mutated files.

  --count N        cases to run (default 300)
  --seed S         seed of the run (default 1); the same seed makes the same cases
  --kinds LIST     which files to mutate: ${KINDS.join(",")} (default: all)
  --build-rate R   share of project cases built and loaded in full (default 0.02)
  --timeout MS     per case (default 10000)
  --save DIR       where failing cases are written (default fuzz-cases)
  --replay DIR     run one saved case again and print its outcome
  --help           this text
`;

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "300" },
    seed: { type: "string", default: "1" },
    kinds: { type: "string", default: KINDS.join(",") },
    "build-rate": { type: "string", default: "0.02" },
    timeout: { type: "string", default: "10000" },
    save: { type: "string", default: "fuzz-cases" },
    replay: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const timeoutMs = Number(values.timeout);
if (values.replay) {
  const { saved, reply } = await replay(values.replay, { timeoutMs });
  console.log(`case ${saved.index} of seed ${saved.seed} (${saved.kind} ${saved.target}: ${saved.mutation})`);
  console.log(`saved as ${saved.outcome}; now ${reply.outcome}${reply.code ? ` ${reply.code}` : ""}: ${reply.message ?? ""}`);
  process.exit(FAILURES.includes(reply.outcome) ? 1 : 0);
}
const kinds = values.kinds.split(",").filter(Boolean);
const unknown = kinds.filter((k) => !KINDS.includes(k));
if (unknown.length || kinds.length === 0) {
  console.error(`--kinds: unknown ${unknown.join(", ") || "(none given)"}; choose from ${KINDS.join(", ")}`);
  process.exit(2);
}
const started = Date.now();
const { table, failures } = await fuzz({
  count: Number(values.count),
  seed: Number(values.seed),
  kinds,
  buildRate: Number(values["build-rate"]),
  save: values.save,
  timeoutMs,
  log: (line) => console.error(line),
});
console.log(formatTable(table));
console.log(`\n${failures.length} failing case(s) in ${((Date.now() - started) / 1000).toFixed(1)} s${failures.length ? `, saved to ${values.save}/` : ""}`);
process.exit(failures.length ? 1 : 0);
