// Prototype host: one Memory, one Table, a bump allocator in JS, the dispatch runtime ("vd")
// in wasm (lookup) and JS (instanceof), three plugins; then the same program as one module.
// usage: node run.mjs <O> [bench]
import { readFileSync } from "node:fs";
import binaryen from "binaryen";

const O = process.argv[2] ?? "0";
const BENCH = process.argv.includes("bench");
const ID_CAP = 2048, KEY_CAP = 64, SLOTS = 0x200000, HEAP = 0x300000;
// VD_RT=owner: (id -> owning plugin) u16 table at OWNERS, (plugin, key) -> slot of that plugin's stub at STUBS
const RT = process.env.VD_RT ?? "matrix", OWNERS = 0x1f0000, STUBS = 0x1f8000;

function makeHost() {
  const memory = new WebAssembly.Memory({ initial: 128 });
  const table = new WebAssembly.Table({ initial: 512, element: "anyfunc" });
  let top = HEAP;
  const u32 = () => new Uint32Array(memory.buffer);
  const str = (p) => { if (!p) return "null"; const len = u32()[(p - 4) >>> 2] >>> 1; return String.fromCharCode(...new Uint16Array(memory.buffer, p, len)); };
  const rt = {
    __alloc(size) { const p = (top + 15) & ~15; top = p + size; return p; },
    __new(size, id) {
      const p = ((top + 20 + 15) & ~15); top = p + size;
      u32()[(p - 8) >>> 2] = id; u32()[(p - 4) >>> 2] = size; new Uint8Array(memory.buffer, p, size).fill(0); return p;
    },
    __renew(ptr, size) { const id = u32()[(ptr - 8) >>> 2], old = u32()[(ptr - 4) >>> 2]; const p = rt.__new(size, id); new Uint8Array(memory.buffer).copyWithin(p, ptr, ptr + Math.min(old, size)); return p; },
    __realloc(ptr, size) { const p = rt.__alloc(size); new Uint8Array(memory.buffer).copyWithin(p, ptr, ptr + size); return p; },
    __free() {}, __link() {}, __pin: (p) => p, __unpin() {}, __collect() {}, __visit() {},
  };
  const env = { memory, table, abort(m, f, l, c) { throw new Error(`abort: ${str(m)} at ${str(f)}:${l}:${c}`); } };
  return { memory, table, rt, env, str, u32 };
}

// ---- the dispatch runtime: lookup in wasm, everything else in JS ----
function makeVd(host, names) {
  const wat = RT === "owner" ? `(module
 (import "env" "memory" (memory 1))
 (import "vd" "fail" (func $fail (param i32 i32)))
 ;; (class id, method key) -> slot of the owning plugin's stub for key (it resolves every class it compiled)
 (func (export "lookup") (param $id i32) (param $key i32) (result i32)
  (local $p i32) (local $s i32)
  (if (i32.ge_u (local.get $id) (i32.const ${ID_CAP})) (then (call $fail (local.get $id) (local.get $key)) (unreachable)))
  (local.set $p (i32.load16_u offset=${OWNERS} (i32.shl (local.get $id) (i32.const 1))))
  (local.set $s (i32.load offset=${STUBS} (i32.shl (i32.add (i32.shl (local.get $p) (i32.const 6)) (local.get $key)) (i32.const 2))))
  (if (i32.eqz (local.get $s)) (then (call $fail (local.get $id) (local.get $key)) (unreachable)))
  (local.get $s)))` : `(module
 (import "env" "memory" (memory 1))
 (import "vd" "fail" (func $fail (param i32 i32)))
 ;; (class id, method key) -> 0: not registered (trap), 1: no override (run the base), else table slot
 (func (export "lookup") (param $id i32) (param $key i32) (result i32)
  (local $s i32)
  (if (i32.ge_u (local.get $id) (i32.const ${ID_CAP})) (then (call $fail (local.get $id) (local.get $key)) (unreachable)))
  (local.set $s (i32.load offset=${SLOTS} (i32.shl (i32.add (i32.shl (local.get $key) (i32.const 11)) (local.get $id)) (i32.const 2))))
  (if (i32.eqz (local.get $s)) (then (call $fail (local.get $id) (local.get $key)) (unreachable)))
  (local.get $s)))`;
  const mod = binaryen.parseText(wat);
  mod.setFeatures(binaryen.Features.All);
  mod.optimize();
  const bytes = mod.emitBinary();
  const ancestors = new Map(); // id -> Set(ids)
  const fail = (id, key) => {
    const cls = names.classById.get(id) ?? `<unregistered class id ${id}>`;
    throw new Error(`shared-rt: no implementation of ${names.keyName.get(key) ?? `key ${key}`} for class ${cls}`);
  };
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: host.env, vd: { fail } });
  return {
    bytes, ancestors,
    exports: {
      lookup: instance.exports.lookup,
      instanceof(id, target) {
        const a = ancestors.get(id);
        if (!a) throw new Error(`shared-rt: instanceof on unregistered class id ${id}`);
        return a.has(target) ? 1 : 0;
      },
    },
  };
}

