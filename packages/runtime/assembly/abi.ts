// The runtime's half of the plugin ABI. Must equal src/abi.ts (a test compares them).

// @ts-ignore: decorator
@inline export const SHARED_ABI_VERSION: u32 = 3;
// @ts-ignore: decorator
@inline export const COMMON_CLASS_IDS: u32 = 4;
// @ts-ignore: decorator
@inline export const FIRST_SHARED_CLASS_ID: u32 = 32;
// @ts-ignore: decorator
@inline export const FIRST_PLUGIN_CLASS_ID: u32 = 2048;

// Results of __shared_register below zero: the host turns them into errors naming the plugin.
// @ts-ignore: decorator
@inline export const REGISTER_ABI_MISMATCH: i32 = -1;
// @ts-ignore: decorator
@inline export const REGISTER_CLASS_RANGE_RESERVED: i32 = -2;
// @ts-ignore: decorator
@inline export const REGISTER_CLASS_RANGE_TAKEN: i32 = -3;
// @ts-ignore: decorator
@inline export const REGISTER_RTTI_MISMATCH: i32 = -4;
// @ts-ignore: decorator
@inline export const REGISTER_SHARED_FLAGS_MISMATCH: i32 = -5;

// Dispatch across plugins (@shared-rt/abi dispatch.ts): the kind of a miss the host names, and
// the ordinal under which "is a" pairs are registered.
// @ts-ignore: decorator
@inline export const DISPATCH_MISS_UNREGISTERED: u32 = 1;
// @ts-ignore: decorator
@inline export const DISPATCH_IS_A: u32 = 0xffffffff;
