// Differential program: a private subclass of a standard class (Names extends Array<string>)
// handed to another plugin, which uses it with its own Array methods and tests instanceof
// Array<string> on it (the runtime must know the standard ancestor of a private class), and
// Array<Animal>.join in one plugin calling another plugin's toString overrides.
import { differentialSuite } from "./differential-suite.js";

differentialSuite("stdlib");
