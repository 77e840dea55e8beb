import { describe, expect, it, vi } from "vitest";
import type { AppError, LocalServer, TranslationEvent, TranslationSettings } from "../ipc";
import { Translator, type TranslatorApi } from "./translator.svelte";
import { testProfile } from "../testing/profiles";

const profile = testProfile;

function settings(extra: Partial<TranslationSettings> = {}): TranslationSettings {
  return {
    profiles: [profile("DeepL"), profile("GPT", { kind: "openai", model: "gpt-4o-mini" })],
    defaultProfile: "DeepL",
    targetLanguage: "en",
    kinds: [],
    keychain: { state: "available", detail: null },
    keyFile: "/home/u/.config/duizhao/api-keys.json",
    translationChosen: true,
    offlineOnly: false,
    proxy: { mode: "system" },
    proxyPassword: false,
    ...extra,
  };
}

const OLLAMA: LocalServer = {
  kind: "ollama",
  label: "Ollama",
  provider: "openai",
  baseUrl: "http://127.0.0.1:11434/v1",
  models: ["qwen2.5:7b"],
};

/** A fake shell that records translation jobs and lets the test send their events. */
function fakeApi(overrides: Partial<TranslatorApi> = {}) {
  const jobs: { id: number; emit: (e: TranslationEvent) => void; args: unknown[]; options?: unknown }[] = [];
  let current = settings();
  const api: TranslatorApi = {
    getTranslationSettings: vi.fn(async () => current),
    saveProfile: vi.fn(async () => current),
    deleteProfile: vi.fn(async (name: string) => {
      current = { ...current, profiles: current.profiles.filter((p) => p.name !== name) };
      return current;
    }),
    setDefaultProfile: vi.fn(async (name: string) => (current = { ...current, defaultProfile: name })),
    setTargetLanguage: vi.fn(async (lang: string) => (current = { ...current, targetLanguage: lang })),
    setKeyFromClipboard: vi.fn(async () => current),
    deleteKey: vi.fn(async () => current),
    testConnection: vi.fn(async () => "DeepL answered in 120 ms."),
    setOfflineOnly: vi.fn(async (on: boolean) => (current = { ...current, offlineOnly: on })),
    findLocalServers: vi.fn(async () => [OLLAMA]),
    useLocalServer: vi.fn(async (baseUrl: string, model: string | null) => {
      const name = `Ollama · ${model}`;
      const added = profile(name, { kind: "openai", baseUrl, model, keyPlace: null });
      current = { ...current, profiles: [...current.profiles, added], defaultProfile: name };
      return current;
    }),
    translateDocument: vi.fn(async (profileName, visibleIds, onlyIds, onEvent, options) => {
      const id = jobs.length + 1;
      jobs.push({ id, emit: onEvent, args: [profileName, visibleIds, onlyIds], options });
      return id;
    }),
    cancelTranslation: vi.fn(async () => undefined),
    chooseTranslation: vi.fn(async (choice: "web" | "local" | "api") => {
      current = { ...current, translationChosen: true };
      if (choice === "web") {
        const web = profile("Free web engines", { kind: "web" });
        current = { ...current, profiles: [web, ...current.profiles], defaultProfile: web.name };
      }
      return current;
    }),
    networkBack: vi.fn(async () => undefined),
    setProxy: vi.fn(async (proxy) => (current = { ...current, proxy })),
    setProxyPasswordFromClipboard: vi.fn(async () => (current = { ...current, proxyPassword: true })),
    deleteProxyPassword: vi.fn(async () => (current = { ...current, proxyPassword: false })),
    editTranslation: vi.fn(async () => "Machine."),
    revertEdit: vi.fn(async () => "Machine."),
    clearCompare: vi.fn(async () => undefined),
    checkTerms: vi.fn(async () => []),
    ...overrides,
  };
  return { api, jobs };
}

async function ready(api: TranslatorApi, ids = ["a", "b", "c"]): Promise<Translator> {
  const t = new Translator(api);
  await t.load();
  t.setDocument(ids, 1);
  return t;
}

const status = (t: Translator, id: string) => t.blocks.get(id)?.status;

