// The "main" app: calls into app2 with a string constant and gets a string back. Both apps
// print the address of what they see: the same address means the same bytes.

@external("host", "log")
declare function log(plugin: string, address: usize, length: i32, value: string): void;

@external("app2", "concat")
declare function concat(a: string): string;

export function main(): void {
  const a = "A";
  log("app1", changetype<usize>(a), a.length, a);
  const ab = concat(a);
  log("app1", changetype<usize>(ab), ab.length, ab);
}
