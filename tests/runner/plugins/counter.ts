// A second plugin receiving maps and sets, with class ids of its own. Used by runner/map-set.test.ts.
export function total(m: Map<string, i32>): i32 {
  const values = m.values();
  let s = 0;
  for (let i = 0; i < values.length; ++i) s += values[i];
  return s;
}
export function count(s: Set<string>): i32 { return s.size; }
export function ownId(m: Map<string, i32>): bool { return load<u32>(changetype<usize>(m) - 8) == idof<Map<string, i32>>(); }