describe("loading", () => {
  it("picks the default profile and shows every block pending", async () => {
    const { api } = fakeApi();
    const t = await ready(api);
    expect(t.profile).toBe("DeepL");
    expect(t.target).toBe("en");
    expect([...t.blocks.values()].every((b) => b.status === "pending")).toBe(true);
    expect(t.progress.total).toBe(3);
  });

  it("takes the settings the page asked for early instead of asking again", async () => {
    const { api } = fakeApi();
    const t = new Translator(api);
    expect(await t.load(Promise.resolve(settings({ targetLanguage: "ja" })))).toBe(true);
    expect(t.target).toBe("ja");
    expect(api.getTranslationSettings).not.toHaveBeenCalled();
  });

  it("keeps the error when the settings cannot be read", async () => {
    const failure: AppError = { kind: "internal", message: "settings file is corrupt" };
    const { api } = fakeApi({ getTranslationSettings: vi.fn(() => Promise.reject(failure)) });
    const t = new Translator(api);
    expect(await t.load()).toBe(false);
    expect(t.error).toEqual(failure);
    expect(t.hasProfiles).toBe(false);
  });
});

describe("a job", () => {
  it("starts with the picked profile and the visible ids, and applies its events", async () => {
    const { api, jobs } = fakeApi();
    const t = await ready(api);
    await t.translate(["b"]);
    expect(jobs[0].args).toEqual(["DeepL", ["b"], null]);
    expect(t.running).toBe(true);
    jobs[0].emit({ type: "cached", id: "b", text: "B", by: null });
    jobs[0].emit({ type: "done", id: "a", text: "A", by: null });
    expect(t.blocks.get("b")).toEqual({ status: "cached", text: "B", error: null });
    expect(t.progress.translated).toBe(2);
    jobs[0].emit({ type: "finished", done: 1, cached: 1, failed: 0, requests: 1, cancelled: false });
    expect(t.running).toBe(false);
  });

  it("stops in the shell with the job's id and returns unfinished blocks to pending", async () => {
    const { api, jobs } = fakeApi();
    const t = await ready(api);
    await t.translate([]);
    jobs[0].emit({ type: "done", id: "a", text: "A", by: null });
    jobs[0].emit({ type: "translating", id: "b" });
    await t.stop();
    expect(api.cancelTranslation).toHaveBeenCalledWith(1);
    expect(status(t, "a")).toBe("done");
    expect(status(t, "b")).toBe("pending");
    expect(t.progress).toMatchObject({ running: false, stopped: true });
    jobs[0].emit({ type: "done", id: "b", text: "late", by: null });
    expect(status(t, "b")).toBe("pending");
  });

  it("cancels in the shell a job stopped before its id arrived", async () => {
    let resolveId!: (id: number) => void;
    const { api } = fakeApi({ translateDocument: vi.fn(() => new Promise<number>((r) => (resolveId = r))) });
    const t = await ready(api);
    const running = t.translate([]);
    await t.stop();
    expect(api.cancelTranslation).not.toHaveBeenCalled();
    resolveId(7);
    await running;
    expect(api.cancelTranslation).toHaveBeenCalledWith(7);
  });

  it("retries only the failed blocks", async () => {
    const { api, jobs } = fakeApi();
    const t = await ready(api);
    await t.translate(["a"]);
    jobs[0].emit({ type: "failed", id: "c", error: { kind: "rate_limited", message: "429", unreachableHost: null } });
    jobs[0].emit({ type: "done", id: "a", text: "A", by: null });
    jobs[0].emit({ type: "finished", done: 1, cached: 0, failed: 1, requests: 2, cancelled: false });
    await t.retryFailed(["a", "b"]);
    expect(jobs[1].args).toEqual(["DeepL", ["a", "b"], ["c"]]);
    expect(status(t, "c")).toBe("translating");
  });

  it("shows why a job could not start and restores what it changed", async () => {
    const noKey: AppError = { kind: "internal", message: "no API key is stored for “DeepL”" };
    const { api, jobs } = fakeApi();
    const t = await ready(api);
    await t.translate([]);
    jobs[0].emit({ type: "failed", id: "a", error: { kind: "unauthorized", message: "401", unreachableHost: null } });
    jobs[0].emit({ type: "finished", done: 0, cached: 0, failed: 1, requests: 1, cancelled: false });
    vi.mocked(api.translateDocument).mockRejectedValueOnce(noKey);
    await t.retryBlock("a");
    expect(t.error).toEqual(noKey);
    expect(t.running).toBe(false);
    expect(status(t, "a")).toBe("failed");
  });
});

