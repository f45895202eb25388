// Differential program: function references stored in shared objects (Handler, Button) and
// called from another plugin, including the late one's; an Animal[] of private subclasses
// sorted with comparators that call virtual methods (shared, from the farm, and local);
// toString overrides in concatenation and template literals; nullable links with instanceof, !.
import { differentialSuite } from "./differential-suite.js";

differentialSuite("callbacks");
