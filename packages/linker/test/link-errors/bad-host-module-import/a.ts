@external("host", "twice") declare function twice(x: i32): i32;
export function g(x: i32): i32 { return twice(x); }
