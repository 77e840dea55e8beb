// Small questions about the page that keyboard and clipboard handling ask before taking over
// a shortcut from the webview, and when what was just drawn is on screen (`nextPaint`).

/** True for controls where Ctrl+A/C/V must keep their usual text-editing meaning. */
export function isFormField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    target.isContentEditable
  );
}

/** True when the user has dragged out a text selection, which the webview should copy itself. */
export function hasTextSelection(): boolean {
  const selection = window.getSelection();
  return selection !== null && !selection.isCollapsed && selection.toString() !== "";
}

/** True when a key press happened inside a menu, dialog or one of the toolbar's controls. */
export function inControl(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest("[role='menu'], [role='dialog'], dialog, select, [role='radiogroup']") !== null;
}

export function clearTextSelection(): void {
  window.getSelection()?.removeAllRanges();
}

/** Ctrl on Windows and Linux, Cmd on macOS; either is accepted everywhere. */
export function hasCommandKey(e: KeyboardEvent | MouseEvent): boolean {
  return e.ctrlKey || e.metaKey;
}

/**
 * Resolves after the next frame has been painted: a frame callback runs before its frame is
 * painted, a task queued from it after. A window that paints no frames (minimized) waits 200 ms.
 */
export function nextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => setTimeout(resolve, 0);
    if (typeof requestAnimationFrame !== "function") return done();
    const fallback = setTimeout(resolve, 200);
    requestAnimationFrame(() => {
      clearTimeout(fallback);
      done();
    });
  });
}
