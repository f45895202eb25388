/**
 * One program, both ways, and the verdict. Outcomes: `agree` (same lines), `agree-abort` (same
 * lines ending in the same failure), `invalid` (the one-module reference does not compile: a
 * generator bug, not shared-rt's), `divergence` (different lines, one side failing where the
 * other does not, or the split build failing on a program asc compiles).
 */
import { buildOneModule, runOneModule } from "./run-one-module.mjs";
import { buildAndRunSplit } from "./run-split.mjs";

export async function checkProgram(program) {
  const one = await buildOneModule(program);
  if (one.error) return { outcome: "invalid", kind: "invalid", detail: one.error };
  const reference = await runOneModule(program, one.wasm);
  const split = await buildAndRunSplit(program);
  if (split.error) return { outcome: "divergence", kind: "split-build", reference, split, detail: split.error };
  const same = reference.lines.length === split.lines.length && reference.lines.every((l, i) => l === split.lines[i]);
  if (same) return { outcome: reference.lines.at(-1)?.startsWith("!! ") ? "agree-abort" : "agree", reference, split };
  const at = firstDifference(reference.lines, split.lines);
  const kind = split.lines[at]?.startsWith("!! ") ? "split-fails" : reference.lines[at]?.startsWith("!! ") ? "reference-fails" : "output";
  return { outcome: "divergence", kind, at, reference, split, detail: split.detail ?? "" };
}

export function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Both outputs side by side, differing lines marked. */
export function explain(result) {
  const a = result.reference?.lines ?? [];
  const b = result.split?.lines ?? [];
  const rows = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const same = a[i] === b[i];
    rows.push(`${same ? "  " : "≠ "}${String(i).padStart(3)} ${a[i] ?? "<none>"}${same ? "" : `  |  ${b[i] ?? "<none>"}`}`);
  }
  return `one module  |  shared-rt split\n${rows.join("\n")}\n${result.detail ?? ""}`;
}
