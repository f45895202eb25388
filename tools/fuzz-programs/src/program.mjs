/**
 * A random program, deterministic per seed: shared classes, then items (private classes with
 * factories, functions, state holders) each using only earlier ones, then exported steps of
 * statements. Each item is placed in a plugin at least as high as every plugin it imports from,
 * so imports always point down (plugins may not import in a cycle) and the highest plugin is
 * imported by nobody (it can be loaded late). Functions that use only shared things may go to
 * a shared file instead, compiled into every plugin that imports them.
 */
import { SHARED_PRELUDE, privateClass, privateShape, sharedClasses } from "./classes.mjs";
import { anyFn, cmpFn, descFn, hofFn, intFn, makerFn, stateItem, strFn } from "./functions.mjs";
import { rng } from "./rng.mjs";
import { randomStatement, throwStmt } from "./statements.mjs";

/** Every config a program can run in; program i of a run uses CONFIGS[(seed + i) % length]. */
export const CONFIGS = [];
for (const mode of ["linked", "relocatable", "late"]) {
  for (const collector of ["incremental", "minimal"]) {
    for (const optimizeLevel of [0, 3]) CONFIGS.push({ collector, optimizeLevel, mode });
  }
}
export const configName = (c) => `${c.collector}/-O${c.optimizeLevel}/${c.mode}`;

function addItem(program, index, item) {
  program.items.push(item);
  for (const e of item.exports) index.set(e.name, item);
}

/** Lowest plugin an item may go to: the highest plugin among the items it uses. */
function floorOf(item, index) {
  let floor = 0;
  for (const name of [...item.uses, ...item.refs]) {
    const dep = index.get(name);
    if (dep && !dep.shared) floor = Math.max(floor, dep.plugin);
  }
  return floor;
}

function place(r, program, index, item) {
  const floor = floorOf(item, index);
  const pureShared = item.kind === "fn" || item.kind === "hof";
  const usesOnlyShared = [...item.uses, ...item.refs].every((n) => index.get(n)?.shared);
  item.shared = pureShared && usesOnlyShared && r.chance(0.25);
  const sibling = item.samePluginAs && program.items.find((it) => it.name === item.samePluginAs);
  item.plugin = item.shared ? -1 : sibling ? sibling.plugin : r.int(floor, program.pluginCount - 1);
  addItem(program, index, item);
}

function environment(program, collectInside) {
  const env = {
    fns: { int: [], str: [], desc: [], cmp: [], any: [] },
    fnsByKind: { maker: [], desc: [], hof: [] },
    makers: [],
    shapes: [],
    states: [],
    classes: [],
    collectInside,
  };
  env.classes = program.classes.map((c) => c.name);
  env.makers = program.classes.map((c) => `new ${c.name}`);
  for (const it of program.items) {
    if (it.kind === "class") env.makers.push(it.exports[0].name);
    else if (it.kind === "shape") env.shapes.push(it.exports[0].name);
    else if (it.kind === "state") env.states.push(it.name.slice(2));
    else if (it.kind === "hof") env.fnsByKind.hof.push({ name: it.name, takes: it.takes });
    else if (it.name[0] === "i") env.fns.int.push(it.name);
    else if (it.name[0] === "s") env.fns.str.push(it.name);
    else if (it.name[0] === "d") {
      env.fns.desc.push(it.name);
      env.fnsByKind.desc.push(it.name);
    } else if (it.name[0] === "m") env.fnsByKind.maker.push(it.name);
    else if (it.name[0] === "c") env.fns.cmp.push(it.name);
    else if (it.name[0] === "o") env.fns.any.push(it.name);
  }
  return env;
}

export function generateProgram(seed, config) {
  const r = rng(seed);
  const program = { seed, config, pluginCount: r.int(2, 4), classes: sharedClasses(r), prelude: SHARED_PRELUDE, items: [], steps: [] };
  const index = new Map();
  const itemCount = r.int(3, 10);
  for (let k = 0; k < itemCount; k++) {
    const env = environment(program, false);
    const kind = r.pick(["class", "class", "int", "int", "str", "desc", "hof", "hof", "maker", "state", "cmp", "any", "shape"]);
    let item;
    if (kind === "class")
      item = privateClass(
        r,
        k,
        program.classes,
        program.items.filter((it) => it.kind === "class"),
      );
    else if (kind === "int") item = intFn(r, k, env.fns);
    else if (kind === "str") item = strFn(r, k, env.fns);
    else if (kind === "desc") item = descFn(r, k, env.fns, program.classes);
    else if (kind === "hof") item = hofFn(r, k);
    else if (kind === "cmp") item = cmpFn(r, k);
    else if (kind === "shape") item = privateShape(r, k);
    else if (kind === "any") item = anyFn(r, k, environment(program, false).makers);
    else if (kind === "maker") item = makerFn(r, k, env.makers);
    else item = stateItem(k);
    place(r, program, index, item);
  }
  const env = environment(program, config.collector === "incremental");
  const stepCount = r.int(2, 5);
  for (let k = 0; k < stepCount; k++) {
    const stmts = [];
    for (let j = r.int(1, 4); j > 0; j--) stmts.push(randomStatement(r, env));
    if (k === stepCount - 1 && r.chance(0.15)) stmts.push(throwStmt(r, env));
    const step = { name: `step${k}`, kind: "step", stmts, exports: [{ name: `step${k}`, params: [], ret: "void" }] };
    step.uses = [...new Set(stmts.flatMap((s) => s.uses))];
    step.refs = [...new Set(stmts.flatMap((s) => s.refs))];
    // The last step goes to the top plugin, so a late-loaded plugin always runs something.
    const floor = floorOf(step, index);
    step.plugin = k === stepCount - 1 ? program.pluginCount - 1 : r.int(floor, program.pluginCount - 1);
    step.shared = false;
    program.steps.push(step);
  }
  // In the relocatable mode this plugin is placed by the host at load instead of by the linker.
  program.relocatable = r.int(0, program.pluginCount - 1);
  return program;
}
