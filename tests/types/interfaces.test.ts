// Differential program: interfaces extending interfaces, an abstract class implementing one
// with accessors and a template method, private classes implementing them in several ways (one
// in a helper file of the shop's own directory, holding other items); a shared class only the
// garden uses; the late plugin loaded from a directory of its own with a private helper class.
import { differentialSuite } from "./differential-suite.js";

differentialSuite("interfaces");
