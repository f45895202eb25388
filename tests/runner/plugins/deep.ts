// A recursion that allocates at every level (issue 10, item 5): deep enough, it runs out of
// the shared shadow stack, or of the engine's own stack inside the allocator.
function deep(n: i32): string {
  if (n == 0) return "";
  const s = "x" + n.toString();
  return deep(n - 1) + s.substring(0, 0);
}

export function run(n: i32): i32 {
  return deep(n).length;
}

export function greet(name: string): string {
  return "hello, " + name;
}