function section(module, name) {
  const s = WebAssembly.Module.customSections(module, name);
  return s.length ? JSON.parse(new TextDecoder().decode(s[0])) : null;
}

function register(host, vd, infos, names) {
  const u32 = host.u32();
  const slot = (key, id) => (SLOTS >>> 2) + key * ID_CAP + id;
  const owner = new Map();
  for (const info of infos) {
    for (const c of info.classes) {
      names.classById.set(c.id, c.name);
      const set = new Set(c.ancestors); set.add(c.id);
      const prev = vd.ancestors.get(c.id);
      if (prev && [...prev].sort().join() !== [...set].sort().join()) throw new Error(`layout/hierarchy mismatch for ${c.name}`);
      vd.ancestors.set(c.id, set);
      if (!c.interface && !c.abstract && !owner.has(c.id)) {
        owner.set(c.id, info.plugin);
        if (RT === "owner") new Uint16Array(host.memory.buffer)[(OWNERS >>> 1) + c.id] = info.plugin + 1;
      }
    }
    for (const s of info.stubs) {
      names.keyName.set(s.key, s.method);
      // explicit answers only: a case -> the slot of a stub that has it; "inherits the method" -> 1.
      // Anything not registered stays 0 and the lookup traps, naming class and method.
      if (RT === "owner") { u32[(STUBS >>> 2) + (info.plugin + 1) * KEY_CAP + s.key] = s.slot; continue; }
      for (const id of s.cases) if (!u32[slot(s.key, id)]) u32[slot(s.key, id)] = s.slot;
      for (const id of s.inherit) if (!u32[slot(s.key, id)]) u32[slot(s.key, id)] = 1;
    }
  }
}

function loadPlugins(files, registryFile = "build/registry.json") {
  const host = makeHost();
  const registry = JSON.parse(readFileSync(registryFile, "utf8"));
  const names = { classById: new Map(), keyName: new Map(), classIdByName: new Map(Object.entries(registry.classes)) };
  const vd = makeVd(host, names);
  const mods = files.map((f) => new WebAssembly.Module(readFileSync(f)));
  const infos = mods.map((m) => section(m, "vd.info")).filter(Boolean);
  register(host, vd, infos, names);
  const inst = mods.map((m) => new WebAssembly.Instance(m, { env: host.env, rt: host.rt, vd: vd.exports }).exports);
  return { host, inst, vd };
}

function scenario(host, E) {
  const { dogs, cats, zoo } = E;
  const out = [];
  const step = (label, f) => { try { out.push(label + f()); } catch (e) { out.push(label + "TRAP " + e.message.replace(/ at .*/, "")); } };
  const animals = [dogs.makePuppy(), dogs.makeHusky(), dogs.makeWolf(), dogs.makeSharedDog(), cats.makeCat(), cats.makeLion(), cats.makeFish()];
  for (const a of animals) zoo.keep(a);
  for (const a of animals) step("", () => host.str(zoo.report(a)));
  step("shape: ", () => host.str(zoo.shape(dogs.makeSq())));
  step("greet wolf: ", () => host.str(zoo.greet(animals[2])));
  step("greet cat: ", () => host.str(zoo.greet(animals[4])));
  step("castDog(husky): ", () => host.str(zoo.castDog(animals[1])));
  step("castDog(cat): ", () => host.str(zoo.castDog(animals[4])));
  step("boxGet(IntBox): ", () => zoo.boxGet(dogs.makeIntBox()));
  step("boxTag<string>(IntBox): ", () => host.str(zoo.boxTag(dogs.makeIntBox())));
  step("reportAll lines: ", () => host.str(zoo.reportAll()).split("\n").length - 1);
  return { out: out.join("\n"), animals };
}

// plugins
const P = loadPlugins([`build/dogs.O${O}.wasm`, `build/cats.O${O}.wasm`, `build/zoo.O${O}.wasm`]);
const [dogs, cats, zoo] = P.inst;
const split = scenario(P.host, { dogs, cats, zoo });
// one module
const host1 = makeHost();
const one = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(`build/all.O${O}.wasm`)), { env: host1.env, rt: host1.rt }).exports;
const single = scenario(host1, { dogs: one, cats: one, zoo: one });
// today's plugins (ids only, no dispatch support)
let plain;
{
  const host = makeHost();
  const mods = ["dogs", "cats", "zoo"].map((n) => new WebAssembly.Module(readFileSync(`build/${n}.plain.O${O}.wasm`)));
  const [d, c, z] = mods.map((m) => new WebAssembly.Instance(m, { env: host.env, rt: host.rt }).exports);
  try { plain = scenario(host, { dogs: d, cats: c, zoo: z }).out; } catch (e) { plain = "TRAP: " + e.message; }
}
console.log(`== -O${O} three plugins with dispatch support ==\n${split.out}`);
console.log(`== -O${O} one module ==\n${single.out}`);
{
  const a = split.out.split("\n"), b = single.out.split("\n");
  const diff = a.map((l, i) => (l === b[i] ? null : `   plugins: ${l}\n   one module: ${b[i]}`)).filter(Boolean);
  console.log(`== same as one module (runtime lookup: ${RT}): ${diff.length ? `all but ${diff.length} line(s):\n${diff.join("\n")}` : "identical"}`);
}
console.log(`== -O${O} three plugins today (no dispatch support) ==\n${plain}`);

