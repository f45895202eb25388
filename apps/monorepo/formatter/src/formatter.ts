/** One row of the table: the word padded to `width`, its count, and a bar as long as the count. */
export function formatRow(word: string, count: i32, width: i32): string {
  return word.padEnd(width, " ") + " " + count.toString().padStart(3, " ") + " " + "#".repeat(count);
}

/** The table's last line. */
export function formatTotal(words: i32, distinct: i32): string {
  return words.toString() + " words, " + distinct.toString() + " distinct";
}

// edited by turbo-rebuild.test.ts, 36c927c9-1455-42ae-aec6-0477397369f4
