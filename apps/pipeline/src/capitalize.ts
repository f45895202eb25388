// Stage 2: starts every sentence with a capital letter.

@external("host", "observe")
declare function observe(stage: string, input: usize, output: usize): void;

export function run(text: string): string {
  const parts = new Array<string>();
  let sentenceStart = true;
  let from = 0;
  for (let i = 0, n = text.length; i < n; ++i) {
    const c = text.charCodeAt(i);
    if (c == 0x2e || c == 0x21 || c == 0x3f) { // . ! ?
      sentenceStart = true;
    } else if (sentenceStart && c != 0x20) {
      sentenceStart = false;
      const upper = text.charAt(i).toUpperCase();
      if (upper != text.charAt(i)) {
        parts.push(text.substring(from, i));
        parts.push(upper);
        from = i + 1;
      }
    }
  }
  // Nothing to change: hand the input back as it is.
  if (from > 0) parts.push(text.substring(from));
  const result = from == 0 ? text : parts.join("");
  observe("capitalize", changetype<usize>(text), changetype<usize>(result));
  return result;
}