// failure: a class id nobody registered (forge one) and a key the class does not have
{
  const u32 = P.host.u32();
  const fake = P.host.rt.__new(8, 777);
  u32[fake >>> 2] = 0; // name = null
  try { zoo.speakN(fake, 1); console.log("forged id: returned"); } catch (e) { console.log("forged id 777 ->", e.message); }
}

// an owner built WITHOUT forcing its stubs (VD_NO_OWNER_FORCE=1): its overrides are not registered
try {
  const N = loadPlugins([`build/dogs.noforce.O${O}.wasm`, `build/cats.O${O}.wasm`, `build/zoo.O${O}.wasm`]);
  const [d, , z] = N.inst;
  for (const [label, f] of [["speak", () => N.host.str(z.report(d.makeWolf()))], ["shape", () => N.host.str(z.shape(d.makeSq()))]]) {
    try { console.log(`no owner stubs, ${label}: returned ${f()}`); } catch (e) { console.log(`no owner stubs, ${label}: ${e.message}`); }
  }
} catch (e) { console.log("no-force build missing:", e.message); }

if (BENCH) {
  const N = 5_000_000;
  const I = loadPlugins([`build/dogs.inline.O${O}.wasm`, `build/cats.inline.O${O}.wasm`, `build/zoo.inline.O${O}.wasm`], "build/registry.inline.json");
  const [idogs, icats, izoo] = I.inst;
  const ia = [idogs.makePuppy(), idogs.makeSharedDog(), icats.makeFish(), idogs.makeWolf()];
  const [puppy, husky, wolf, sharedDog, cat, lion, fish] = split.animals;
  const s = single.animals;
  const cases = [
    ["speak", "one module: Dog", () => one.speakN(s[3], N)],
    ["speak", "one module: Puppy", () => one.speakN(s[0], N)],
    ["speak", "one module: Fish (inherits base)", () => one.speakN(s[6], N)],
    ["speak", "plugins, call lookup: shared Dog (known id: case)", () => zoo.speakN(sharedDog, N)],
    ["speak", "plugins, call lookup: Puppy (unknown: lookup + call_indirect)", () => zoo.speakN(puppy, N)],
    ["speak", "plugins, call lookup: Husky (unknown, inherited override)", () => zoo.speakN(husky, N)],
    ["speak", "plugins, call lookup: Fish (unknown, no override: lookup, base)", () => zoo.speakN(fish, N)],
    ["speak", "plugins, inline lookup: shared Dog (known id: case)", () => izoo.speakN(ia[1], N)],
    ["speak", "plugins, inline lookup: Puppy (unknown: load + call_indirect)", () => izoo.speakN(ia[0], N)],
    ["speak", "plugins, inline lookup: Fish (unknown, no override: load, base)", () => izoo.speakN(ia[2], N)],
    ["legs", "one module: Wolf", () => one.legsN(s[2], N)],
    ["legs", "one module: Dog", () => one.legsN(s[3], N)],
    ["legs", "plugins, call lookup: Wolf (unknown)", () => zoo.legsN(wolf, N)],
    ["legs", "plugins, inline lookup: Wolf (unknown)", () => izoo.legsN(ia[3], N)],
    ["legs", "plugins: shared Dog (known)", () => zoo.legsN(sharedDog, N)],
  ];
  if (RT === "owner") for (let i = cases.length - 1; i >= 0; i--) if (cases[i][1].includes("inline")) cases.splice(i, 1);
  const best = cases.map(() => Infinity);
  for (let round = 0; round < 6; round++) {
    cases.forEach(([, , f], i) => {
      const t = process.hrtime.bigint(); f();
      if (round > 0) best[i] = Math.min(best[i], Number(process.hrtime.bigint() - t) / N);
    });
  }
  console.log(`== bench -O${O} (runtime lookup: ${RT}): a loop of N=${N} virtual calls in wasm (speakN: a.speak(), legsN: a.legs); min of 5 rounds after 1 warm-up round ==`);
  cases.forEach(([k, label], i) => console.log(`${k.padEnd(6)} ${label.padEnd(66)} ${best[i].toFixed(2)} ns/iter`));
}
