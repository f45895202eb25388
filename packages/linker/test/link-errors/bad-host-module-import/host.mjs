// Its helper file was never written: the build names the import that does not resolve.
import { twice } from "./lib/twice.mjs";

export default { host: { twice } };
