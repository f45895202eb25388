@external("b", "x") declare const x: i32;
export function g(): i32 { return x; }