describe("resets", () => {
  it("opening another document cancels the job and makes everything pending", async () => {
    const { api, jobs } = fakeApi();
    const t = await ready(api);
    await t.translate([]);
    jobs[0].emit({ type: "done", id: "a", text: "A", by: null });
    t.setDocument(["x", "y"], 2);
    expect(api.cancelTranslation).toHaveBeenCalledWith(1);
    expect([...t.blocks.keys()]).toEqual(["x", "y"]);
    expect(t.progress).toMatchObject({ total: 2, translated: 0, running: false });
  });

  it("a re-conversion of the same document keeps the translations", async () => {
    const { api, jobs } = fakeApi();
    const t = await ready(api);
    await t.translate([]);
    jobs[0].emit({ type: "done", id: "a", text: "A", by: null });
    t.setDocument(["a", "b", "c"], 1);
    expect(status(t, "a")).toBe("done");
    expect(api.cancelTranslation).not.toHaveBeenCalled();
  });

  it("another target language resets the column", async () => {
    const { api, jobs } = fakeApi();
    const t = await ready(api);
    await t.translate([]);
    jobs[0].emit({ type: "done", id: "a", text: "A", by: null });
    expect(await t.chooseTarget("ja")).toBe(true);
    expect(api.setTargetLanguage).toHaveBeenCalledWith("ja");
    expect(t.target).toBe("ja");
    expect(status(t, "a")).toBe("pending");
    expect(api.cancelTranslation).toHaveBeenCalledWith(1);
  });

  it("another profile resets the column and is used by the next job", async () => {
    const { api, jobs } = fakeApi();
    const t = await ready(api);
    await t.translate([]);
    jobs[0].emit({ type: "done", id: "a", text: "A", by: null });
    jobs[0].emit({ type: "finished", done: 1, cached: 0, failed: 0, requests: 1, cancelled: false });
    t.chooseProfile("GPT");
    expect(status(t, "a")).toBe("pending");
    await t.translate([]);
    expect(jobs[1].args[0]).toBe("GPT");
  });

  it("falls back to the default profile when the picked one is deleted", async () => {
    const { api } = fakeApi();
    const t = await ready(api);
    t.chooseProfile("GPT");
    expect(await t.deleteProfile("GPT")).toBeNull();
    expect(t.profile).toBe("DeepL");
  });

  it("follows a rename of the picked profile without resetting", async () => {
    const renamed = settings({ profiles: [profile("DeepL Pro"), profile("GPT")], defaultProfile: "DeepL Pro" });
    const { api, jobs } = fakeApi({ saveProfile: vi.fn(async () => renamed) });
    const t = await ready(api);
    await t.translate([]);
    jobs[0].emit({ type: "done", id: "a", text: "A", by: null });
    expect(await t.saveProfile({ ...profile("DeepL Pro") }, "DeepL")).toBeNull();
    expect(t.profile).toBe("DeepL Pro");
    expect(status(t, "a")).toBe("done");
  });
});

describe("settings commands", () => {
  it("resolve to the error instead of raising it", async () => {
    const clipboardEmpty: AppError = { kind: "clipboard", message: "the clipboard holds no text" };
    const { api } = fakeApi({ setKeyFromClipboard: vi.fn(() => Promise.reject(clipboardEmpty)) });
    const t = await ready(api);
    expect(await t.keyFromClipboard("DeepL", "keychain")).toEqual(clipboardEmpty);
    expect(t.error).toBeNull();
  });

  it("store a key in the file only after the user confirmed it", async () => {
    const { api } = fakeApi();
    const t = await ready(api);
    const refused = await t.keyFromClipboard("DeepL", "file");
    expect(refused?.kind).toBe("key_file");
    expect(api.setKeyFromClipboard).not.toHaveBeenCalled();
    t.confirmKeyFile();
    expect(await t.keyFromClipboard("DeepL", "file")).toBeNull();
    expect(api.setKeyFromClipboard).toHaveBeenCalledWith("DeepL", "file");
  });

  it("test the connection and report the sentence or the error", async () => {
    const { api } = fakeApi();
    const t = await ready(api);
    expect(await t.testConnection("DeepL")).toEqual({ ok: true, message: "DeepL answered in 120 ms." });
    vi.mocked(api.testConnection).mockRejectedValueOnce({ kind: "internal", message: "401 Unauthorized" });
    expect(await t.testConnection("DeepL")).toEqual({ ok: false, error: { kind: "internal", message: "401 Unauthorized" } });
  });
});

describe("restore", () => {
  it("shows stored translations as cached without a request and counts them in the progress", async () => {
    const { api } = fakeApi();
    const t = await ready(api);
    expect(t.restore({ a: "First", c: "Third", zz: "not in this document" })).toBe(2);
    expect(status(t, "a")).toBe("cached");
    expect(t.blocks.get("a")?.text).toBe("First");
    expect(status(t, "b")).toBe("pending");
    expect(t.progress.translated).toBe(2);
    expect(t.running).toBe(false);
    expect(api.translateDocument).not.toHaveBeenCalled();
  });
});

