// Differential program: optional parameters on an overridden shared method called with and
// without them from another plugin; a generic interface (Source<T>) and a generic abstract
// template-method class (Reducer<T>) implemented in both plugins at two instances; instanceof
// and casts against generic shared classes on another plugin's private subclass; every wasm
// value type through overridden methods, and shared subclasses only one plugin makes.
import { differentialSuite } from "./differential-suite.js";

differentialSuite("defaults");
