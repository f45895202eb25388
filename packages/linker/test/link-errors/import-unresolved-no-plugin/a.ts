@external("b", "f") declare function f(): void;
export function g(): void { f(); }
