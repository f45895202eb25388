@external("b", "f") declare function f(x: i32): i32;
export function g(): i32 { return f(1); }
