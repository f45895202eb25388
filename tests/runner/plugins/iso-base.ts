// A shared plugin an isolated one imports from.
export function twice(s: string): string { return s + s; }
