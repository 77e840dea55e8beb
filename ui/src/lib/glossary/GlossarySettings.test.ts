// @vitest-environment jsdom
// Settings' glossary: the user's terms as an editable table saved as the user goes, unfinished
// rows flagged and kept, a refused save said under the table without losing what was typed, the
// starter switch, and Import… / Export… through the shell's file dialogs.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { GlossaryView, Term } from "../ipc";
import type { GlossaryApi } from "./glossary";
import GlossarySettings from "./GlossarySettings.svelte";

const term = (source: string, target: string, extra: Partial<Term> = {}): Term => ({ source, target, note: null, region: null, ...extra });

function setUp(terms: Term[] = [term("立委", "legislator"), term("捷運", "MRT", { region: "tw", note: "Taipei metro" })]) {
  let view: GlossaryView = { terms, starter: true, starterTerms: [term("行政院", "Executive Yuan", { region: "tw" }), term("港府", "Hong Kong government")] };
  const api = {
    getGlossary: vi.fn(async () => view),
    saveGlossary: vi.fn(async (terms: Term[], starter: boolean) => (view = { ...view, terms, starter })),
    getDocumentGlossary: vi.fn(async () => []),
    saveDocumentGlossary: vi.fn(async (t: Term[]) => t),
    importGlossaryFile: vi.fn(async (): Promise<Term[] | null> => null),
    exportGlossaryFile: vi.fn(async (): Promise<string | null> => "/home/u/glossary.csv"),
  } satisfies GlossaryApi;
  const view_ = render(GlossarySettings, { api });
  return { api, view: view_ };
}

const inputs = (testid: string) => screen.getAllByTestId(testid) as HTMLInputElement[];

async function type(input: HTMLInputElement, value: string) {
  await fireEvent.focusIn(input);
  await fireEvent.input(input, { target: { value } });
}

async function leave(input: HTMLInputElement) {
  await fireEvent.focusOut(input, { relatedTarget: null });
}

