// @vitest-environment jsdom
// The one modal dialog: focus in and back out, Tab kept inside, Escape closing unless a control
// inside used it, and keys kept from the window.
import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import ModalHarness from "../testing/ModalHarness.svelte";

async function opened(props: { canClose?: boolean; fieldTakesEscape?: boolean } = {}) {
  const onclose = vi.fn();
  render(ModalHarness, { onclose, ...props });
  const opener = screen.getByTestId("opener");
  opener.focus();
  await fireEvent.click(opener);
  return { onclose, opener, dialog: screen.getByTestId("modal") };
}

describe("Modal", () => {
  it("is a labelled modal dialog that takes the focus, and gives it back on closing", async () => {
    const { opener, dialog, onclose } = await opened();
    expect(dialog.tagName).toBe("DIALOG");
    expect(dialog.hasAttribute("open")).toBe(true);
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(document.getElementById(dialog.getAttribute("aria-labelledby")!)?.textContent).toBe("Harness title");
    expect(document.activeElement).toBe(dialog);
    await fireEvent.click(screen.getByTestId("modal-close"));
    expect(onclose).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId("modal")).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it("closes on Escape, and focus goes back to the opener", async () => {
    const { opener, onclose } = await opened();
    const field = screen.getByTestId("field");
    field.focus();
    const notPrevented = await fireEvent.keyDown(field, { key: "Escape" });
    expect(notPrevented).toBe(false);
    expect(onclose).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId("modal")).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it("leaves an Escape a control inside used alone, also when the browser then sends its cancel", async () => {
    const { onclose, dialog } = await opened({ fieldTakesEscape: true });
    await fireEvent.keyDown(screen.getByTestId("field"), { key: "Escape" });
    dialog.dispatchEvent(new Event("cancel", { cancelable: true }));
    expect(onclose).not.toHaveBeenCalled();
    expect(screen.getByTestId("modal")).toBeTruthy();
  });

  it("passes on the browser's own close request (cancel) and keeps the dialog as the parent has it", async () => {
    const { onclose, dialog } = await opened({ canClose: false });
    const cancel = new Event("cancel", { cancelable: true });
    dialog.dispatchEvent(cancel);
    expect(cancel.defaultPrevented).toBe(true);
    expect(onclose).toHaveBeenCalledTimes(1);
    // The parent said no: still open.
    expect(screen.getByTestId("modal").hasAttribute("open")).toBe(true);
  });

  it("keeps Tab inside: from the last control to the first, and Shift+Tab back", async () => {
    await opened();
    const close = screen.getByTestId("modal-close");
    const last = screen.getByTestId("last");
    last.focus();
    expect(await fireEvent.keyDown(last, { key: "Tab" })).toBe(false);
    expect(document.activeElement).toBe(close);
    expect(await fireEvent.keyDown(close, { key: "Tab", shiftKey: true })).toBe(false);
    expect(document.activeElement).toBe(last);
    // In between, Tab is the browser's.
    const field = screen.getByTestId("field");
    field.focus();
    expect(await fireEvent.keyDown(field, { key: "Tab" })).toBe(true);
    expect(document.activeElement).toBe(field);
    // From the dialog itself (just opened), Shift+Tab goes to the last control.
    screen.getByTestId("modal").focus();
    await fireEvent.keyDown(screen.getByTestId("modal"), { key: "Tab", shiftKey: true });
    expect(document.activeElement).toBe(last);
  });

  it("keeps its keys from the window's shortcuts", async () => {
    await opened();
    const onWindowKey = vi.fn();
    window.addEventListener("keydown", onWindowKey);
    try {
      await fireEvent.keyDown(screen.getByTestId("field"), { key: "j" });
      await fireEvent.keyDown(screen.getByTestId("field"), { key: "Escape" });
      expect(onWindowKey).not.toHaveBeenCalled();
    } finally {
      window.removeEventListener("keydown", onWindowKey);
    }
  });
});
