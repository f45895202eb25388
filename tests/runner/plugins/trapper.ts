// Fails in every way a call can fail, after allocating and with frames on the shadow stack.
@external("host", "refuse") declare function refuse(s: string): void;
@external("helper", "explode") declare function explode(s: string): string;

function recurse(s: string, depth: i32): i32 {
  const t = depth & 1 ? s : s.slice(1);
  return recurse(t, depth + 1) + t.length;
}

export function work(s: string, a: Array<i32>, mode: i32): i32 {
  const parts = new Array<string>();
  for (let i = 0; i < a.length; ++i) parts.push(s + a[i].toString());
  const joined = parts.join(",");
  if (mode == 0) unreachable();
  if (mode == 1) assert(false, "asserted");
  if (mode == 2) return a[a.length + 5];
  if (mode == 3) refuse(joined);
  if (mode == 4) return explode(joined).length;
  if (mode == 5) return recurse(joined, 0);
  return joined.length;
}
