export function explode(s: string): string {
  const t = s + "!";
  if (t.length > 0) unreachable();
  return t;
}
