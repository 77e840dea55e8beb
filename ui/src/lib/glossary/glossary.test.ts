import { describe, expect, it, vi } from "vitest";
import type { GlossaryView, Term } from "../ipc";
import { addTerm, blankRow, mergeImported, rowFromTerm, sameTerms, termKey, termsFromRows, visibleRows, type GlossaryApi } from "./glossary";

const term = (source: string, target: string, extra: Partial<Term> = {}): Term => ({ source, target, note: null, region: null, ...extra });

describe("termsFromRows", () => {
  it("saves the finished rows, tidied, and leaves blank ones out", () => {
    const rows = [
      { source: " 立委 ", target: "legislator ", note: "", region: "" as const },
      blankRow(),
      { source: "捷運", target: "MRT", note: " Taipei's metro ", region: "tw" as const },
    ];
    expect(termsFromRows(rows)).toEqual({
      terms: [term("立委", "legislator"), term("捷運", "MRT", { note: "Taipei's metro", region: "tw" })],
      problems: [],
    });
  });

  it("says which row lacks a rendering or a source, and saves the others", () => {
    const rows = [rowFromTerm(term("港府", "")), rowFromTerm(term("行政院", "Executive Yuan")), { ...blankRow(), note: "only a note" }];
    expect(termsFromRows(rows)).toEqual({
      terms: [term("行政院", "Executive Yuan")],
      problems: [
        { index: 0, field: "target" },
        { index: 2, field: "source" },
      ],
    });
  });
});

describe("mergeImported", () => {
  it("replaces a term the table has in its place, appends the new ones and counts both", () => {
    const rows = [rowFromTerm(term("川普/特朗普", "Trump")), blankRow(), rowFromTerm(term("立委", "lawmaker"))];
    const merged = mergeImported(rows, [term("特朗普 / 川普", "Donald Trump"), term("立委", "lawmaker"), term("捷運", "MRT", { region: "tw" })]);
    expect(merged.rows.map((r) => [r.source, r.target, r.region])).toEqual([
      ["特朗普 / 川普", "Donald Trump", ""],
      ["立委", "lawmaker", ""],
      ["捷運", "MRT", "tw"],
    ]);
    expect(merged).toMatchObject({ added: 1, updated: 1 });
  });

  it("keeps a term of another region apart", () => {
    const merged = mergeImported([rowFromTerm(term("行政長官", "Chief Executive", { region: "hk" }))], [term("行政長官", "chief executive")]);
    expect(merged.rows).toHaveLength(2);
    expect(termKey("a/b", "hk")).not.toBe(termKey("a/b", null));
    expect(termKey(" b /a", null)).toBe(termKey("a/b", undefined));
  });
});

describe("visibleRows", () => {
  const rows = [rowFromTerm(term("立委", "legislator")), rowFromTerm(term("立法院", "Legislative Yuan", { note: "Taiwan" })), rowFromTerm(term("港府", "HK government"))];

  it("finds a query in the source, the rendering or the note, letters regardless of case", () => {
    expect(visibleRows(rows, "")).toEqual({ indices: [0, 1, 2], more: 0 });
    expect(visibleRows(rows, "立")).toEqual({ indices: [0, 1], more: 0 });
    expect(visibleRows(rows, " legis")).toEqual({ indices: [0, 1], more: 0 });
    expect(visibleRows(rows, "taiwan")).toEqual({ indices: [1], more: 0 });
  });

  it("draws at most the limit and counts the rest, and always the rows just added", () => {
    expect(visibleRows(rows, "", 2)).toEqual({ indices: [0, 1], more: 1 });
    expect(visibleRows([...rows, blankRow()], "", 2, new Set([3]))).toEqual({ indices: [0, 1, 3], more: 1 });
    expect(visibleRows([...rows, blankRow()], "港", 2, new Set([3]))).toEqual({ indices: [2, 3], more: 0 });
  });
});

describe("sameTerms", () => {
  it("sees an absent note or region as null", () => {
    expect(sameTerms([{ source: "a", target: "b" }], [term("a", "b")])).toBe(true);
    expect(sameTerms([term("a", "b")], [term("a", "c")])).toBe(false);
  });
});

describe("addTerm", () => {
  function fakeApi(view: GlossaryView, documentTerms: Term[]) {
    return {
      getGlossary: vi.fn(async () => view),
      saveGlossary: vi.fn(async (terms: Term[], starter: boolean) => ({ ...view, terms, starter })),
      getDocumentGlossary: vi.fn(async () => documentTerms),
      saveDocumentGlossary: vi.fn(async (terms: Term[]) => terms),
      importGlossaryFile: vi.fn(),
      exportGlossaryFile: vi.fn(),
    } satisfies GlossaryApi;
  }

  it("appends to the user's glossary, keeping the starter switch as it is", async () => {
    const api = fakeApi({ terms: [term("立委", "legislator")], starter: false, starterTerms: [] }, []);
    expect(await addTerm(api, term("港府", "HK government"), "global")).toBeNull();
    expect(api.saveGlossary).toHaveBeenCalledWith([term("立委", "legislator"), term("港府", "HK government")], false);
    expect(api.saveDocumentGlossary).not.toHaveBeenCalled();
  });

  it("appends to the open document's own terms", async () => {
    const api = fakeApi({ terms: [], starter: true, starterTerms: [] }, [term("台積電", "TSMC")]);
    expect(await addTerm(api, term("晶圓", "wafer"), "document")).toBeNull();
    expect(api.saveDocumentGlossary).toHaveBeenCalledWith([term("台積電", "TSMC"), term("晶圓", "wafer")]);
    expect(api.saveGlossary).not.toHaveBeenCalled();
  });

  it("gives back the shell's refusal", async () => {
    const api = fakeApi({ terms: [], starter: true, starterTerms: [] }, []);
    api.saveDocumentGlossary.mockRejectedValueOnce({ kind: "store", message: "This document is not in the library" });
    expect(await addTerm(api, term("晶圓", "wafer"), "document")).toEqual({ kind: "store", message: "This document is not in the library" });
  });
});
