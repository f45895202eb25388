#!/usr/bin/env node
// Assembles site/, the fetch page as one deploys it without a bundler: the page, the built
// project (public/project, copied as it is) and, under vendor/, the runner's browser build and
// the packages it imports, which the page's import map names. Any static file server serves it.
import { cp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const app = path.dirname(fileURLToPath(import.meta.url));
const site = path.join(app, "site");
const runner = path.dirname(createRequire(import.meta.url).resolve("@shared-rt/runner/package.json"));
// The runner's dependencies, resolved as the runner resolves them.
const fromRunner = createRequire(path.join(runner, "package.json"));
const abi = path.dirname(fromRunner.resolve("@shared-rt/abi/package.json"));
const nobleHashes = path.dirname(fromRunner.resolve("@noble/hashes/sha2.js"));

/** Directories and JavaScript files only: no types, maps or package metadata. */
const scriptsOnly = (/** @type {string} */ file) => !path.extname(file) || file.endsWith(".js");

await rm(site, { recursive: true, force: true });
await cp(path.join(app, "page"), site, { recursive: true });
// The build's cache stays behind: it is for the next build, not for the page.
await cp(path.join(app, "public", "project"), path.join(site, "project"), { recursive: true, filter: (file) => !file.endsWith(".build-cache.json") });
await cp(path.join(runner, "dist"), path.join(site, "vendor", "runner"), { recursive: true, filter: scriptsOnly });
await cp(path.join(abi, "dist"), path.join(site, "vendor", "abi"), { recursive: true, filter: scriptsOnly });
await cp(nobleHashes, path.join(site, "vendor", "noble-hashes"), { recursive: true, filter: scriptsOnly });
