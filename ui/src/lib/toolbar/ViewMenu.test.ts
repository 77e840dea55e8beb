// @vitest-environment jsdom
import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { DEFAULT_PREFS, setColumnVisible } from "../prefs/prefs";
import ViewMenu from "./ViewMenu.svelte";

function setup(prefs = DEFAULT_PREFS, resolved: "columns" | "interleaved" = "interleaved") {
  const handlers = {
    onlayout: vi.fn(),
    ontoggle: vi.fn(),
    onmove: vi.fn(),
    ontheme: vi.fn(),
    onfontsize: vi.fn(),
  };
  render(ViewMenu, { prefs, resolved, ...handlers });
  return handlers;
}

describe("ViewMenu", () => {
  it("names the layout in use, including what auto chose", () => {
    setup();
    expect(screen.getByTestId("layout-current").textContent).toBe("Auto · Interleaved");
  });

  it("picks a layout and a theme", async () => {
    const h = setup();
    await fireEvent.click(screen.getByTestId("view-menu"));
    expect(screen.getByTestId("layout-auto").getAttribute("aria-checked")).toBe("true");
    await fireEvent.click(screen.getByTestId("layout-columns"));
    expect(h.onlayout).toHaveBeenCalledWith("columns");
    await fireEvent.click(screen.getByTestId("theme-dark"));
    expect(h.ontheme).toHaveBeenCalledWith("dark");
    await fireEvent.click(screen.getByTestId("font-larger"));
    expect(h.onfontsize).toHaveBeenCalledWith(18);
  });

  it("drops the button's tooltip while its menu is open, so the tooltip never covers the menu", async () => {
    setup();
    const button = screen.getByTestId("view-menu");
    expect(button.getAttribute("title")).toBeTruthy();
    await fireEvent.click(button);
    expect(screen.getByTestId("layout-auto")).toBeTruthy();
    expect(button.hasAttribute("title")).toBe(false);
    await fireEvent.keyDown(screen.getByTestId("layout-auto"), { key: "Escape" });
    expect(button.getAttribute("title")).toBeTruthy();
  });

  it("shows, hides and reorders columns, never hiding the last one", async () => {
    const h = setup(setColumnVisible(setColumnVisible(DEFAULT_PREFS, "original", false), "simplified", false));
    await fireEvent.click(screen.getByTestId("view-menu"));
    const translation = screen.getByTestId<HTMLInputElement>("column-visible-translation");
    expect(translation.checked).toBe(true);
    expect(translation.disabled).toBe(true);
    await fireEvent.click(screen.getByTestId("column-visible-original"));
    expect(h.ontoggle).toHaveBeenCalledWith("original", true);
    expect(screen.getByTestId<HTMLButtonElement>("column-left-original").disabled).toBe(true);
    await fireEvent.click(screen.getByTestId("column-right-original"));
    expect(h.onmove).toHaveBeenCalledWith("original", 1);
  });
});
