export function f(x: i32): void {}
