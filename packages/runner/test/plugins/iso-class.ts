import { Foo } from "./iso-foo";
export function makeFoo(): Foo { return new Foo(1); }
