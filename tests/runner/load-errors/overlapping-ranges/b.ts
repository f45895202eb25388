export function b(): string { return "b"; }
