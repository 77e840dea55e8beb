// @vitest-environment jsdom
// "Add term" from a selection: the selection as the source, the rendering focused, Enter saves to
// the user's glossary or the document's, Escape cancels, a refusal is said inside the dialog.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { Term } from "../ipc";
import type { GlossaryApi } from "./glossary";
import AddTermDialog from "./AddTermDialog.svelte";

function setUp(source = "  立法院長 ") {
  const api = {
    getGlossary: vi.fn(async () => ({ terms: [{ source: "立委", target: "legislator" }], starter: true, starterTerms: [] })),
    saveGlossary: vi.fn(async (terms: Term[], starter: boolean) => ({ terms, starter, starterTerms: [] })),
    getDocumentGlossary: vi.fn(async (): Promise<Term[]> => []),
    saveDocumentGlossary: vi.fn(async (terms: Term[]) => terms),
    importGlossaryFile: vi.fn(),
    exportGlossaryFile: vi.fn(),
  } satisfies GlossaryApi;
  const onclose = vi.fn();
  const onadded = vi.fn();
  render(AddTermDialog, { source, onclose, onadded, api });
  return { api, onclose, onadded };
}

const field = (testid: string) => screen.getByTestId(testid) as HTMLInputElement;

describe("AddTermDialog", () => {
  it("starts from the selection, focuses the rendering, and adds to every document's glossary on Enter", async () => {
    const { api, onadded, onclose } = setUp();
    expect(field("add-term-source").value).toBe("立法院長");
    await waitFor(() => expect(document.activeElement).toBe(field("add-term-target")));
    await fireEvent.input(field("add-term-target"), { target: { value: " Speaker of the Legislative Yuan " } });
    await fireEvent.input(field("add-term-note"), { target: { value: "Taiwan" } });
    await fireEvent.submit(field("add-term-target").form!);
    const added = { source: "立法院長", target: "Speaker of the Legislative Yuan", note: "Taiwan", region: null };
    await waitFor(() => expect(onadded).toHaveBeenCalledWith(added, "global"));
    expect(api.saveGlossary).toHaveBeenCalledWith([{ source: "立委", target: "legislator" }, added], true);
    expect(onclose).toHaveBeenCalled();
  });

  it("adds to this document only when chosen", async () => {
    const { api, onadded } = setUp("台積電");
    await fireEvent.input(field("add-term-target"), { target: { value: "TSMC" } });
    await fireEvent.click(screen.getByTestId("add-term-scope-document"));
    await fireEvent.click(screen.getByTestId("add-term-save"));
    await waitFor(() => expect(onadded).toHaveBeenCalledWith({ source: "台積電", target: "TSMC", note: null, region: null }, "document"));
    expect(api.saveDocumentGlossary).toHaveBeenCalledWith([{ source: "台積電", target: "TSMC", note: null, region: null }]);
    expect(api.saveGlossary).not.toHaveBeenCalled();
  });

  it("keeps a region when one is chosen (one word, different bodies: 證監會)", async () => {
    const { onadded } = setUp("證監會");
    await fireEvent.input(field("add-term-target"), { target: { value: "Securities and Futures Commission" } });
    await fireEvent.change(screen.getByTestId("add-term-region"), { target: { value: "hk" } });
    await fireEvent.click(screen.getByTestId("add-term-save"));
    await waitFor(() =>
      expect(onadded).toHaveBeenCalledWith({ source: "證監會", target: "Securities and Futures Commission", note: null, region: "hk" }, "global"),
    );
  });

  it("asks for a rendering before saving, and says a refusal inside the dialog, keeping what was typed", async () => {
    const { api, onadded, onclose } = setUp("晶圓");
    await fireEvent.click(screen.getByTestId("add-term-save"));
    expect(screen.getByTestId("add-term-dialog").textContent).toContain("Type how it should be translated.");
    expect(field("add-term-target").getAttribute("aria-invalid")).toBe("true");
    expect(api.getGlossary).not.toHaveBeenCalled();

    api.saveDocumentGlossary.mockRejectedValueOnce({ kind: "store", message: "This document is not in the library, so it cannot keep terms of its own" });
    await fireEvent.input(field("add-term-target"), { target: { value: "wafer" } });
    await fireEvent.click(screen.getByTestId("add-term-scope-document"));
    await fireEvent.click(screen.getByTestId("add-term-save"));
    await waitFor(() => expect(screen.getByTestId("add-term-error").textContent).toContain("not in the library"));
    expect(field("add-term-target").value).toBe("wafer");
    expect(onadded).not.toHaveBeenCalled();
    expect(onclose).not.toHaveBeenCalled();
  });

  it("cancels with Escape", async () => {
    const { onclose, onadded } = setUp();
    await fireEvent.keyDown(screen.getByTestId("add-term-dialog"), { key: "Escape" });
    expect(onclose).toHaveBeenCalledTimes(1);
    expect(onadded).not.toHaveBeenCalled();
  });
});
