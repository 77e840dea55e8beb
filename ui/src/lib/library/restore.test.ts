import { describe, expect, it } from "vitest";
import { TranslationBoard } from "../translation/board";
import { restoreTranslations } from "./restore";

function board(ids = ["a", "b", "c"]): TranslationBoard {
  const b = new TranslationBoard();
  b.reset(ids);
  return b;
}

describe("restoreTranslations", () => {
  it("shows stored translations as cached at once, and counts them", () => {
    const b = board();
    expect(restoreTranslations(b, { a: "Hello", c: "World" })).toBe(2);
    expect(b.get("a")).toEqual({ status: "cached", text: "Hello", error: null });
    expect(b.get("b").status).toBe("pending");
    expect(b.get("c")).toEqual({ status: "cached", text: "World", error: null });
    expect(b.progress()).toEqual({
      total: 3,
      translated: 2,
      failed: 0,
      translating: 0,
      running: false,
      stopped: false,
      last: null,
    });
    expect(b.failedIds()).toEqual([]);
  });

  it("keeps who made each stored translation, for the row's provenance", () => {
    const b = board();
    restoreTranslations(b, { a: "Hello", b: "World" }, { a: "google-web" });
    expect(b.get("a").by).toBe("google-web");
    expect(b.get("b").by ?? null).toBeNull();
  });

  it("ignores ids the document does not have, and empty texts", () => {
    const b = board();
    expect(restoreTranslations(b, { x: "elsewhere", b: "" })).toBe(0);
    expect(b.entries.has("x")).toBe(false);
    expect(b.get("b").status).toBe("pending");
    expect(b.progress().translated).toBe(0);
  });

  it("leaves the board ready for a real job, which keeps the restored blocks", () => {
    const b = board();
    restoreTranslations(b, { a: "Hello" });
    const token = b.start();
    expect(b.apply(token, { type: "translating", id: "b" })).toBe(true);
    expect(b.apply(token, { type: "done", id: "b", text: "Two", by: null })).toBe(true);
    b.apply(token, { type: "finished", done: 1, cached: 1, failed: 0, requests: 1, cancelled: false });
    expect(b.get("a").text).toBe("Hello");
    expect(b.get("b").text).toBe("Two");
    expect(b.progress().translated).toBe(2);
  });

  it("does not touch a board with a running job", () => {
    const b = board();
    const token = b.start();
    expect(restoreTranslations(b, { a: "Hello" })).toBe(0);
    expect(b.get("a").status).toBe("pending");
    // The running job's events still apply: the restore did not take its token away.
    expect(b.apply(token, { type: "done", id: "a", text: "From the job", by: null })).toBe(true);
  });

  it("survives a re-conversion that keeps the blocks (retain)", () => {
    const b = board();
    restoreTranslations(b, { a: "Hello", b: "Two" });
    b.retain(["a", "c"]);
    expect(b.get("a").status).toBe("cached");
    expect(b.progress()).toMatchObject({ total: 2, translated: 1 });
  });
});
