// Differential program 2, the class hierarchy over three plugins: Animal, Greeter,
// Shape and the shared Dog in plugins/hierarchy/shared; private subclasses in dogs (two levels
// below Dog) and cats (loaded at run time in the relocatable variant); zoo calls them through
// the base types, owns the Map<string, Animal>, and the harness collects between steps.
import { differentialSuite } from "./differential-suite.js";

differentialSuite("hierarchy");
