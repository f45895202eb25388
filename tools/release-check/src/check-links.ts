import type { PackageJson } from "./workspace.js";

/**
 * Where a package's registry page links to: its repository (with the package's directory), its
 * README on the web and the issue tracker. The root package.json holds the repository URL once;
 * every published package must agree with it, so the links move together.
 */
export interface RepositoryLinks {
  /** `git+https://host/owner/name.git`, as npm normalizes it. */
  url: string;
}

/** `https://host/owner/name` for `git+https://host/owner/name.git`, or null if it is not one. */
export function webUrl(url: string): string | null {
  const match = /^git\+(https:\/\/[^\s]+?)\.git$/.exec(url);
  return match ? match[1] : null;
}

/** The repository links of the root package.json; a problem when it has none. */
export function rootLinks(root: PackageJson): RepositoryLinks | string {
  const repo = root.repository;
  const url = typeof repo === "object" && repo !== null ? repo.url : undefined;
  if (!url || !webUrl(url)) return `package.json (root): repository.url is ${JSON.stringify(url)}, expected "git+https://…/<owner>/<name>.git"`;
  return { url };
}

/** `repository`, `homepage` and `bugs` of a published package, checked against the root's. */
export function checkLinks(pkg: PackageJson, relDir: string, links: RepositoryLinks): string[] {
  const problems: string[] = [];
  const web = webUrl(links.url);
  const repo = pkg.repository;
  const expected = { type: "git", url: links.url, directory: relDir };
  if (typeof repo !== "object" || repo === null || repo.type !== "git" || repo.url !== links.url || repo.directory !== relDir) {
    problems.push(`package.json: repository is ${JSON.stringify(repo)}, expected ${JSON.stringify(expected)}`);
  }
  const homepage = `${web}/tree/main/${relDir}#readme`;
  if (pkg.homepage !== homepage) problems.push(`package.json: homepage is ${JSON.stringify(pkg.homepage)}, expected "${homepage}"`);
  const bugs = typeof pkg.bugs === "string" ? pkg.bugs : pkg.bugs?.url;
  if (bugs !== `${web}/issues`) problems.push(`package.json: bugs is ${JSON.stringify(pkg.bugs)}, expected { "url": "${web}/issues" }`);
  return problems;
}
