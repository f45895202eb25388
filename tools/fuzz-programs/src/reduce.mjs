/**
 * Reduces a diverging program while it still diverges the same way (same kind): drops steps,
 * statements, then the items and shared classes nothing uses any more, merges the top plugin
 * into the one below it, and halves loop counts. Greedy, one change at a time, within a budget
 * of checks (each check builds the program both ways).
 */
import { checkProgram } from "./check-program.mjs";

const clone = (p) => JSON.parse(JSON.stringify(p));

/** Keeps only the items the steps reach (through uses and function values), transitively. */
export function prune(program) {
  const byExport = new Map();
  for (const it of program.items) for (const e of it.exports) byExport.set(e.name, it);
  const keep = new Set();
  const visit = (name) => {
    const it = byExport.get(name);
    if (!it || keep.has(it)) return;
    keep.add(it);
    for (const n of [...it.uses, ...it.refs]) visit(n);
  };
  for (const s of program.steps) {
    s.uses = [...new Set(s.stmts.flatMap((x) => x.uses))];
    s.refs = [...new Set(s.stmts.flatMap((x) => x.refs))];
    for (const n of [...s.uses, ...s.refs]) visit(n);
  }
  program.items = program.items.filter((it) => keep.has(it));
  return program;
}

function* candidates(program) {
  for (let i = program.steps.length - 1; i >= 0 && program.steps.length > 1; i--) {
    const p = clone(program);
    p.steps.splice(i, 1);
    yield prune(p);
  }
  for (let i = 0; i < program.steps.length; i++) {
    for (let j = program.steps[i].stmts.length - 1; j >= 0; j--) {
      const p = clone(program);
      p.steps[i].stmts.splice(j, 1);
      if (p.steps[i].stmts.length === 0) p.steps[i].stmts.push({ text: "{}", uses: [], refs: [] });
      yield prune(p);
    }
  }
  const texts = (p) => [...p.items.map((it) => it.text), ...p.steps.flatMap((s) => s.stmts.map((x) => x.text)), ...p.classes.map((c) => c.text)].join("\n");
  for (let i = program.classes.length - 1; i > 0; i--) {
    const p = clone(program);
    const [gone] = p.classes.splice(i, 1);
    if (!new RegExp(`\\b${gone.name}\\b`).test(texts(p))) yield p;
  }
  if (program.pluginCount > 1) {
    const p = clone(program);
    p.pluginCount -= 1;
    for (const it of [...p.items, ...p.steps]) if (it.plugin === p.pluginCount) it.plugin -= 1;
    yield p;
  }
  for (let i = 0; i < program.steps.length; i++) {
    for (let j = 0; j < program.steps[i].stmts.length; j++) {
      const text = program.steps[i].stmts[j].text;
      const halved = text.replace(/i < (\d+)/g, (_, n) => `i < ${Math.floor(Number(n) / 2)}`);
      if (halved === text) continue;
      const p = clone(program);
      p.steps[i].stmts[j].text = halved;
      yield p;
    }
  }
}

/** The smallest program found that still diverges as `result` did, and the checks it took. */
export async function reduce(program, result, { budget = 40, log = () => {}, check = checkProgram } = {}) {
  let best = prune(clone(program));
  let bestResult = result;
  let checks = 0;
  let progress = true;
  while (progress && checks < budget) {
    progress = false;
    for (const candidate of candidates(best)) {
      if (checks >= budget) break;
      checks++;
      const r = await check(candidate);
      if (r.outcome === "divergence" && r.kind === result.kind) {
        best = candidate;
        bestResult = r;
        progress = true;
        log(
          `  reduced: ${best.steps.length} steps, ${best.steps.reduce((n, s) => n + s.stmts.length, 0)} statements, ${best.items.length} items, ${best.pluginCount} plugins`,
        );
        break;
      }
    }
  }
  return { program: best, result: bestResult, checks };
}
