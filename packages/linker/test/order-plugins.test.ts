import { describe, expect, it } from "vitest";
import { LinkError, orderPlugins } from "../src/index.js";

const deps = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]));

describe("orderPlugins", () => {
  it("keeps the project file's order when nothing imports from anything", () => {
    expect(orderPlugins(["c", "a", "b"], deps({}))).toEqual(["c", "a", "b"]);
  });

  it("puts every plugin after the plugins it imports from", () => {
    expect(orderPlugins(["a", "b", "c"], deps({ a: ["c"] }))).toEqual(["c", "a", "b"]);
    expect(orderPlugins(["app", "lib", "base"], deps({ app: ["lib"], lib: ["base"] }))).toEqual(["base", "lib", "app"]);
  });

  it("breaks ties by the project file's order, so the result is deterministic", () => {
    // A diamond: both providers come before the importer, in project order.
    expect(orderPlugins(["top", "right", "left", "bottom"], deps({ top: ["left", "right"], left: ["bottom"], right: ["bottom"] }))).toEqual([
      "bottom",
      "right",
      "left",
      "top",
    ]);
  });

  it("ignores dependencies on names that are not plugins", () => {
    expect(orderPlugins(["a"], deps({ a: ["host-thing"] }))).toEqual(["a"]);
  });

  it("names the plugins of a cycle in import order", () => {
    const error = (() => {
      try {
        orderPlugins(["x", "a", "b", "c"], deps({ a: ["b"], b: ["c"], c: ["a"] }));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(LinkError);
    expect(error).toMatchObject({
      code: "DEPENDENCY_CYCLE",
      message: "plugins import from each other in a cycle: a -> b -> c -> a; a plugin can only be instantiated after the plugins it imports from",
    });
  });
});
