import { Foo } from "./iso-foo";
@external("cls", "makeFoo") declare function makeFoo(): Foo;
export function x(): i32 { return makeFoo().x; }
