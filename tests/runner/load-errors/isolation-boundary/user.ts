import { Foo } from "./foo";
@external("cls", "makeFoo") declare function makeFoo(): Foo;
export function x(): i32 { return makeFoo().x; }
