// Which rows of the reader are selected, as pure functions over an immutable value, so the
// click / shift-click / Ctrl-click semantics are unit-tested without a DOM. The component
// layer only translates events into these calls; it never edits a selection itself.

/** Selected block ids plus the anchor that shift-click ranges start from. */
export interface Selection {
  readonly ids: ReadonlySet<string>;
  /** The row the last plain or toggling click landed on; null when nothing was clicked. */
  readonly anchor: string | null;
}

export interface ClickModifiers {
  /** Shift held: select the range from the anchor to the clicked row. */
  extend?: boolean;
  /** Ctrl (Cmd on macOS) held: toggle one row, or add a range to the selection with Shift. */
  toggle?: boolean;
}

export const emptySelection: Selection = Object.freeze({ ids: new Set<string>(), anchor: null });

/**
 * The selection after clicking the row `id`. `order` is every block id in document order; an id
 * missing from it is ignored (a stale click after the document changed).
 */
export function clickRow(
  selection: Selection,
  order: readonly string[],
  id: string,
  modifiers: ClickModifiers = {},
): Selection {
  const target = order.indexOf(id);
  if (target < 0) return selection;

  if (modifiers.extend) {
    const anchorIndex = selection.anchor === null ? -1 : order.indexOf(selection.anchor);
    // Without a usable anchor a shift-click behaves as a plain click, as in file managers.
    if (anchorIndex < 0) return { ids: new Set([id]), anchor: id };
    const [from, to] = anchorIndex <= target ? [anchorIndex, target] : [target, anchorIndex];
    const range = order.slice(from, to + 1);
    // The anchor stays put, so successive shift-clicks re-draw the range around it.
    const ids = modifiers.toggle ? new Set([...selection.ids, ...range]) : new Set(range);
    return { ids, anchor: selection.anchor };
  }

  if (modifiers.toggle) {
    const ids = new Set(selection.ids);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    return { ids, anchor: id };
  }

  return { ids: new Set([id]), anchor: id };
}

/** Every row selected; the anchor is kept so a following shift-click still has a start. */
export function selectAll(selection: Selection, order: readonly string[]): Selection {
  return { ids: new Set(order), anchor: selection.anchor ?? order[0] ?? null };
}

export function clearSelection(): Selection {
  return emptySelection;
}

/** The selected ids in document order (the order the clipboard must follow). */
export function selectedInOrder(selection: Selection, order: readonly string[]): string[] {
  if (selection.ids.size === 0) return [];
  return order.filter((id) => selection.ids.has(id));
}

/**
 * Drops ids the document no longer has, e.g. after a re-conversion that kept most blocks.
 * Returns the same object when nothing changed, so callers can skip an update.
 */
export function retainExisting(selection: Selection, order: readonly string[]): Selection {
  const present = new Set(order);
  const kept = [...selection.ids].filter((id) => present.has(id));
  const anchor = selection.anchor !== null && present.has(selection.anchor) ? selection.anchor : null;
  if (kept.length === selection.ids.size && anchor === selection.anchor) return selection;
  return { ids: new Set(kept), anchor };
}

export function isSelected(selection: Selection, id: string): boolean {
  return selection.ids.has(id);
}