describe("first run and offline", () => {
  it("asks until the user chooses, and the web choice puts the web engines in use", async () => {
    const { api } = fakeApi();
    const first = settings({ translationChosen: false });
    (api.getTranslationSettings as ReturnType<typeof vi.fn>).mockResolvedValueOnce(first);
    const t = await ready(api);
    expect(t.needsChoice).toBe(true);
    expect(await t.choose("web")).toBeNull();
    expect(api.chooseTranslation).toHaveBeenCalledWith("web");
    expect(t.needsChoice).toBe(false);
    expect(t.profile).toBe("Free web engines");
  });

  it("a job whose every failure is a network failure is offline, and resumes the failed rows", async () => {
    const { api, jobs } = fakeApi();
    const t = await ready(api);
    await t.translate(["a"]);
    const network = { kind: "network" as const, message: "Cannot reach edge.microsoft.com", unreachableHost: null };
    jobs[0].emit({ type: "done", id: "a", text: "A", by: "edge" });
    jobs[0].emit({ type: "failed", id: "b", error: network });
    jobs[0].emit({ type: "failed", id: "c", error: network });
    jobs[0].emit({ type: "finished", done: 1, cached: 0, failed: 2, requests: 2, cancelled: false });
    expect(t.offline).toBe(true);
    expect(t.blocks.get("a")?.by).toBe("edge");
    await t.resume(["b"]);
    expect(api.networkBack).toHaveBeenCalledTimes(1);
    expect(jobs).toHaveLength(2);
    expect(jobs[1].args).toEqual(["DeepL", ["b"], ["b", "c"]]);
    expect(t.offline).toBe(false);
  });

  it("a server nobody answers on is said once for the job, naming the profile and host, not called offline", async () => {
    const { api, jobs } = fakeApi();
    const t = await ready(api);
    await t.translate(["a"]);
    const refused = { kind: "network" as const, message: "Cannot reach 127.0.0.1:9: connection refused", unreachableHost: "127.0.0.1:9" };
    for (const id of ["a", "b", "c"]) jobs[0].emit({ type: "failed", id, error: refused });
    jobs[0].emit({ type: "finished", done: 0, cached: 0, failed: 3, requests: 1, cancelled: false });
    expect(t.unreachable).toEqual({ profile: "DeepL", host: "127.0.0.1:9" });
    expect(t.offline).toBe(false);
    // Trying again clears it until the new job says otherwise.
    await t.retryFailed(["a"]);
    expect(t.unreachable).toBeNull();
  });

  it("the web chain unreachable everywhere is offline, not one server down", async () => {
    const { api, jobs } = fakeApi();
    const t = await ready(api);
    expect(await t.choose("web")).toBeNull();
    await t.translate(["a"]);
    const refused = { kind: "network" as const, message: "Cannot reach 127.0.0.1:9", unreachableHost: "127.0.0.1:9" };
    for (const id of ["a", "b", "c"]) jobs[0].emit({ type: "failed", id, error: refused });
    jobs[0].emit({ type: "finished", done: 0, cached: 0, failed: 3, requests: 1, cancelled: false });
    expect(t.offline).toBe(true);
    expect(t.unreachable).toBeNull();
  });

  it("other failures are not called offline", async () => {
    const { api, jobs } = fakeApi();
    const t = await ready(api);
    await t.translate([]);
    jobs[0].emit({ type: "failed", id: "a", error: { kind: "network", message: "x", unreachableHost: null } });
    jobs[0].emit({ type: "failed", id: "b", error: { kind: "unauthorized", message: "bad key", unreachableHost: null } });
    jobs[0].emit({ type: "finished", done: 0, cached: 0, failed: 2, requests: 1, cancelled: false });
    expect(t.offline).toBe(false);
    await t.resume([]);
    expect(jobs).toHaveLength(1);
  });
});

