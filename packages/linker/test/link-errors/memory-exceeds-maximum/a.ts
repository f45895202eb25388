export function f(): void {}
