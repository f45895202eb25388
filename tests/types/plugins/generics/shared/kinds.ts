// The same instanceof tests, compiled into each plugin that asks.
export function kindHere(o: Object): string {
  if (o instanceof Array<string>) return "Array<string> of " + (o as Array<string>).length.toString();
  if (o instanceof Array<i32>) return "Array<i32> of " + (o as Array<i32>).length.toString();
  if (o instanceof Map<string, i32>) return "Map<string,i32> of " + (o as Map<string, i32>).size.toString();
  if (o instanceof Set<string>) return "Set<string> of " + (o as Set<string>).size.toString();
  if (o instanceof Float64Array) return "Float64Array of " + (o as Float64Array).length.toString();
  return "something else";
}
