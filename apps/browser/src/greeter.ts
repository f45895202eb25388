// Greets through another plugin (words.count) and the page's host module (host.stars).
@external("words", "count")
declare function count(text: string): i32;

@external("host", "stars")
declare function stars(n: i32): i32;

export function greet(name: string): string {
  const n = count(name);
  return "hello, " + name + " (" + n.toString() + " words, " + stars(n).toString() + " stars)";
}
