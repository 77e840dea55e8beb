// The glossary as the Settings table and the "Add term" dialog edit it: rows as the fields show
// them (text, a region picked from a list), which rows are ready to save and what is missing in
// the others, the merge of imported terms into the table, and adding one term to the user's or
// the open document's glossary. Pure functions, unit-tested in glossary.test.ts (`addTerm` with
// a fake shell); the components only bind fields. The shell validates again (core::glossary).
import type { AppError, Term } from "../ipc";
import type * as ipc from "../ipc";
import { toAppError } from "../feedback/errors";

/** Where a term applies: every document (the user's glossary) or the open one only. */
export type Scope = "global" | "document";

/** The glossary commands the components use (the real IPC, or a test's fake). */
export type GlossaryApi = Pick<
  typeof ipc,
  "getGlossary" | "saveGlossary" | "getDocumentGlossary" | "saveDocumentGlossary" | "importGlossaryFile" | "exportGlossaryFile"
>;

/** A term's region as the core writes it; "" for any. */
export type RegionCode = "" | "tw" | "hk" | "cn";

export const REGION_CODES: readonly RegionCode[] = ["", "tw", "hk", "cn"];

/** One row of the table, as its fields show it. */
export interface TermRow {
  source: string;
  target: string;
  note: string;
  region: RegionCode;
}

export const blankRow = (): TermRow => ({ source: "", target: "", note: "", region: "" });

function regionCode(region: string | null | undefined): RegionCode {
  const code = region ?? "";
  return (REGION_CODES as readonly string[]).includes(code) ? (code as RegionCode) : "";
}

export function rowFromTerm(term: Term): TermRow {
  return { source: term.source, target: term.target, note: term.note ?? "", region: regionCode(term.region) };
}

export function termFromRow(row: TermRow): Term {
  const note = row.note.trim();
  return { source: row.source.trim(), target: row.target.trim(), note: note === "" ? null : note, region: row.region === "" ? null : row.region };
}

const isBlank = (row: TermRow) => row.source.trim() === "" && row.target.trim() === "" && row.note.trim() === "";

/** How many rows the table draws at most (a professional glossary can hold thousands). */
export const SHOWN_ROWS = 200;

/**
 * The rows the table shows: those whose source, rendering or note contains `query` (letters
 * regardless of case; all rows for an empty one), at most `limit`, with how many more match —
 * and always the `pinned` ones (rows the user has just added).
 */
export function visibleRows(
  rows: readonly TermRow[],
  query: string,
  limit = SHOWN_ROWS,
  pinned: ReadonlySet<number> = new Set(),
): { indices: number[]; more: number } {
  const q = query.trim().toLowerCase();
  const indices: number[] = [];
  let more = 0;
  let counted = 0;
  rows.forEach((row, index) => {
    if (pinned.has(index)) {
      indices.push(index);
      return;
    }
    if (q !== "" && ![row.source, row.target, row.note].some((field) => field.toLowerCase().includes(q))) return;
    if (counted < limit) {
      indices.push(index);
      counted += 1;
    } else {
      more += 1;
    }
  });
  return { indices, more };
}

/** A row that cannot be saved as it is: its index in the table and the field it lacks. */
export interface RowProblem {
  index: number;
  field: "source" | "target";
}

/**
 * The terms the table holds, ready to save: blank rows (a row just added, not yet typed in) are
 * left out; a row with a source but no rendering, or the other way round, is a problem (the
 * table is not saved until it is fixed, and nothing typed is lost).
 */
export function termsFromRows(rows: readonly TermRow[]): { terms: Term[]; problems: RowProblem[] } {
  const terms: Term[] = [];
  const problems: RowProblem[] = [];
  rows.forEach((row, index) => {
    if (isBlank(row)) return;
    if (row.source.trim() === "") problems.push({ index, field: "source" });
    else if (row.target.trim() === "") problems.push({ index, field: "target" });
    else terms.push(termFromRow(row));
  });
  return { terms, problems };
}

/** The identity of a term as the core merges them: its source alternatives in any order, and its region. */
export function termKey(source: string, region: string | null | undefined): string {
  const alternatives = source
    .split("/")
    .map((a) => a.trim().replaceAll(/\s+/g, " "))
    .filter((a) => a !== "")
    .sort();
  return `${alternatives.join("/")}\u0000${region ?? ""}`;
}

/**
 * Imported terms merged into the table: a term the table has (same source and region) takes the
 * imported rendering and note in its place; the others are appended. Blank rows are dropped.
 */
export function mergeImported(rows: readonly TermRow[], imported: readonly Term[]): { rows: TermRow[]; added: number; updated: number } {
  const merged = rows.filter((row) => !isBlank(row)).map((row) => ({ ...row }));
  const at = new Map(merged.map((row, index) => [termKey(row.source, row.region), index]));
  let added = 0;
  let updated = 0;
  for (const term of imported) {
    const row = rowFromTerm(term);
    const key = termKey(row.source, row.region);
    const index = at.get(key);
    if (index === undefined) {
      at.set(key, merged.length);
      merged.push(row);
      added += 1;
    } else {
      const before = merged[index];
      if (before.target !== row.target || before.note !== row.note) updated += 1;
      merged[index] = row;
    }
  }
  return { rows: merged, added, updated };
}

/** Whether two lists of terms say the same (the table needs no re-drawing after a save). */
export function sameTerms(a: readonly Term[], b: readonly Term[]): boolean {
  const text = (terms: readonly Term[]) => JSON.stringify(terms.map((term) => termFromRow(rowFromTerm(term))));
  return text(a) === text(b);
}

/**
 * Adds `term` to the user's glossary (keeping the starter switch as it is) or to the open
 * document's own; resolves to the shell's refusal, or null once saved.
 */
export async function addTerm(api: GlossaryApi, term: Term, scope: Scope): Promise<AppError | null> {
  try {
    if (scope === "global") {
      const glossary = await api.getGlossary();
      await api.saveGlossary([...glossary.terms, term], glossary.starter);
    } else {
      const terms = await api.getDocumentGlossary();
      await api.saveDocumentGlossary([...terms, term]);
    }
    return null;
  } catch (e) {
    return toAppError(e);
  }
}
