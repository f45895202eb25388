// A second plugin that also uses Array<i32>, under its own class id.
export function first(a: Array<i32>): i32 { return a.length ? a[0] : -1; }
export function ownId(a: Array<i32>): bool { return load<u32>(changetype<usize>(a) - 8) == idof<Array<i32>>(); }
export function shout(s: string): string { return s.toUpperCase(); }
