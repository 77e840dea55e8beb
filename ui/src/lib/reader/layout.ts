// Which layout the reader uses. "columns" puts the visible columns side by side, one grid row
// per block; "interleaved" stacks a block's cells (in the user's column order) under each other.
// "auto" picks columns while every visible column can get a comfortable width, interleaved
// below that.
import type { Layout } from "../ipc";

export type ResolvedLayout = "columns" | "interleaved";

/**
 * The narrowest comfortable reading column, in CSS px: about 17 CJK characters at the default
 * 17 px size, or 45–50 Latin characters, plus the cell's padding. Three columns therefore need
 * a reader 900 px wide (two columns 600 px); below that "auto" interleaves.
 */
export const COMFORTABLE_COLUMN_PX = 300;

/** The reader width below which "auto" interleaves `visibleColumns` columns. */
export function interleaveBelow(visibleColumns: number): number {
  return COMFORTABLE_COLUMN_PX * Math.max(1, visibleColumns);
}

/** The layout to draw for the user's choice, the reader's width and the visible column count. */
export function resolveLayout(choice: Layout, readerWidth: number, visibleColumns: number): ResolvedLayout {
  if (choice !== "auto") return choice;
  // One column is the same either way; side by side keeps the header row.
  if (visibleColumns <= 1) return "columns";
  // Not measured yet (0): assume a wide window rather than flashing the narrow layout.
  if (readerWidth <= 0) return "columns";
  return readerWidth < interleaveBelow(visibleColumns) ? "interleaved" : "columns";
}

/** Longest comfortable line per column, in em of the reading size (wide windows get margins). */
export const MAX_COLUMN_EM = 38;
