// Differential program 3: generic standard types (Array<string>, Map<string, i32>, Set<string>,
// Float64Array, StaticArray<i32>) passed both ways between plugins and used with each side's own
// copy of their methods, Map and Set iteration, and instanceof Array<string> on both sides.
import { differentialSuite } from "./differential-suite.js";

differentialSuite("generics");
