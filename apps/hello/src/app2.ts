// The "extension": exports a function that takes and returns strings.

@external("host", "log")
declare function log(plugin: string, address: usize, length: i32, value: string): void;

export function concat(a: string): string {
  const b = "B";
  log("app2", changetype<usize>(b), b.length, b);
  const ab = a + b;
  log("app2", changetype<usize>(ab), ab.length, ab);
  return ab;
}
