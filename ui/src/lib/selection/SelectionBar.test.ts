// @vitest-environment jsdom
import { fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import { describe, expect, it, vi } from "vitest";
import type { CopyFormat } from "../ipc";
import SelectionBar from "./SelectionBar.svelte";

function setup(format: CopyFormat = "citation") {
  const oncopyas = vi.fn();
  const oncopy = vi.fn();
  const onclear = vi.fn();
  const view = render(SelectionBar, { count: 3, format, oncopyas, oncopy, onclear });
  return { view, oncopyas, oncopy, onclear };
}

describe("SelectionBar", () => {
  it("copies in the default format with the primary button", async () => {
    const { oncopyas } = setup();
    expect(screen.getByTestId("selection-bar").textContent).toContain("3 rows selected");
    const copy = screen.getByTestId("copy-selection");
    expect(copy.textContent).toContain("Citation");
    await fireEvent.click(copy);
    expect(oncopyas).toHaveBeenCalledWith("citation");
  });

  it("offers all six formats in a menu, one click away", async () => {
    const { oncopyas } = setup("translation");
    const menu = screen.getByTestId("copy-menu");
    expect(menu.getAttribute("aria-expanded")).toBe("false");
    await fireEvent.click(menu);
    expect(menu.getAttribute("aria-expanded")).toBe("true");
    const items = screen.getAllByRole("menuitem").map((i) => i.dataset.testid);
    expect(items).toEqual([
      "copy-as-translation",
      "copy-as-original",
      "copy-as-simplified",
      "copy-as-bilingual",
      "copy-as-markdown_table",
      "copy-as-citation",
    ]);
    await fireEvent.click(screen.getByTestId("copy-as-markdown_table"));
    expect(oncopyas).toHaveBeenCalledWith("markdown_table");
    await tick();
    expect(screen.queryByTestId("copy-menu-panel")).toBeNull();
  });

  it("closes the menu on Escape, with the focus back on its button", async () => {
    setup();
    const menu = screen.getByTestId("copy-menu");
    await fireEvent.click(menu);
    await tick();
    await tick();
    expect(document.activeElement?.getAttribute("data-testid")).toBe("copy-as-translation");
    await fireEvent.keyDown(document.activeElement!, { key: "ArrowDown" });
    expect(document.activeElement?.getAttribute("data-testid")).toBe("copy-as-original");
    await fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    expect(screen.queryByTestId("copy-menu-panel")).toBeNull();
    expect(document.activeElement).toBe(menu);
  });

  it("keeps the original + Simplified pair and the clear button", async () => {
    const { oncopy, onclear } = setup();
    await fireEvent.click(screen.getByTestId("copy-selection-both"));
    expect(oncopy).toHaveBeenCalledWith(["original", "simplified"]);
    await fireEvent.click(screen.getByLabelText("Clear selection"));
    expect(onclear).toHaveBeenCalled();
  });
});
