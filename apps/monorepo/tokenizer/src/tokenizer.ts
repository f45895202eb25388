/** The words of `text`, lower-cased: runs of letters, digits and apostrophes. */
export function tokenize(text: string): string[] {
  const lower = text.toLowerCase();
  const words = new Array<string>();
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    if (i < lower.length && isWordChar(lower.charCodeAt(i))) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      words.push(lower.substring(start, i));
      start = -1;
    }
  }
  return words;
}

function isWordChar(c: i32): bool {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c == 0x27 || c >= 0xc0;
}
