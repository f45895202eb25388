// Differential program: an interface and an abstract class that only the late plugin implements,
// held by a linked plugin as Object (instanceof against the interface must stay a run-time test,
// not be folded to false because no class the linked plugin knows implements it) and by their
// shared types.
import { differentialSuite } from "./differential-suite.js";

differentialSuite("latecomers");
