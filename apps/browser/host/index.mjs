// The project's host module: imports its helper by relative path; `shared-rt build` bundles both
// into public/project/host.mjs, so the built project directory is all a page needs.
import { stars } from "./stars.mjs";

export default () => ({ host: { stars } });
