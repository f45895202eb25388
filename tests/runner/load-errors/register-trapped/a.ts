class Point { constructor(public x: i32) {} }
export function make(): i32 { return new Point(3).x; }
