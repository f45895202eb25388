// Prototype runtime: every entry point is an import from the JS harness (a bump allocator in
// the one shared memory, no collection). Dispatch is what is being tested, not the GC.
// @ts-ignore: decorator
@global @unsafe @external("rt", "__alloc") export declare function __alloc(size: usize): usize;
// @ts-ignore: decorator
@global @unsafe @external("rt", "__realloc") export declare function __realloc(ptr: usize, size: usize): usize;
// @ts-ignore: decorator
@global @unsafe @external("rt", "__free") export declare function __free(ptr: usize): void;
// @ts-ignore: decorator
@global @unsafe @external("rt", "__new") export declare function __new(size: usize, id: u32): usize;
// @ts-ignore: decorator
@global @unsafe @external("rt", "__renew") export declare function __renew(ptr: usize, size: usize): usize;
// @ts-ignore: decorator
@global @unsafe @external("rt", "__link") export declare function __link(parentPtr: usize, childPtr: usize, expectMultiple: bool): void;
// @ts-ignore: decorator
@global @unsafe @external("rt", "__pin") export declare function __pin(ptr: usize): usize;
// @ts-ignore: decorator
@global @unsafe @external("rt", "__unpin") export declare function __unpin(ptr: usize): void;
// @ts-ignore: decorator
@global @unsafe @external("rt", "__collect") export declare function __collect(): void;
// @ts-ignore: decorator
@global @unsafe @external("rt", "__visit") export declare function __visit(ptr: usize, cookie: u32): void;
