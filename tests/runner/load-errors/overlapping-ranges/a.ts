export function a(): string { return "a"; }
