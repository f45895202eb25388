@external("b", "missing") declare function m(): void;
export function g(): void { m(); }
