// Splits text into words: an array of strings made on the shared heap.
export function split(text: string): string[] {
  const words: string[] = [];
  const parts = text.split(" ");
  for (let i = 0; i < parts.length; i++) {
    if (parts[i].length > 0) words.push(parts[i]);
  }
  return words;
}

export function count(text: string): i32 {
  return split(text).length;
}
