// Differential program: shared generic user classes (Box<T>, Pair<A,B>) with private
// subclasses of one instance (IntBox extends Box<i32>), super calls in overrides, a shared
// three-level chain with private leaves, a constructor calling a virtual method, and static
// methods of a shared class, operator overloads, an abstract getter, a fluent `this` method;
// the late plugin adds its own subclasses at run time.
import { differentialSuite } from "./differential-suite.js";

differentialSuite("boxes");
