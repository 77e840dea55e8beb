// @vitest-environment jsdom
// The shortcut list shows the action table: every action's name beside its keys.
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { ACTIONS } from "../actions/actions";
import { keyText } from "../actions/shortcuts";
import { t } from "../i18n/i18n.svelte";
import HelpDialog from "./HelpDialog.svelte";

describe("HelpDialog", () => {
  it("lists each action of the table with its keys", () => {
    render(HelpDialog, { onclose: () => {} });
    const dialog = screen.getByTestId("help-dialog");
    for (const spec of ACTIONS) {
      const cell = within(dialog).getAllByText(t(spec.label), { selector: "td" })[0];
      const keys = [...cell.closest("tr")!.querySelectorAll("kbd")].map((k) => k.textContent);
      for (const shortcut of spec.keys) if (!shortcut.unlisted) expect(keys, spec.id).toContain(keyText(shortcut));
    }
    expect(dialog.querySelectorAll("tbody tr").length).toBeGreaterThan(20);
  });

  it("closes with Escape, F1 or ?", async () => {
    const onclose = vi.fn();
    render(HelpDialog, { onclose });
    const dialog = screen.getByTestId("help-dialog");
    await fireEvent.keyDown(dialog, { key: "Escape" });
    await fireEvent.keyDown(dialog, { key: "F1" });
    await fireEvent.keyDown(dialog, { key: "?" });
    await fireEvent.keyDown(dialog, { key: "j" });
    expect(onclose).toHaveBeenCalledTimes(3);
  });
});
