import { describe, expect, it } from "vitest";
import { DISPATCH_INHERITS, DISPATCH_IS_A, dispatchRegistrations, relocateDispatch, type DispatchLayout } from "./dispatch.js";

const layout: DispatchLayout = {
  stubs: [
    { method: "a/Animal#speak", declaring: 40, ordinal: 0, slot: 9, cases: [50, 51], inherits: [40] },
    { method: "a/Box<i32>#tag<i32>", declaring: 42, cases: [52], inherits: [] },
  ],
  isA: { "50": [40, 50], "51": [40] },
};

describe("dispatch registrations", () => {
  it("are the ancestors, then each case and inheriting class of each keyed stub; generic stubs register nothing", () => {
    expect(dispatchRegistrations(layout)).toEqual([
      [50, 40, DISPATCH_IS_A, 1],
      [50, 50, DISPATCH_IS_A, 1],
      [51, 40, DISPATCH_IS_A, 1],
      [50, 40, 0, 9],
      [51, 40, 0, 9],
      [40, 40, 0, DISPATCH_INHERITS],
    ]);
  });

  it("move with the plugin's class ids and table slots, ordinals staying", () => {
    const moved = relocateDispatch(
      layout,
      (id) => (id >= 50 ? id + 1000 : id),
      (slot) => slot + 100,
    );
    expect(moved.stubs[0]).toEqual({ method: "a/Animal#speak", declaring: 40, ordinal: 0, slot: 109, cases: [1050, 1051], inherits: [40] });
    expect(moved.stubs[1].slot).toBeUndefined();
    expect(moved.isA).toEqual({ "1050": [40, 1050], "1051": [40] });
  });
});
