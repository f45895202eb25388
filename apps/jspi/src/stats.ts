// Plugin 'stats': counts what another plugin read (plain synchronous code).
export function countWords(text: string): i32 {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text.charCodeAt(i);
    const space = c == 32 || c == 10 || c == 13 || c == 9;
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

export function longest(words: Array<string>): string {
  let best = "";
  for (let i = 0; i < words.length; ++i) if (words[i].length > best.length) best = words[i];
  return best;
}
