// Differential program 1: functions, strings, arrays, a typed array and a Map across four
// plugins. It works today: it proves the harness (see differential-suite.ts).
import { differentialSuite } from "./differential-suite.js";

differentialSuite("basics");
