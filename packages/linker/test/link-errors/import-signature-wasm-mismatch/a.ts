@external("b", "f") declare function f(x: f64): void;
export function g(): void { f(1); }
