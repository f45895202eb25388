@external("b", "fb") declare function fb(): void;
export function fa(): void { fb(); }
