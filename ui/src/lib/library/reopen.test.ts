import { describe, expect, it, vi } from "vitest";
import type { Article, Reopened } from "../ipc";
import { TranslationBoard } from "../translation/board";
import { applyReopened, type ReopenTranslator } from "./reopen";
import { restoreTranslations } from "./restore";

const article = { title: "夜市", blocks: [{ id: "b1" }, { id: "b2" }] } as unknown as Article;

function reopened(extra: Partial<Reopened> = {}): Reopened {
  return {
    article,
    translations: { b1: "Night market" },
    engines: {},
    profile: "GPT",
    target: "ja",
    machine: {},
    compare: {},
    compareEngines: {},
    compareProfile: null,
    ...extra,
  };
}

/** A translator over a real board, recording the order of calls. */
function fakeTranslator(targetAccepted = true) {
  const board = new TranslationBoard();
  const calls: string[] = [];
  let order: readonly string[] = [];
  const translator: ReopenTranslator & { board: TranslationBoard; calls: string[] } = {
    board,
    calls,
    settings: { profiles: [{ name: "DeepL" }, { name: "GPT" }] } as ReopenTranslator["settings"],
    profile: "DeepL",
    target: "en",
    setDocument: vi.fn((o: readonly string[]) => {
      calls.push("setDocument");
      order = o;
      board.reset(o);
    }),
    chooseProfile: vi.fn((name: string) => {
      calls.push(`profile:${name}`);
      board.reset(order);
    }),
    chooseTarget: vi.fn(async (lang: string) => {
      calls.push(`target:${lang}`);
      if (targetAccepted) board.reset(order);
      return targetAccepted;
    }),
    restore: vi.fn(
      (translations: Readonly<Record<string, string>>, _engines?: unknown, machine: Readonly<Record<string, string>> = {}) => {
        calls.push("restore");
        const restored = restoreTranslations(board, translations);
        for (const [id, version] of Object.entries(machine)) board.edit(id, translations[id], version);
        return restored;
      },
    ),
  };
  return translator;
}

describe("applyReopened", () => {
  it("shows the document, picks profile and target again, then restores the translations", async () => {
    const translator = fakeTranslator();
    const show = vi.fn(() => ({ order: ["b1", "b2"], key: 7 }));
    expect(await applyReopened(reopened(), show, translator)).toBe(1);
    expect(show).toHaveBeenCalledWith(article);
    expect(translator.setDocument).toHaveBeenCalledWith(["b1", "b2"], 7);
    expect(translator.calls).toEqual(["setDocument", "profile:GPT", "target:ja", "restore"]);
    expect(translator.board.get("b1")).toEqual({ status: "cached", text: "Night market", error: null });
    expect(translator.board.get("b2").status).toBe("pending");
  });

  it("restores nothing when the target language could not be switched back", async () => {
    const translator = fakeTranslator(false);
    expect(await applyReopened(reopened(), () => ({ order: ["b1", "b2"], key: 1 }), translator)).toBe(0);
    expect(translator.restore).not.toHaveBeenCalled();
    expect(translator.board.get("b1").status).toBe("pending");
  });

  it("changes no setting that is already right", async () => {
    const translator = fakeTranslator();
    await applyReopened(reopened({ profile: "DeepL", target: "en" }), () => ({ order: ["b1", "b2"], key: 1 }), translator);
    expect(translator.calls).toEqual(["setDocument", "restore"]);
  });

  it("brings back the rows the user edited, with their machine versions", async () => {
    const translator = fakeTranslator();
    const entry = reopened({ translations: { b1: "My market" }, machine: { b1: "Night market" } });
    await applyReopened(entry, () => ({ order: ["b1", "b2"], key: 1 }), translator);
    expect(translator.board.get("b1")).toMatchObject({ text: "My market", machine: "Night market" });
    expect(translator.board.editedIds()).toEqual(["b1"]);
  });

  it("brings back the comparison column when its profile still exists, and not otherwise", async () => {
    const comparison = () => {
      const board = new TranslationBoard();
      return {
        board,
        settings: { profiles: [{ name: "DeepL" }, { name: "GPT" }] } as ReopenTranslator["settings"],
        setDocument: vi.fn((o: readonly string[]) => board.reset(o)),
        chooseProfile: vi.fn(),
        restore: vi.fn((t: Readonly<Record<string, string>>) => restoreTranslations(board, t)),
      };
    };
    const kept = comparison();
    const entry = reopened({ compare: { b2: "Market at night" }, compareProfile: "DeepL" });
    await applyReopened(entry, () => ({ order: ["b1", "b2"], key: 1 }), fakeTranslator(), kept);
    expect(kept.chooseProfile).toHaveBeenCalledWith("DeepL");
    expect(kept.board.get("b2")).toMatchObject({ status: "cached", text: "Market at night" });

    const gone = comparison();
    const orphan = reopened({ compare: { b2: "Market at night" }, compareProfile: "Deleted profile" });
    await applyReopened(orphan, () => ({ order: ["b1", "b2"], key: 2 }), fakeTranslator(), gone);
    expect(gone.chooseProfile).not.toHaveBeenCalled();
    expect(gone.board.get("b2").status).toBe("pending");
  });
});
