import { Foo } from "./foo";
export function makeFoo(): Foo { return new Foo(1); }
