import { Foo } from "./foo";
@external("cls", "byName") declare function byName(): Map<string, Foo>;
export function x(): i32 { return byName().get("one").x; }
