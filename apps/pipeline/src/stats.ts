// Last stage: counts words, sentences and characters of the finished text.

export function run(text: string): Array<i32> {
  let words = 0;
  let sentences = 0;
  let inWord = false;
  for (let i = 0, n = text.length; i < n; ++i) {
    const c = text.charCodeAt(i);
    if (c == 0x2e || c == 0x21 || c == 0x3f) sentences++;
    const letter = c != 0x20 && c != 0x2e && c != 0x21 && c != 0x3f && c != 0x2c;
    if (letter && !inWord) words++;
    inWord = letter;
  }
  return [words, sentences, text.length];
}
