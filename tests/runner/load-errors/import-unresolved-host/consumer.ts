@external("host", "record") declare function record(s: string): void;
export function echo(s: string): void { record(s); }
