import { describe, expect, it } from "vitest";
import type { TranslationEvent, TranslationFailure } from "../ipc";
import { PENDING, TranslationBoard } from "./board";

const unauthorized: TranslationFailure = { kind: "unauthorized", message: "the API key was rejected", unreachableHost: null };

function finished(extra: Partial<Extract<TranslationEvent, { type: "finished" }>> = {}): TranslationEvent {
  return { type: "finished", done: 0, cached: 0, failed: 0, requests: 0, cancelled: false, ...extra };
}

function board(ids = ["a", "b", "c", "d"]): TranslationBoard {
  const b = new TranslationBoard();
  b.reset(ids);
  return b;
}

const statuses = (b: TranslationBoard, ids = ["a", "b", "c", "d"]) => ids.map((id) => b.get(id).status);

describe("reset", () => {
  it("makes every block of the document pending", () => {
    const b = board();
    expect(statuses(b)).toEqual(["pending", "pending", "pending", "pending"]);
    expect(b.progress()).toMatchObject({ total: 4, translated: 0, failed: 0, running: false });
  });

  it("drops all translations and the running job", () => {
    const b = board();
    const job = b.start();
    b.apply(job, { type: "done", id: "a", text: "A", by: null });
    b.reset(["x", "y"]);
    expect(b.running).toBe(false);
    expect(b.get("a")).toEqual(PENDING);
    expect(b.progress()).toMatchObject({ total: 2, translated: 0 });
    // The old job's late events change nothing.
    expect(b.apply(job, { type: "done", id: "x", text: "X", by: null })).toBe(false);
    expect(b.get("x").status).toBe("pending");
  });
});

describe("apply", () => {
  it("shows cached and done text and counts both as translated", () => {
    const b = board();
    const job = b.start();
    expect(b.apply(job, { type: "cached", id: "a", text: "Taiwan", by: null })).toBe(true);
    b.apply(job, { type: "translating", id: "b" });
    b.apply(job, { type: "done", id: "b", text: "software", by: null });
    expect(b.get("a")).toEqual({ status: "cached", text: "Taiwan", error: null });
    expect(b.get("b")).toEqual({ status: "done", text: "software", error: null });
    expect(b.progress()).toMatchObject({ translated: 2, translating: 0, running: true });
  });

  it("applies the cache's rows sent together as each one's cached event", () => {
    const b = board();
    const job = b.start();
    const rows = [
      { id: "a", text: "Taiwan", by: "deepl" as const },
      { id: "c", text: "software", by: null, missingTerms: [{ source: "軟體", target: "software program", note: null }] },
      { id: "elsewhere", text: "not in this document", by: null },
    ];
    expect(b.apply(job, { type: "cachedRows", rows })).toBe(true);
    expect(statuses(b)).toEqual(["cached", "pending", "cached", "pending"]);
    expect(b.get("a")).toEqual({ status: "cached", text: "Taiwan", error: null, by: "deepl" });
    expect(b.get("c").missingTerms).toEqual([{ source: "軟體", target: "software program", note: null }]);
    expect(b.progress()).toMatchObject({ translated: 2, running: true });
    // The same rows again change nothing; after the job ends they are ignored.
    expect(b.apply(job, { type: "cachedRows", rows })).toBe(false);
    b.apply(job, finished({ cached: 2 }));
    expect(b.apply(job, { type: "cachedRows", rows: [{ id: "b", text: "late", by: null }] })).toBe(false);
    expect(b.get("b").status).toBe("pending");
  });

  it("shows a block kept in its own language as translated, marked as kept", () => {
    const b = board();
    const job = b.start();
    b.apply(job, { type: "kept", id: "b", text: "All rights reserved." });
    expect(b.get("b")).toEqual({ status: "done", text: "All rights reserved.", error: null, kept: true });
    expect(b.progress().translated).toBe(1);
  });

  it("replaces a block's streamed text with each partial event", () => {
    const b = board();
    const job = b.start();
    b.apply(job, { type: "translating", id: "a" });
    expect(b.apply(job, { type: "partial", id: "a", text: "Tai" })).toBe(false);
    b.apply(job, { type: "partial", id: "a", text: "Taiwan's" });
    expect(b.get("a")).toEqual({ status: "translating", text: "Taiwan's", error: null });
    b.apply(job, { type: "done", id: "a", text: "Taiwan's software", by: null });
    expect(b.get("a").text).toBe("Taiwan's software");
  });

  it("never lets a late partial overwrite a finished translation", () => {
    const b = board();
    const job = b.start();
    b.apply(job, { type: "done", id: "a", text: "final", by: null });
    b.apply(job, { type: "partial", id: "a", text: "fin" });
    expect(b.get("a")).toEqual({ status: "done", text: "final", error: null });
  });

  it("records a failure with its reason and lists failed ids in document order", () => {
    const b = board();
    const job = b.start();
    b.apply(job, { type: "failed", id: "c", error: unauthorized });
    b.apply(job, { type: "failed", id: "a", error: { kind: "timeout", message: "no answer in 30 s", unreachableHost: null } });
    expect(b.get("c")).toEqual({ status: "failed", text: "", error: unauthorized });
    expect(b.failedIds()).toEqual(["a", "c"]);
    expect(b.progress().failed).toBe(2);
  });

  it("treats a block failed as cancelled as pending, not failed", () => {
    const b = board();
    const job = b.start();
    b.apply(job, { type: "translating", id: "a" });
    b.apply(job, { type: "failed", id: "a", error: { kind: "cancelled", message: "cancelled", unreachableHost: null } });
    expect(b.get("a")).toEqual(PENDING);
    expect(b.failedIds()).toEqual([]);
  });

  it("ignores events for blocks that are not in the document", () => {
    const b = board();
    const job = b.start();
    expect(b.apply(job, { type: "done", id: "zzz", text: "?", by: null })).toBe(false);
    expect(b.entries.has("zzz")).toBe(false);
    expect(b.progress().translated).toBe(0);
  });

  it("ends the job on finished, keeps the summary and frees blocks left in flight", () => {
    const b = board();
    const job = b.start();
    b.apply(job, { type: "done", id: "a", text: "A", by: null });
    b.apply(job, { type: "translating", id: "b" });
    expect(b.apply(job, finished({ done: 1, requests: 1 }))).toBe(true);
    expect(b.running).toBe(false);
    expect(b.get("b")).toEqual(PENDING);
    expect(b.progress()).toMatchObject({
      running: false,
      stopped: false,
      translating: 0,
      last: { done: 1, cached: 0, failed: 0, requests: 1, cancelled: false },
    });
  });

  it("marks the job stopped when the shell reports it cancelled", () => {
    const b = board();
    const job = b.start();
    b.apply(job, finished({ cancelled: true }));
    expect(b.progress()).toMatchObject({ running: false, stopped: true });
  });

  it("ignores events once the job has finished", () => {
    const b = board();
    const job = b.start();
    b.apply(job, finished());
    expect(b.apply(job, { type: "done", id: "a", text: "A", by: null })).toBe(false);
    expect(b.get("a").status).toBe("pending");
  });
});

