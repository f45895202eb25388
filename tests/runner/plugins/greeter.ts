// Exports whose trailing parameters have defaults (issue 10, item 2).
export function greet(name: string, punct: string = "!"): string {
  return "hello, " + name + punct;
}

export function scale(x: f64, by: f64 = 2, offset: i64 = 10): f64 {
  return x * by + <f64>offset;
}

export function words(text: string, separator: string = " ", limit: i32 = -1): Array<string> {
  const parts = text.split(separator);
  return limit < 0 ? parts : parts.slice(0, limit);
}
