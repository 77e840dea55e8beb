import { describe, expect, it, vi } from "vitest";
import type { ReaderPrefs } from "../ipc";
import {
  DEFAULT_PREFS,
  clampFontSize,
  fontFamilyProblem,
  moveColumn,
  normalizePrefs,
  setColumnVisible,
  toggleColumn,
  visibleColumns,
} from "./prefs";
import { Prefs, type PrefsApi } from "./prefs.svelte";

describe("prefs values", () => {
  it("accepts the font names the shell accepts and refuses CSS", () => {
    expect(fontFamilyProblem("")).toBeNull();
    expect(fontFamilyProblem("Noto Serif CJK TC")).toBeNull();
    expect(fontFamilyProblem("思源宋體")).toBeNull();
    expect(fontFamilyProblem("LXGW_WenKai-Mono 2")).toBeNull();
    expect(fontFamilyProblem("x; color: red")).toContain(";");
    expect(fontFamilyProblem('"Arial"')).not.toBeNull();
    expect(fontFamilyProblem("a".repeat(65))).toContain("64");
  });

  it("keeps font sizes in range", () => {
    expect(clampFontSize(5)).toBe(12);
    expect(clampFontSize(40)).toBe(32);
    expect(clampFontSize(18.4)).toBe(18);
    expect(clampFontSize(Number.NaN)).toBe(17);
  });

  it("never hides the last visible column", () => {
    let p = setColumnVisible(DEFAULT_PREFS, "original", false);
    p = toggleColumn(p, "simplified");
    expect(visibleColumns(p)).toEqual(["translation"]);
    const same = toggleColumn(p, "translation");
    expect(same).toBe(p);
    expect(visibleColumns(toggleColumn(p, "original"))).toEqual(["original", "translation"]);
  });

  it("moves columns left and right within bounds", () => {
    const p = moveColumn(DEFAULT_PREFS, "translation", -1);
    expect(p.columns.map((c) => c.column)).toEqual(["original", "translation", "simplified"]);
    expect(moveColumn(p, "original", -1)).toBe(p);
    expect(moveColumn(DEFAULT_PREFS, "translation", 1)).toBe(DEFAULT_PREFS);
    expect(DEFAULT_PREFS.columns.map((c) => c.column)).toEqual(["original", "simplified", "translation"]);
  });

  it("repairs a broken value", () => {
    const p = normalizePrefs({
      columns: [
        { column: "translation", visible: false },
        { column: "translation", visible: true },
      ],
      fontSize: 99,
      fontFamily: "a;b",
    } as Partial<ReaderPrefs>);
    expect(p.columns.map((c) => c.column)).toEqual(["translation", "original", "simplified"]);
    expect(p.columns[0].visible).toBe(false);
    expect(p.fontSize).toBe(32);
    expect(p.fontFamily).toBe("");
    expect(normalizePrefs(null)).toEqual(DEFAULT_PREFS);
  });
});

function api(overrides: Partial<PrefsApi> = {}): PrefsApi {
  return {
    getReaderPrefs: vi.fn(async () => ({ ...DEFAULT_PREFS, theme: "dark" as const })),
    setReaderPrefs: vi.fn(async (p: ReaderPrefs) => p),
    ...overrides,
  };
}

describe("Prefs store", () => {
  it("loads, or keeps the defaults when the shell cannot answer", async () => {
    const ok = new Prefs(api());
    await ok.load();
    expect(ok.value.theme).toBe("dark");
    const failing = new Prefs(api({ getReaderPrefs: vi.fn(() => Promise.reject(new Error("no shell"))) }));
    await failing.load();
    expect(failing.value).toEqual(DEFAULT_PREFS);
    expect(failing.loaded).toBe(true);
  });

  it("takes the reading the page asked for early instead of asking again", async () => {
    const a = api();
    const prefs = new Prefs(a);
    await prefs.load(Promise.resolve({ ...DEFAULT_PREFS, fontSize: 24 }));
    expect(prefs.value.fontSize).toBe(24);
    expect(a.getReaderPrefs).not.toHaveBeenCalled();
    const failed = new Prefs(a);
    await failed.load(Promise.reject(new Error("no shell")));
    expect(failed.value).toEqual(DEFAULT_PREFS);
    expect(failed.loaded).toBe(true);
  });

  it("applies a change at once and saves the whole object", async () => {
    const a = api();
    const prefs = new Prefs(a);
    const saved = prefs.update({ fontSize: 20 });
    expect(prefs.value.fontSize).toBe(20);
    expect(await saved).toBe(true);
    expect(a.setReaderPrefs).toHaveBeenCalledWith({ ...DEFAULT_PREFS, fontSize: 20 });
  });

  it("applies a change asked for during loading to the stored preferences, not the defaults", async () => {
    const a = api();
    const prefs = new Prefs(a);
    const loading = prefs.load();
    const saved = prefs.update({ fontSize: 20 });
    await loading;
    expect(await saved).toBe(true);
    expect(a.setReaderPrefs).toHaveBeenCalledWith({ ...DEFAULT_PREFS, theme: "dark", fontSize: 20 });
    expect(prefs.value.theme).toBe("dark");
  });

  it("reverts and reports when saving fails", async () => {
    const errors: string[] = [];
    const prefs = new Prefs(
      api({ setReaderPrefs: vi.fn(() => Promise.reject({ kind: "internal", message: "disk full" })) }),
      (m) => errors.push(m),
    );
    const saved = prefs.update((p) => ({ ...p, theme: "light" }));
    expect(prefs.value.theme).toBe("light");
    expect(await saved).toBe(false);
    expect(prefs.value.theme).toBe("system");
    expect(errors[0]).toContain("disk full");
  });

  it("does not save a change that changes nothing", async () => {
    const a = api();
    const prefs = new Prefs(a);
    await prefs.update((p) => p);
    expect(a.setReaderPrefs).not.toHaveBeenCalled();
  });
});
