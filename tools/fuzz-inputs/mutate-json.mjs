// JSON-aware mutations of a manifest or project file: a field deleted, retyped, a number
// perturbed, a string replaced by a path that escapes, array entries swapped or duplicated.

/** Every [parent, key, path] below `root` (objects and arrays), in document order. */
function slots(root) {
  const out = [];
  const walk = (value, path) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        out.push([value, i, `${path}[${i}]`]);
        walk(v, `${path}[${i}]`);
      });
    } else if (value && typeof value === "object") {
      for (const key of Object.keys(value)) {
        const at = path ? `${path}.${key}` : key;
        out.push([value, key, at]);
        walk(value[key], at);
      }
    }
  };
  walk(root, "");
  return out;
}

const HUGE = [2 ** 31, 2 ** 32, 2 ** 53, 1e300, -(2 ** 31)];
const STRINGS = ["", "x", "NaN", "12", "-1", "../escape.wasm", "/etc/passwd", "https://example.com/x.wasm", "plugin:", "plugin:nobody", "host", "a\\b"];

function perturbNumber(rng, n) {
  const ops = [
    ["+1", () => n + 1],
    ["-1", () => n - 1],
    ["x2", () => n * 2],
    ["0", () => 0],
    ["=-1", () => -1],
    ["huge", () => rng.pick(HUGE)],
    ["fraction", () => n + 0.5],
    ["NaN-like string", () => rng.pick(["NaN", "Infinity", String(n)])],
  ];
  const [name, op] = rng.pick(ops);
  return [name, op()];
}

function otherType(rng, value) {
  const kinds = [
    ["number", () => rng.pick([0, 1, 7, 1024, -3])],
    ["string", () => rng.pick(STRINGS)],
    ["null", () => null],
    ["array", () => (rng.chance(0.5) ? [] : [value])],
    ["object", () => (rng.chance(0.5) ? {} : { value })],
    ["bool", () => rng.chance(0.5)],
  ];
  const current = value === null ? "null" : Array.isArray(value) ? "array" : typeof value === "boolean" ? "bool" : typeof value;
  const [name, make] = rng.pick(kinds.filter(([k]) => k !== current));
  return [name, make()];
}

/** The mutations that apply to a slot, each [name, apply]. */
function candidates(rng, parent, key) {
  const value = parent[key];
  const list = [
    ["delete", () => (Array.isArray(parent) ? parent.splice(key, 1) : delete parent[key])],
    [
      "retype",
      () => {
        const [name, v] = otherType(rng, value);
        parent[key] = v;
        return name;
      },
    ],
  ];
  if (typeof value === "number") {
    list.push([
      "perturb",
      () => {
        const [name, v] = perturbNumber(rng, value);
        parent[key] = v;
        return name;
      },
    ]);
  }
  if (typeof value === "string") {
    list.push([
      "restring",
      () => {
        parent[key] = rng.pick(STRINGS);
        return JSON.stringify(parent[key]);
      },
    ]);
  }
  if (Array.isArray(value) && value.length > 1) {
    list.push([
      "swap",
      () => {
        const i = rng.int(value.length);
        const j = (i + 1 + rng.int(value.length - 1)) % value.length;
        [value[i], value[j]] = [value[j], value[i]];
        return `${i}<->${j}`;
      },
    ]);
  }
  if (Array.isArray(value) && value.length > 0) {
    list.push([
      "duplicate",
      () => {
        const i = rng.int(value.length);
        value.splice(i, 0, structuredClone(value[i]));
        return `${i}`;
      },
    ]);
  }
  return list;
}

/**
 * Mutates the JSON text `text` once (sometimes twice); returns the new text and what was done
 * (`plugins[1].memory.base: perturb x2`).
 */
export function mutateJson(rng, text) {
  const root = JSON.parse(text);
  const done = [];
  const times = rng.chance(0.15) ? 2 : 1;
  for (let t = 0; t < times; ++t) {
    const all = slots(root);
    if (all.length === 0) break;
    const [parent, key, path] = rng.pick(all);
    const [name, apply] = rng.pick(candidates(rng, parent, key));
    const detail = apply();
    done.push(`${path}: ${name}${typeof detail === "string" ? ` ${detail}` : ""}`);
  }
  return { text: JSON.stringify(root, null, 2), description: done.join("; ") };
}
