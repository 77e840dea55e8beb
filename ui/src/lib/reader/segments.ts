// Splits a block's Simplified text into plain runs and changed runs, so the reader can mark
// every character OpenCC changed and show what it was. The core reports changes as offsets in
// Unicode code points (Rust chars), which differ from JavaScript's UTF-16 string indices for
// characters outside the BMP (e.g. 𠮷, CJK Extension B), so all indexing here goes through
// Array.from, which iterates by code point.
import type { Change } from "../ipc";

export interface Segment {
  text: string;
  /** The original text this run replaced; absent for unchanged runs. */
  original?: string;
}

export function segmentText(text: string, changes: readonly Change[]): Segment[] {
  if (changes.length === 0) return text === "" ? [] : [{ text }];
  const chars = Array.from(text);
  const sorted = [...changes].sort((a, b) => a.start - b.start);
  const segments: Segment[] = [];
  let cursor = 0;
  for (const change of sorted) {
    const start = Math.max(change.start, cursor);
    const end = Math.min(change.end, chars.length);
    // Overlapping, empty or out-of-range spans would duplicate or invent text; skip them
    // rather than show the reader something the document does not say.
    if (start >= end) continue;
    if (start > cursor) segments.push({ text: chars.slice(cursor, start).join("") });
    segments.push({ text: chars.slice(start, end).join(""), original: change.original });
    cursor = end;
  }
  if (cursor < chars.length) segments.push({ text: chars.slice(cursor).join("") });
  return segments;
}
