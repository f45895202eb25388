// Stage 1: trims the text and collapses every run of whitespace into one space.

@external("host", "observe")
declare function observe(stage: string, input: usize, output: usize): void;

function isSpace(c: i32): bool {
  return c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d || c == 0x0c || c == 0xa0;
}

export function run(text: string): string {
  const parts = new Array<string>();
  let start = -1;
  for (let i = 0, n = text.length; i <= n; ++i) {
    const space = i == n || isSpace(text.charCodeAt(i));
    if (space && start >= 0) {
      parts.push(text.substring(start, i));
      start = -1;
    } else if (!space && start < 0) {
      start = i;
    }
  }
  const out = parts.join(" ");
  observe("normalize", changetype<usize>(text), changetype<usize>(out));
  return out;
}
