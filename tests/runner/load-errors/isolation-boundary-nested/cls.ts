import { Foo } from "./foo";
export function byName(): Map<string, Foo> {
  const m = new Map<string, Foo>();
  m.set("one", new Foo(1));
  return m;
}
