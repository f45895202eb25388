// The tokenizer is another plugin package: this import is type-checked against its declaration
// module and becomes a call into the tokenizer plugin at link time.
import { tokenize } from "@shared-rt-example/tokenizer";

/** How often each word of `text` occurs. */
export function countWords(text: string): Map<string, i32> {
  const counts = new Map<string, i32>();
  const words = tokenize(text);
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    counts.set(word, counts.has(word) ? counts.get(word) + 1 : 1);
  }
  return counts;
}

/** The number of words in `text`. */
export function totalWords(text: string): i32 {
  return tokenize(text).length;
}
