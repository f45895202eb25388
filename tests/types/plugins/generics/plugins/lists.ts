// Makes generic standard types for the others, and uses theirs with its own methods.
import { kindHere } from "../shared/kinds";
import { print } from "../shared/io";

export function names(): Array<string> {
  return ["ada", "grace", "barbara"];
}

export function scores(): Map<string, i32> {
  const m = new Map<string, i32>();
  m.set("ada", 36);
  m.set("grace", 85);
  return m;
}

export function tags(): Set<string> {
  const s = new Set<string>();
  s.add("red");
  s.add("green");
  return s;
}

export function weights(): Float64Array {
  const w = new Float64Array(3);
  w[0] = 0.5;
  w[1] = 1.25;
  w[2] = 2;
  return w;
}

export function grid(): StaticArray<i32> {
  return [1, 2, 3, 4];
}

// Uses a map made elsewhere with this plugin's own copy of Map's methods, and changes it.
export function bump(m: Map<string, i32>, key: string): i32 {
  const next = (m.has(key) ? m.get(key) : 0) + 1;
  m.set(key, next);
  const keys = m.keys();
  let line = "lists sees";
  for (let i = 0; i < keys.length; i++) line += " " + keys[i] + "=" + m.get(keys[i]).toString();
  print(line);
  return next;
}

export function longest(xs: Array<string>): string {
  let best = "";
  for (let i = 0; i < xs.length; i++) if (xs[i].length > best.length) best = xs[i];
  xs.push("(seen by lists)");
  return best;
}

export function union(a: Set<string>, b: Set<string>): Set<string> {
  const out = new Set<string>();
  const av = a.values();
  for (let i = 0; i < av.length; i++) out.add(av[i]);
  const bv = b.values();
  for (let i = 0; i < bv.length; i++) out.add(bv[i]);
  return out;
}

export function kindOf(o: Object): string {
  return kindHere(o);
}
