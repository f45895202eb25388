// Strings and arrays made here and handed to the other plugins.
export function words(text: string): string[] {
  return text.split(" ").filter((w: string) => w.length > 0);
}

export function title(word: string): string {
  return word.charAt(0).toUpperCase() + word.substring(1).toLowerCase();
}

export function codes(word: string): Array<i32> {
  const out = new Array<i32>();
  for (let i = 0; i < word.length; i++) out.push(word.charCodeAt(i));
  return out;
}

export function joinAll(parts: string[], separator: string): string {
  return parts.join(separator);
}