describe("local servers", () => {
  it("uses a found model in one step: it becomes the default and the toolbar's profile, and the column resets", async () => {
    const { api, jobs } = fakeApi();
    const t = await ready(api);
    await t.translate(["a"]);
    jobs[0]!.emit({ type: "done", id: "a", text: "A", by: null });
    const found = await t.findLocalServers();
    expect(found).toEqual({ servers: [OLLAMA] });

    const result = await t.useLocalServer(OLLAMA, "qwen2.5:7b");

    expect(result).toEqual({ name: "Ollama · qwen2.5:7b" });
    expect(api.useLocalServer).toHaveBeenCalledWith("http://127.0.0.1:11434/v1", "qwen2.5:7b");
    expect(t.profile).toBe("Ollama · qwen2.5:7b");
    expect(t.settings?.defaultProfile).toBe("Ollama · qwen2.5:7b");
    expect(status(t, "a")).toBe("pending");
  });

  it("returns the shell's refusal instead of raising it", async () => {
    const refusal: AppError = { kind: "local_servers", message: "No local server was found at http://127.0.0.1:11434/v1; look again" };
    const { api } = fakeApi({
      findLocalServers: vi.fn(async () => Promise.reject(refusal)),
      useLocalServer: vi.fn(async () => Promise.reject(refusal)),
    });
    const t = await ready(api);
    expect(await t.findLocalServers()).toEqual({ error: refusal });
    expect(await t.useLocalServer(OLLAMA, "qwen2.5:7b")).toEqual({ error: refusal });
    expect(t.profile).toBe("DeepL");
    expect(t.error).toBeNull();
  });

  it("saves the fully offline switch", async () => {
    const { api } = fakeApi();
    const t = await ready(api);
    expect(await t.setOfflineOnly(true)).toBeNull();
    expect(t.settings?.offlineOnly).toBe(true);
  });
});

describe("edits, translating again and the comparison column", () => {
  it("Translate leaves the edited rows alone; translating a row again goes past the cache", async () => {
    const { api, jobs } = fakeApi();
    const t = await ready(api);
    await t.translate([]);
    jobs[0].emit({ type: "done", id: "a", text: "Machine.", by: "deepl" });
    jobs[0].emit({ type: "finished", done: 1, cached: 0, failed: 0, requests: 1, cancelled: false });
    expect(await t.edit("a", " Mine. ")).toBeNull();
    expect(api.editTranslation).toHaveBeenCalledWith("a", " Mine. ");
    expect(t.blocks.get("a")).toMatchObject({ text: "Mine.", machine: "Machine." });

    await t.translate(["a", "b"]);
    expect(jobs[1].args).toEqual(["DeepL", ["a", "b"], ["b", "c"]]);
    expect(jobs[1].options).toEqual({ fresh: false, column: "main" });
    jobs[1].emit({ type: "finished", done: 0, cached: 0, failed: 0, requests: 0, cancelled: false });

    await t.retranslate(["a"], "GPT");
    expect(jobs[2].args).toEqual(["GPT", ["a"], ["a"]]);
    expect(jobs[2].options).toEqual({ fresh: true, column: "main" });
    expect(t.blocks.get("a")?.status).toBe("translating");
    jobs[2].emit({ type: "done", id: "a", text: "Again.", by: "openai" });
    expect(t.blocks.get("a")?.machine).toBeUndefined();
  });

  it("an edit the shell refuses is reported and changes nothing", async () => {
    const refusal: AppError = { kind: "edit", message: "An edited translation cannot be empty" };
    const { api } = fakeApi({ editTranslation: vi.fn(async () => Promise.reject(refusal)) });
    const t = await ready(api);
    expect(await t.edit("a", "")).toEqual(refusal);
    expect(t.blocks.get("a")?.status).toBe("pending");
  });

  it("undoing an edit shows the machine version again", async () => {
    const { api, jobs } = fakeApi();
    const t = await ready(api);
    await t.translate([]);
    jobs[0].emit({ type: "done", id: "a", text: "Machine.", by: "deepl" });
    await t.edit("a", "Mine.");
    expect(await t.revertEdit("a")).toBeNull();
    expect(t.blocks.get("a")?.text).toBe("Machine.");
    expect(t.editedIds).toEqual([]);
  });

  it("the comparison column has no profile until one is chosen, and sends its jobs to that column", async () => {
    const { api, jobs } = fakeApi();
    const t = new Translator(api, "compare");
    t.adoptSettings(await api.getTranslationSettings());
    t.setDocument(["a", "b"], 1);
    expect(t.profile).toBeNull();
    await t.translate([]);
    expect(jobs).toHaveLength(0);
    t.chooseProfile("GPT");
    await t.translate(["a"]);
    expect(jobs[0].args).toEqual(["GPT", ["a"], null]);
    expect(jobs[0].options).toEqual({ fresh: false, column: "compare" });
    jobs[0].emit({ type: "done", id: "a", text: "Compared.", by: "openai" });
    await t.close();
    expect(api.clearCompare).toHaveBeenCalled();
    expect(t.profile).toBeNull();
    expect(t.blocks.get("a")?.status).toBe("pending");
  });
});
