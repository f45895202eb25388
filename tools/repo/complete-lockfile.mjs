#!/usr/bin/env node
// Adds lock entries for turbo's platform binaries that the registry this repository is
// developed against does not serve (it carries only the linux builds). Without them
// `npm ci` refuses the lock ("Missing: @turbo/darwin-64@ from lock file"). The entries are
// optional and os/cpu-restricted, so npm never fetches them on a platform they do not match,
// and a registry that does serve them resolves them as usual. Run after `npm install` has
// rewritten package-lock.json: node tools/repo/complete-lockfile.mjs
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(file, "utf8"));
const turbo = lock.packages["node_modules/turbo"];
if (!turbo) throw new Error("package-lock.json has no node_modules/turbo");

const PLATFORMS = {
  "@turbo/darwin-64": { os: ["darwin"], cpu: ["x64"] },
  "@turbo/darwin-arm64": { os: ["darwin"], cpu: ["arm64"] },
  "@turbo/linux-64": { os: ["linux"], cpu: ["x64"] },
  "@turbo/linux-arm64": { os: ["linux"], cpu: ["arm64"] },
  "@turbo/windows-64": { os: ["win32"], cpu: ["x64"] },
  "@turbo/windows-arm64": { os: ["win32"], cpu: ["arm64"] },
};

let added = 0;
for (const [name, version] of Object.entries(turbo.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const platform = PLATFORMS[name];
  if (!platform) throw new Error(`unknown turbo platform package ${name}`);
  lock.packages[key] = { version, cpu: platform.cpu, dev: true, license: "MIT", optional: true, os: platform.os };
  ++added;
}
const entries = Object.entries(lock.packages);
lock.packages = Object.fromEntries([entries.find(([k]) => k === ""), ...entries.filter(([k]) => k !== "").sort(([a], [b]) => (a < b ? -1 : 1))]);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} entr${added === 1 ? "y" : "ies"}`);
