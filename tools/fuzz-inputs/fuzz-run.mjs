// One fuzzing run: cases made from the seed, run one by one, tallied by mutation kind and
// outcome; every bug, hang and crash saved to a directory that replays it.
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { buildBase } from "./base-project.mjs";
import { makeCase } from "./make-cases.mjs";
import { CaseRunner } from "./run-cases.mjs";

export const OUTCOMES = ["ok", "wrong", "typed", "bug", "hang", "crash"];
export const FAILURES = ["bug", "hang", "crash"];

/** The project every case mutates, built once; its shared-rt.json is what project cases mutate. */
export async function prepareBase() {
  const base = await buildBase();
  base.project = new Uint8Array(await readFile(path.join(base.dir, "shared-rt.json")));
  return base;
}

/** `manifest delete`, `wasm flip`: a case's row in the summary. */
const rowOf = (c) => `${c.kind} ${c.mutation.split(/[;:]/)[c.kind === "wasm" ? 0 : 1]?.trim().split(" ")[0] ?? "?"}`;

/**
 * Runs `count` cases from `seed`. Returns `{ table, failures }`: counts by row and outcome, and
 * each failing case with its outcome. `save`: directory to write failures to.
 */
export async function fuzz({ count, seed, kinds, buildRate = 0.02, save, timeoutMs, log = () => {}, base }) {
  const ownBase = !base;
  base ??= await prepareBase();
  const runner = new CaseRunner(base, { timeoutMs });
  const table = new Map();
  const failures = [];
  try {
    for (let i = 0; i < count; ++i) {
      const c = makeCase(base, seed, i, kinds, buildRate);
      const reply = await runner.run(c);
      const row = rowOf(c);
      if (!table.has(row)) table.set(row, Object.fromEntries(OUTCOMES.map((o) => [o, 0])));
      table.get(row)[reply.outcome]++;
      if (FAILURES.includes(reply.outcome)) {
        failures.push({ case: c, reply });
        if (save) await saveCase(save, seed, c, reply);
      }
      if (reply.outcome !== "ok" && reply.outcome !== "typed") {
        log(`case ${i} (${c.kind} ${c.target}: ${c.mutation}): ${reply.outcome}: ${reply.message?.split("\n").slice(0, 3).join(" | ")}`);
      }
      if ((i + 1) % 500 === 0) log(`${i + 1}/${count} cases`);
    }
  } finally {
    await runner.close();
    if (ownBase) await rm(base.dir, { recursive: true, force: true });
  }
  return { table, failures };
}

async function saveCase(dir, seed, c, reply) {
  const caseDir = path.join(dir, `seed-${seed}-case-${c.index}`);
  await mkdir(path.join(caseDir, "files"), { recursive: true });
  const { files, ...rest } = c;
  await writeFile(path.join(caseDir, "case.json"), `${JSON.stringify({ seed, ...rest, outcome: reply.outcome, message: reply.message }, null, 2)}\n`);
  for (const [name, bytes] of Object.entries(files)) await writeFile(path.join(caseDir, "files", name), bytes);
}

/** Runs a saved case again (`--replay <dir>`): its mutated files over a fresh build of the project. */
export async function replay(caseDir, { timeoutMs } = {}) {
  const saved = JSON.parse(await readFile(path.join(caseDir, "case.json"), "utf8"));
  const files = {};
  for (const name of await readdir(path.join(caseDir, "files"))) files[name] = new Uint8Array(await readFile(path.join(caseDir, "files", name)));
  const base = await prepareBase();
  const runner = new CaseRunner(base, { timeoutMs });
  try {
    return { saved, reply: await runner.run({ ...saved, files }) };
  } finally {
    await runner.close();
    await rm(base.dir, { recursive: true, force: true });
  }
}

/** The summary as a Markdown table: rows by mutation kind, a column per outcome, totals. */
export function formatTable(table) {
  const rows = [...table.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const total = Object.fromEntries(OUTCOMES.map((o) => [o, rows.reduce((n, [, r]) => n + r[o], 0)]));
  const line = (name, r) => `| ${name} | ${OUTCOMES.map((o) => r[o]).join(" | ")} | ${OUTCOMES.reduce((n, o) => n + r[o], 0)} |`;
  return [
    `| mutation | ${OUTCOMES.join(" | ")} | cases |`,
    `|${"---|".repeat(OUTCOMES.length + 2)}`,
    ...rows.map(([n, r]) => line(n, r)),
    line("**total**", total),
  ].join("\n");
}
