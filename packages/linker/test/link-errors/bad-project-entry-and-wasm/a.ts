export function f(): i32 { return 1; }