describe("cancel", () => {
  it("keeps finished blocks and returns in-flight blocks, partial text and all, to pending", () => {
    const b = board();
    const job = b.start();
    b.apply(job, { type: "cached", id: "a", text: "A", by: null });
    b.apply(job, { type: "failed", id: "b", error: unauthorized });
    b.apply(job, { type: "translating", id: "c" });
    b.apply(job, { type: "partial", id: "c", text: "half a sent" });
    b.cancel();
    expect(statuses(b)).toEqual(["cached", "failed", "pending", "pending"]);
    expect(b.get("c").text).toBe("");
    expect(b.progress()).toMatchObject({ running: false, stopped: true, translated: 1, failed: 1, translating: 0 });
  });

  it("ignores whatever the cancelled job still sends", () => {
    const b = board();
    const job = b.start();
    b.cancel();
    expect(b.apply(job, { type: "done", id: "a", text: "late", by: null })).toBe(false);
    expect(b.apply(job, finished({ cancelled: true }))).toBe(false);
    expect(b.get("a")).toEqual(PENDING);
  });

  it("ignores a cancelled job's late events while the next job runs", () => {
    const b = board();
    const first = b.start();
    b.cancel();
    const second = b.start();
    expect(b.apply(first, { type: "done", id: "a", text: "old", by: null })).toBe(false);
    expect(b.apply(first, finished({ cancelled: true }))).toBe(false);
    expect(b.get("a")).toEqual(PENDING);
    expect(b.running).toBe(true);
    b.apply(second, { type: "done", id: "a", text: "new", by: null });
    expect(b.get("a").text).toBe("new");
  });

  it("lets a new job start afterwards, whose events apply", () => {
    const b = board();
    const first = b.start();
    b.cancel();
    const second = b.start();
    expect(second).not.toBe(first);
    expect(b.apply(second, { type: "done", id: "a", text: "A", by: null })).toBe(true);
    expect(b.progress()).toMatchObject({ running: true, stopped: false, translated: 1 });
  });
});

