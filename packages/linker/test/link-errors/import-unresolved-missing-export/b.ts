export function present(): void {}
