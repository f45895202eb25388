export function x(): i32 { return 1; }
