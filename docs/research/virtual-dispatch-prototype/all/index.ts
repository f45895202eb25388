// The same program as ONE ordinary module (the reference output).
export { makePuppy, makeHusky, makeWolf, makeSharedDog, makeSq, makeIntBox } from "../dogs/index";
export { makeCat, makeLion, makeFish } from "../cats/index";
export { keep, report, reportAll, shape, greet, castDog, speakN, legsN, boxGet, boxTag } from "../zoo/index";
