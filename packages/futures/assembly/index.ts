export { CANCELLED, FAILED, FutureBase, Future, PENDING, READY, Waker, failed, ready } from "./future";
export { All, Race, Then, all, race, then } from "./combinators";
