// Differential program: a plugin registry in the layout a plugin system has, each plugin in a
// directory of its own (its helper files private to it) and the API in api/: an interface and
// an abstract base with a template method, implemented in three plugins (birds loaded at run
// time in the relocatable variant); the registry holds them in an Array and a Map.
import { differentialSuite } from "./differential-suite.js";

differentialSuite("registry");
