import { FIRST_PLUGIN_CLASS_ID, FIRST_SHARED_CLASS_ID, STRING_ID } from "@shared-rt/abi";
import { describe, expect, it } from "vitest";
import { parseType, type RefType } from "../src/as-types.js";
import { ClassTable } from "../src/class-table.js";

const ref = (text: string) => parseType(text) as RefType;
const base = FIRST_PLUGIN_CLASS_ID;
const shared = FIRST_SHARED_CLASS_ID;

// zoo's animals are shared classes (shared/animals), Array<i32> too; park's Robin is private.
function table(): ClassTable {
  const classes = new ClassTable();
  classes.add("zoo", ["animals/Animal", "animals/Bird", "~lib/array/Array<i32>", "zoo/Keeper"], [shared, shared + 1, shared + 2, base], {
    makeBird: { bases: { Bird: ["Animal"] } },
  });
  classes.add("park", ["~lib/array/Array<i32>", "park/Robin"], [shared + 2, base + 10], undefined, { classes: { bases: { Robin: ["Bird"] } } });
  return classes;
}

describe("ClassTable", () => {
  it("knows the common classes in every plugin", () => {
    const classes = table();
    expect(classes.idOf("~lib/string/String")).toEqual({ id: STRING_ID, plugin: "runtime" });
    expect(classes.idOf("~lib/string/String", "zoo")).toEqual({ id: STRING_ID, plugin: "zoo" });
    expect(classes.owner(STRING_ID)).toEqual({ plugin: "runtime", name: "~lib/string/String" });
  });

  it("gives a shared class its one id in every plugin, and any plugin's id to a plugin without it", () => {
    const classes = table();
    expect(classes.idOf("~lib/array/Array<i32>", "park")).toEqual({ id: shared + 2, plugin: "park" });
    expect(classes.idOf("~lib/array/Array<i32>", "zoo")).toEqual({ id: shared + 2, plugin: "zoo" });
    expect(classes.idOf("~lib/array/Array<i32>")).toEqual({ id: shared + 2, plugin: "zoo" });
    expect(classes.idOf("animals/Bird", "park")).toEqual({ id: shared + 1, plugin: "zoo" });
    expect(classes.idOf("~lib/array/Array<f64>")).toBeUndefined();
  });

  it("names the owner of every id (the first registrant of a shared one), and none for the runtime's own", () => {
    const classes = table();
    expect(classes.owner(base + 10)).toEqual({ plugin: "park", name: "park/Robin" });
    expect(classes.owner(base)).toEqual({ plugin: "zoo", name: "zoo/Keeper" });
    expect(classes.owner(shared + 2)).toEqual({ plugin: "zoo", name: "~lib/array/Array<i32>" });
    expect(classes.owner(shared - 1)).toEqual({ plugin: "runtime", name: undefined });
    expect(classes.owner(shared + 3)).toEqual({ plugin: "runtime", name: undefined });
    expect(classes.owner(base + 1)).toEqual({ plugin: "runtime", name: undefined });
  });

  it("accepts a subclass where its recorded base is declared", () => {
    const classes = table();
    expect(classes.accepts("animals/Bird", "zoo", ref("Bird"))).toBe(true);
    expect(classes.accepts("animals/Bird", "zoo", ref("Animal"))).toBe(true);
    expect(classes.accepts("animals/Animal", "zoo", ref("Bird"))).toBe(false);
    // What park recorded is park's: zoo's Bird is not known there to be an Animal.
    expect(classes.derives("animals/Bird", "Animal", "park")).toBe(false);
    expect(classes.derives("park/Robin", "Bird")).toBe(true);
    expect(classes.accepts("~lib/string/String", "runtime", ref("string"))).toBe(true);
    expect(classes.accepts("~lib/string/String", "runtime", ref("Animal"))).toBe(false);
  });

  it("takes a handle's own type as settled: a Robin owned as a Bird is an Animal", () => {
    const classes = table();
    expect(classes.accepts("park/Robin", "park", ref("Animal"))).toBe(false);
    expect(classes.accepts("park/Robin", "park", ref("Animal"), parseType("Bird"))).toBe(true);
    expect(classes.accepts("park/Robin", "park", ref("Animal"), parseType("Animal"))).toBe(true);
  });
});
