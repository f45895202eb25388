@external("a", "fa") declare function fa(): void;
export function fb(): void { fa(); }
