import { describe, expect, it } from "vitest";
import {
  clearSelection,
  clickRow,
  emptySelection,
  retainExisting,
  selectAll,
  selectedInOrder,
  type Selection,
} from "./selection";

const order = ["a", "b", "c", "d", "e"];

/** Applies clicks in turn, each written as "id", "shift:id", "ctrl:id" or "ctrl+shift:id". */
function clicks(...steps: string[]): Selection {
  return steps.reduce((selection, step) => {
    const [mods, id] = step.includes(":") ? step.split(":") : ["", step];
    return clickRow(selection, order, id, {
      extend: mods.includes("shift"),
      toggle: mods.includes("ctrl"),
    });
  }, emptySelection);
}

const ids = (selection: Selection) => selectedInOrder(selection, order);

describe("clickRow", () => {
  it("a plain click selects only the clicked row and makes it the anchor", () => {
    const selection = clicks("b", "d");
    expect(ids(selection)).toEqual(["d"]);
    expect(selection.anchor).toBe("d");
  });

  it("shift-click selects the range from the anchor down to the clicked row", () => {
    expect(ids(clicks("b", "shift:d"))).toEqual(["b", "c", "d"]);
  });

  it("shift-click above the anchor selects the range upwards", () => {
    expect(ids(clicks("d", "shift:a"))).toEqual(["a", "b", "c", "d"]);
  });

  it("a second shift-click redraws the range around the same anchor", () => {
    const selection = clicks("c", "shift:e", "shift:a");
    expect(ids(selection)).toEqual(["a", "b", "c"]);
    expect(selection.anchor).toBe("c");
  });

  it("shift-click without an anchor selects just the clicked row", () => {
    const selection = clicks("shift:c");
    expect(ids(selection)).toEqual(["c"]);
    expect(selection.anchor).toBe("c");
  });

  it("ctrl-click adds a row without dropping the others", () => {
    expect(ids(clicks("a", "ctrl:c", "ctrl:e"))).toEqual(["a", "c", "e"]);
  });

  it("ctrl-click on a selected row deselects it", () => {
    expect(ids(clicks("a", "ctrl:c", "ctrl:a"))).toEqual(["c"]);
  });

  it("ctrl-click moves the anchor, so the next shift-click ranges from there", () => {
    expect(ids(clicks("a", "ctrl:d", "shift:e"))).toEqual(["d", "e"]);
  });

  it("ctrl+shift-click adds the range to the existing selection", () => {
    expect(ids(clicks("a", "ctrl:c", "ctrl+shift:e"))).toEqual(["a", "c", "d", "e"]);
  });

  it("a click on an id the document does not have changes nothing", () => {
    const before = clicks("b");
    expect(clickRow(before, order, "zzz")).toBe(before);
  });

  it("does not mutate the selection it was given", () => {
    const before = clicks("a");
    clickRow(before, order, "c", { toggle: true });
    expect(ids(before)).toEqual(["a"]);
  });
});

describe("selectAll and clearSelection", () => {
  it("select-all selects every row in document order", () => {
    expect(ids(selectAll(emptySelection, order))).toEqual(order);
  });

  it("select-all keeps an existing anchor", () => {
    expect(selectAll(clicks("c"), order).anchor).toBe("c");
  });

  it("select-all of an empty document selects nothing", () => {
    expect(selectAll(emptySelection, []).ids.size).toBe(0);
  });

  it("clear empties the selection and forgets the anchor", () => {
    const cleared = clearSelection();
    expect(cleared.ids.size).toBe(0);
    expect(cleared.anchor).toBeNull();
  });
});

describe("selectedInOrder", () => {
  it("returns ids in document order, not in click order", () => {
    expect(ids(clicks("e", "ctrl:a", "ctrl:c"))).toEqual(["a", "c", "e"]);
  });
});

describe("retainExisting", () => {
  it("drops ids that are gone and keeps the rest", () => {
    const kept = retainExisting(clicks("a", "ctrl:c"), ["a", "b"]);
    expect([...kept.ids]).toEqual(["a"]);
    expect(kept.anchor).toBeNull();
  });

  it("returns the same object when every id is still there", () => {
    const selection = clicks("a", "ctrl:c");
    expect(retainExisting(selection, order)).toBe(selection);
  });
});