describe("start", () => {
  it("refuses a second job while one runs", () => {
    const b = board();
    b.start();
    expect(() => b.start()).toThrow();
  });

  it("shows retried blocks as translating at once and clears their error", () => {
    const b = board();
    const first = b.start();
    b.apply(first, { type: "failed", id: "b", error: unauthorized });
    b.apply(first, { type: "failed", id: "d", error: unauthorized });
    b.apply(first, finished({ failed: 2 }));
    b.start(b.failedIds());
    expect(statuses(b)).toEqual(["pending", "translating", "pending", "translating"]);
    expect(b.get("b").error).toBeNull();
    expect(b.failedIds()).toEqual([]);
  });

  it("puts the failures back when the retry could not be started", () => {
    const b = board();
    const first = b.start();
    b.apply(first, { type: "failed", id: "b", error: unauthorized });
    b.apply(first, finished({ failed: 1 }));
    const retry = b.start(["b"]);
    b.abandon(retry);
    expect(b.get("b")).toEqual({ status: "failed", text: "", error: unauthorized });
    expect(b.running).toBe(false);
  });
});

describe("retain", () => {
  it("keeps the entries of blocks still present and adds new blocks as pending", () => {
    const b = board(["a", "b"]);
    const job = b.start();
    b.apply(job, { type: "done", id: "a", text: "A", by: null });
    b.apply(job, { type: "done", id: "b", text: "B", by: null });
    b.retain(["a", "c"]);
    expect(b.get("a").text).toBe("A");
    expect(b.get("c")).toEqual(PENDING);
    expect(b.entries.has("b")).toBe(false);
    expect(b.progress()).toMatchObject({ total: 2, translated: 1, running: true });
    // The running job still applies to the blocks that remain.
    expect(b.apply(job, { type: "cached", id: "c", text: "C", by: null })).toBe(true);
  });
});

describe("counting", () => {
  it("keeps the counts equal to a recount after any sequence of events", () => {
    const b = board();
    const job = b.start();
    const events: TranslationEvent[] = [
      { type: "translating", id: "a" },
      { type: "translating", id: "b" },
      { type: "done", id: "a", text: "A", by: null },
      { type: "failed", id: "b", error: unauthorized },
      { type: "translating", id: "b" },
      { type: "cached", id: "c", text: "C", by: null },
      { type: "done", id: "b", text: "B", by: null },
      { type: "translating", id: "d" },
    ];
    for (const e of events) b.apply(job, e);
    const recount = (s: string) => [...b.entries.values()].filter((e) => e.status === s).length;
    expect(b.progress()).toMatchObject({
      translated: recount("done") + recount("cached"),
      failed: recount("failed"),
      translating: recount("translating"),
    });
    expect(b.progress()).toMatchObject({ translated: 3, failed: 0, translating: 1 });
  });
});

describe("edits and glossary marks", () => {
  function translated() {
    const board = new TranslationBoard();
    board.reset(["a", "b"]);
    const token = board.start();
    board.apply(token, { type: "done", id: "a", text: "Machine.", by: "deepl", missingTerms: [{ source: "捷運", target: "MRT", note: null }] });
    board.apply(token, { type: "finished", done: 1, cached: 0, failed: 0, requests: 1, cancelled: false });
    return board;
  }

  it("keeps the glossary's misses of a translation on its row", () => {
    expect(translated().get("a").missingTerms).toEqual([{ source: "捷運", target: "MRT", note: null }]);
  });

  it("an edit shows the user's text, remembers the machine version and is undone to it", () => {
    const board = translated();
    expect(board.edit("a", "Mine, with MRT.", "Machine.")).toBe(true);
    expect(board.get("a")).toMatchObject({ status: "done", text: "Mine, with MRT.", machine: "Machine.", by: "deepl" });
    expect(board.get("a").missingTerms).toBeUndefined();
    expect(board.editedIds()).toEqual(["a"]);
    expect(board.progress().translated).toBe(1);
    expect(board.unedit("a", "Machine.")).toBe(true);
    expect(board.get("a")).toMatchObject({ text: "Machine." });
    expect(board.get("a").machine).toBeUndefined();
    expect(board.unedit("a", "Machine.")).toBe(false);
  });

  it("a row written by hand counts as translated, and undoing it leaves it pending", () => {
    const board = translated();
    board.edit("b", "By hand.", "");
    expect(board.progress().translated).toBe(2);
    board.unedit("b", "");
    expect(board.get("b")).toEqual(PENDING);
    expect(board.progress().translated).toBe(1);
  });

  it("a row being translated cannot be edited", () => {
    const board = translated();
    const token = board.start(["b"]);
    expect(board.edit("b", "Mine.", "")).toBe(false);
    board.apply(token, { type: "done", id: "b", text: "New.", by: null });
    expect(board.get("b").machine).toBeUndefined();
  });
});
