// Plugin 'files': turns host file reads (Promises, seen here as futures) into word counts.
import { Future, then } from "@shared-rt/futures";

@external("host", "readText") declare function readText(name: string): Future<string>;

function countWords(text: string, _context: Object | null): i32 {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c == 32 || c == 10 || c == 13 || c == 9;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** A future of the number of words in `data/<name>`: its poll runs here, wherever it is awaited. */
export function wordCount(name: string): Future<i32> {
  return then<string, i32, Object | null>(readText(name), countWords, null);
}
