export function twice(s: string): string { return s + s; }