describe("the glossary section", () => {
  it("shows the saved terms as rows and saves an edit when focus leaves the row", async () => {
    const { api } = setUp();
    await waitFor(() => expect(inputs("glossary-source")).toHaveLength(2));
    expect(inputs("glossary-source").map((i) => i.value)).toEqual(["立委", "捷運"]);
    expect((screen.getAllByTestId("glossary-region")[1] as HTMLSelectElement).value).toBe("tw");
    expect(screen.getByTestId("glossary-count").textContent).toBe("2 terms");

    await type(inputs("glossary-target")[0], "lawmaker");
    expect(api.saveGlossary).not.toHaveBeenCalled();
    await leave(inputs("glossary-target")[0]);
    await waitFor(() =>
      expect(api.saveGlossary).toHaveBeenCalledWith([term("立委", "lawmaker"), term("捷運", "MRT", { region: "tw", note: "Taipei metro" })], true),
    );
  });

  it("flags a new row without a rendering once focus leaves it, keeps it, and saves it when finished", async () => {
    const { api } = setUp([]);
    await waitFor(() => expect(screen.getByTestId("glossary-table").textContent).toContain("No terms yet"));
    await fireEvent.click(screen.getByTestId("glossary-add"));
    const source = inputs("glossary-source")[0];
    await type(source, "港府");
    expect(screen.queryByTestId("glossary-row-problem")).toBeNull();
    await leave(source);
    await waitFor(() => expect(screen.getByTestId("glossary-row-problem").textContent).toBe("Row 1 needs a rendering; it is not saved until it has one."));
    expect(inputs("glossary-target")[0].getAttribute("aria-invalid")).toBe("true");
    expect(source.value).toBe("港府");
    expect(api.saveGlossary).not.toHaveBeenCalled();

    await type(inputs("glossary-target")[0], "HK government");
    await leave(inputs("glossary-target")[0]);
    await waitFor(() => expect(api.saveGlossary).toHaveBeenCalledWith([term("港府", "HK government")], true));
    expect(screen.queryByTestId("glossary-row-problem")).toBeNull();
  });

  it("says a refused save under the table and keeps what was typed", async () => {
    const { api } = setUp();
    await waitFor(() => expect(inputs("glossary-source")).toHaveLength(2));
    api.saveGlossary.mockRejectedValueOnce({ kind: "settings", message: "Cannot save the glossary to /x: disk full" });
    await type(inputs("glossary-note")[0], "member of the Legislative Yuan");
    await leave(inputs("glossary-note")[0]);
    await waitFor(() => expect(screen.getByTestId("glossary-error").textContent).toContain("disk full"));
    expect(inputs("glossary-note")[0].value).toBe("member of the Legislative Yuan");
  });

  it("saves the starter switch at once and shows the starter terms on request", async () => {
    const { api } = setUp();
    await waitFor(() => expect(inputs("glossary-source")).toHaveLength(2));
    const list = screen.getByTestId("glossary-starter-list");
    expect(list.querySelector("summary")?.textContent).toBe("Show the starter list (2 terms)");
    expect(list.textContent).toContain("Executive Yuan");
    await fireEvent.click(screen.getByTestId("glossary-starter"));
    await waitFor(() => expect(api.saveGlossary).toHaveBeenCalledWith(expect.any(Array), false));
  });

  it("removes a row and saves", async () => {
    const { api } = setUp();
    await waitFor(() => expect(inputs("glossary-source")).toHaveLength(2));
    await fireEvent.click(screen.getAllByTestId("glossary-delete")[0]);
    await waitFor(() => expect(api.saveGlossary).toHaveBeenCalledWith([term("捷運", "MRT", { region: "tw", note: "Taipei metro" })], true));
    expect(inputs("glossary-source")).toHaveLength(1);
  });

  it("merges imported terms into the table and saves them; cancelling the dialog changes nothing", async () => {
    const { api } = setUp();
    await waitFor(() => expect(inputs("glossary-source")).toHaveLength(2));
    await fireEvent.click(screen.getByTestId("glossary-import"));
    await waitFor(() => expect(api.importGlossaryFile).toHaveBeenCalledTimes(1));
    expect(api.saveGlossary).not.toHaveBeenCalled();

    api.importGlossaryFile.mockResolvedValueOnce([term("立委", "lawmaker"), term("港府", "HK government")]);
    await fireEvent.click(screen.getByTestId("glossary-import"));
    await waitFor(() => expect(screen.getByTestId("glossary-notice").textContent).toBe("Imported 2 terms: 1 new, 1 changed. Saved."));
    expect(inputs("glossary-target").map((i) => i.value)).toEqual(["lawmaker", "MRT", "HK government"]);
    expect(api.saveGlossary).toHaveBeenLastCalledWith(
      [term("立委", "lawmaker"), term("捷運", "MRT", { region: "tw", note: "Taipei metro" }), term("港府", "HK government")],
      true,
    );
  });

  it("exports the saved terms after saving the table, and says where", async () => {
    const { api } = setUp();
    await waitFor(() => expect(inputs("glossary-source")).toHaveLength(2));
    await fireEvent.input(inputs("glossary-target")[1], { target: { value: "Taipei Metro" } });
    await fireEvent.click(screen.getByTestId("glossary-export"));
    await waitFor(() => expect(screen.getByTestId("glossary-notice").textContent).toBe("Exported 2 terms to /home/u/glossary.csv"));
    expect(api.exportGlossaryFile).toHaveBeenCalledWith("csv");
    expect(vi.mocked(api.saveGlossary).mock.invocationCallOrder[0]).toBeLessThan(vi.mocked(api.exportGlossaryFile).mock.invocationCallOrder[0]);
  });

  it("filters a long glossary, draws at most 200 rows, and clears the filter for a new row", async () => {
    const many = Array.from({ length: 205 }, (_, i) => term(`詞${i}`, `word ${i}`));
    setUp(many);
    await waitFor(() => expect(inputs("glossary-source")).toHaveLength(200));
    expect(screen.getByTestId("glossary-more").textContent).toBe("5 more terms match: narrow the filter to see them.");
    const filter = screen.getByTestId("glossary-filter") as HTMLInputElement;
    await fireEvent.input(filter, { target: { value: "WORD 20" } });
    expect(inputs("glossary-target").map((i) => i.value)).toEqual(["word 20", ...Array.from({ length: 10 }, (_, i) => `word ${200 + i}`).slice(0, 5)]);
    // A row being edited stays while it is, even when it no longer matches.
    await type(inputs("glossary-target")[0], "term 20");
    expect(inputs("glossary-target")[0].value).toBe("term 20");
    await leave(inputs("glossary-target")[0]);
    await fireEvent.input(filter, { target: { value: "nothing" } });
    expect(screen.getByTestId("glossary-table").textContent).toContain("No term contains “nothing”.");
    await fireEvent.click(screen.getByTestId("glossary-add"));
    expect(filter.value).toBe("");
    // The new row is drawn (after the first 200) and has the focus.
    const sources = inputs("glossary-source");
    expect(sources).toHaveLength(201);
    expect(document.activeElement).toBe(sources[200]);
  });

  it("saves a pending edit when the dialog closes", async () => {
    const { api, view } = setUp();
    await waitFor(() => expect(inputs("glossary-source")).toHaveLength(2));
    await fireEvent.input(inputs("glossary-target")[0], { target: { value: "lawmaker" } });
    view.unmount();
    await waitFor(() => expect(api.saveGlossary).toHaveBeenCalledWith([term("立委", "lawmaker"), term("捷運", "MRT", { region: "tw", note: "Taipei metro" })], true));
  });
});
