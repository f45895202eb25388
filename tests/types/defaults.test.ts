// Differential program: optional parameters on an overridden shared method called with and
// without them from another plugin; a generic interface (Source<T>) and a generic abstract
// template-method class (Reducer<T>) implemented in both plugins at two instances; instanceof
// and casts against generic shared classes on another plugin's private subclass.
import { differentialSuite } from "./differential-suite.js";

differentialSuite("defaults");
