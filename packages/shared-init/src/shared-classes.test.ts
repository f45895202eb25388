import { describe, expect, it } from "vitest";
import { memberName } from "./method-ordinals.js";
import { privateFiles } from "./assign-class-ids.js";
import { isDispatchedFile } from "./shared-classes.js";

describe("which user files are shared", () => {
  const entries = ["plugins/dogs/index.ts"];
  const isSharedFile = (file: string, _entries: unknown, dirs: string[]) => isDispatchedFile(file, privateFiles(entries, dirs));
  it("is every user and package file but the entry and the private directories; never the standard library", () => {
    expect(isSharedFile("shared/animals", entries, [])).toBe(true);
    expect(isSharedFile("plugins/dogs/index", entries, [])).toBe(false);
    expect(isSharedFile("plugins/dogs/puppy", entries, ["plugins/dogs"])).toBe(false);
    expect(isSharedFile("plugins/dogs/puppy", entries, ["plugins/dogs/"])).toBe(false);
    expect(isSharedFile("plugins/dogsitter/x", entries, ["plugins/dogs"])).toBe(true);
    expect(isSharedFile("~lib/array", entries, [])).toBe(false);
    expect(isSharedFile("~lib/map", entries, [])).toBe(false);
    expect(isSharedFile("~lib/some-package/assembly/api", entries, [])).toBe(true);
    expect(isSharedFile("~shared-init/hooks", entries, [])).toBe(false);
  });
});

describe("the member name of a method", () => {
  const cls = { internalName: "shared/animals/Box<i32>" } as never;
  it("drops the class and a generic method's type arguments", () => {
    expect(memberName("shared/animals/Box<i32>#get:legs", cls)).toBe("get:legs");
    expect(memberName("shared/animals/Box<i32>#tag<~lib/string/String>", cls)).toBe("tag");
  });
});
