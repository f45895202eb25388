// Strings and arrays of strings, made here and handed to other plugins.
export function words(text: string): string[] {
  return text.split(" ").filter((w: string) => w.length > 0);
}

export function shout(word: string): string {
  return word.toUpperCase() + "!";
}

export function joinWith(parts: string[], separator: string): string {
  return parts.join(separator);
}
