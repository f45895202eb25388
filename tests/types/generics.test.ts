// Differential program 3: generic standard types (Array<string>, Map<string, i32>, Set<string>,
// Float64Array, StaticArray<i32>) passed both ways between plugins and used with each side's own
// copy of their methods, Map and Set iteration, and instanceof Array<string> on both sides.
import { differentialSuite } from "./differential-suite.js";

// PENDING until branch shared-ids lands (issue 12). Methods, iteration and mutation agree
// today (the layouts are the same); what differs is instanceof: each plugin gives
// Array<string>, Map<string,i32>, … an id of its own, so an instance made by another plugin is
// 'something else' (first at line 14, the late plugin's test of an array from lists).
differentialSuite("generics", { until: "shared-ids", agreesFor: 14, differsAt: 14 });
