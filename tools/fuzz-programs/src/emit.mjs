/**
 * A program's sources, twice from one model: split into plugins (a plugin calls another's export
 * through `@external("<plugin>", "<name>") declare function`, the way shared-rt links them) and
 * as ONE ordinary module (the same files, each such declaration an ES import of the other
 * plugin's entry, and an entry file exporting the steps). Shared classes and shared functions
 * are ordinary shared source files in both.
 */
export const pluginName = (i) => `p${i}`;
export const ONE_MODULE_ENTRY = "main.ts";

const IO =
  '// The one way a program prints: a host import, given by both harnesses.\n@external("host", "print")\nexport declare function print(line: string): void;\n';

function exportIndex(program) {
  const index = new Map();
  for (const it of [...program.items, ...program.steps]) for (const e of it.exports) index.set(e.name, { item: it, sig: e });
  return index;
}

// What the shared types file declares (a saved program keeps the prelude it was generated with).
const sharedNames = (program) => [
  ...["Named", "Sized", "Box", "Shape"].filter((n) => new RegExp(`(class|interface) ${n}\\b`).test(program.prelude)),
  ...program.classes.map((c) => c.name),
];
const paramList = (sig) => sig.params.map(([n, t]) => `${n}: ${t}`).join(", ");

/** The header (imports of one plugin file) and how its `@@name` value uses read. */
function linkage(program, index, plugin, items, oneModule) {
  const names = new Set(items.flatMap((it) => [...it.uses, ...it.refs]));
  const fromUtil = [];
  const lines = [];
  const wrappers = [];
  const valueName = new Map();
  for (const name of [...names].sort()) {
    const { item, sig } = index.get(name);
    if (item.shared) fromUtil.push(name);
    else if (item.plugin !== plugin) {
      const owner = pluginName(item.plugin);
      if (oneModule) lines.push(`import { ${name} } from "./${owner}";`);
      else lines.push(`@external("${owner}", "${name}") declare function ${name}(${paramList(sig)}): ${sig.ret};`);
    }
    const local = item.shared || item.plugin === plugin;
    valueName.set(name, local ? name : `ref_${name}`);
    if (!local && items.some((it) => it.refs.includes(name))) {
      const args = sig.params.map(([n]) => n).join(", ");
      wrappers.push(
        `// Another plugin's function as a value: a local function calling it.\nfunction ref_${name}(${paramList(sig)}): ${sig.ret} {\n  return ${name}(${args});\n}`,
      );
    }
  }
  const head = ['import { print } from "../shared/io";', `import { ${sharedNames(program).join(", ")} } from "../shared/types";`];
  if (fromUtil.length) head.push(`import { ${fromUtil.join(", ")} } from "../shared/util";`);
  return { head: [...head, ...lines, ...wrappers].join("\n"), valueName };
}

const withValues = (text, valueName) => text.replace(/@@(\w+)/g, (_, n) => valueName.get(n) ?? n);

export function stepText(step) {
  return `export function ${step.name}(): void {\n  ${step.stmts.map((s) => s.text).join("\n  ")}\n}`;
}

function pluginFile(program, index, plugin, oneModule) {
  const items = program.items.filter((it) => !it.shared && it.plugin === plugin);
  const steps = program.steps.filter((s) => s.plugin === plugin);
  const { head, valueName } = linkage(program, index, plugin, [...items, ...steps], oneModule);
  const body = [...items.map((it) => it.text), ...steps.map(stepText)].map((t) => withValues(t, valueName));
  return `// Plugin ${pluginName(plugin)} of fuzz program ${program.seed}.\n${head}\n\n${body.join("\n\n")}\n`;
}

function sharedFiles(program, index) {
  const files = { "shared/io.ts": IO };
  const types = program.classes.map((c) => c.text);
  files["shared/types.ts"] = `// Shared classes: one class id each in every plugin.\n${program.prelude}\n\n${types.join("\n\n")}\n`;
  const util = program.items.filter((it) => it.shared);
  if (util.length) {
    const head = `import { ${sharedNames(program).join(", ")} } from "./types";`;
    const valueName = new Map([...index.keys()].map((n) => [n, n]));
    files["shared/util.ts"] =
      `// Shared functions: compiled into every plugin that imports them.\n${head}\n\n${util.map((it) => withValues(it.text, valueName)).join("\n\n")}\n`;
  }
  return files;
}

/** Sources of the split build: `{ files, plugins }`, plugin entries at `plugins/p<i>.ts`. */
export function splitSources(program, oneModule = false) {
  const index = exportIndex(program);
  const files = sharedFiles(program, index);
  const plugins = [];
  for (let p = 0; p < program.pluginCount; p++) {
    files[`plugins/${pluginName(p)}.ts`] = pluginFile(program, index, p, oneModule);
    plugins.push(pluginName(p));
  }
  return { files, plugins };
}

/**
 * asc 0.28 decides `x instanceof <interface>` from the classes compiled so far: in a function
 * compiled before any class implementing the interface is, the test folds to false even when such
 * an object arrives later (shared-init keeps the test at run time for shared interfaces, so the
 * split build is right). The reference's entry therefore first names every class of the program
 * in a function that is never called, so that asc compiles them all before anything else.
 */
function touchAll(program) {
  const names = sharedNames(program).filter((n) => /^B\d/.test(n));
  const factories = program.items.filter((it) => it.kind === "class" || it.kind === "shape").map((it) => it.exports[0]);
  const imports = [`import { ${names.join(", ")}, Box } from "./shared/types";`];
  for (const it of program.items.filter((x) => x.kind === "class" || x.kind === "shape"))
    imports.push(`import { ${it.exports[0].name} } from "./plugins/${pluginName(it.plugin)}";`);
  const body = [
    ...names.map((n) => `new ${n}(0, "")`),
    ...factories.map((f) => `${f.name}(${f.params.map(([, t]) => (t === "string" ? '""' : "0")).join(", ")})`),
  ];
  body.push('new Box<string>("")', "new Box<i32>(0)", 'new Box<B0>(new B0(0, ""))');
  return [...imports, `export function touchEveryClass(): void {\n  ${body.join(";\n  ")};\n}`];
}

/** Sources of the one-module build: the same files with ES imports, and `main.ts` exporting the steps. */
export function oneModuleSources(program) {
  const { files } = splitSources(program, true);
  const lines = ["// The whole program as one ordinary module.", ...touchAll(program)];
  // Every export of every plugin, as the split build compiles them all (asc compiles only the
  // entry's exports and what they reach).
  for (let p = 0; p < program.pluginCount; p++) lines.push(`export * from "./plugins/${pluginName(p)}";`);
  files[ONE_MODULE_ENTRY] = `${lines.join("\n")}\n`;
  return files;
}
