// Differential program: the plugin API as an npm package (deps/pluginkit, seen as node_modules/pluginkit): an abstract
// class and an interface with a class implementing it, extended by private classes of both
// plugins, called across them.
import { differentialSuite } from "./differential-suite.js";

differentialSuite("package");
