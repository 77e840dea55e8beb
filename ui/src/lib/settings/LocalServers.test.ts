// @vitest-environment jsdom
// Settings' "Found on this computer": probing when the section appears, one "Use" per model (one
// row for LibreTranslate), "In use" for the model already translating, a quiet sentence when
// nothing runs, and the fully offline switch.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LocalServer, TranslationSettings } from "../ipc";
import { setLocale } from "../i18n/i18n.svelte";
import { Translator, type TranslatorApi } from "../translation/translator.svelte";
import LocalServers from "./LocalServers.svelte";
import { testProfile } from "../testing/profiles";

const OLLAMA: LocalServer = {
  kind: "ollama",
  label: "Ollama",
  provider: "openai",
  baseUrl: "http://127.0.0.1:11434/v1",
  models: ["qwen2.5:7b", "llama3.1:8b"],
};
const LIBRE: LocalServer = {
  kind: "libretranslate",
  label: "LibreTranslate",
  provider: "libretranslate",
  baseUrl: "http://127.0.0.1:5000",
  models: [],
};

function setUp(found: LocalServer[]) {
  let current: TranslationSettings = {
    profiles: [testProfile("DeepL")],
    defaultProfile: "DeepL",
    targetLanguage: "en",
    kinds: [],
    keychain: { state: "available", detail: null },
    keyFile: "/home/u/.config/duizhao/api-keys.json",
    offlineOnly: false,
    proxy: { mode: "system" },
    proxyPassword: false,
    translationChosen: true,
  };
  const api = {
    getTranslationSettings: vi.fn(async () => current),
    findLocalServers: vi.fn(async () => found),
    useLocalServer: vi.fn(async (baseUrl: string, model: string | null) => {
      const name = `Ollama · ${model}`;
      const added = testProfile(name, { kind: "openai", baseUrl, model, keyPlace: null });
      current = { ...current, profiles: [...current.profiles, added], defaultProfile: name };
      return current;
    }),
    setOfflineOnly: vi.fn(async (on: boolean) => (current = { ...current, offlineOnly: on })),
  } as unknown as TranslatorApi;
  const translator = new Translator(api);
  const onused = vi.fn();
  const onmessage = vi.fn();
  return { api, translator, onused, onmessage, settings: () => current };
}

afterEach(() => setLocale("en"));

describe("found on this computer", () => {
  it("probes once when shown and offers each model, and LibreTranslate as one row", async () => {
    const { api, translator, onused, onmessage } = setUp([OLLAMA, LIBRE]);
    await translator.load();
    render(LocalServers, { translator, settings: translator.settings!, onused, onmessage });
    expect(screen.getByTestId("local-servers-looking")).toBeTruthy();
    const rows = await waitFor(() => {
      const found = screen.getAllByTestId("local-server");
      expect(found).toHaveLength(3);
      return found;
    });
    expect(rows.map((row) => row.querySelector(".what")?.textContent?.trim())).toEqual([
      "Ollama · qwen2.5:7b",
      "Ollama · llama3.1:8b",
      "LibreTranslate",
    ]);
    expect(screen.getAllByTestId("local-server-use")).toHaveLength(3);
    expect(api.findLocalServers).toHaveBeenCalledTimes(1);
  });

  it("uses a model in one click: it becomes the profile in use and the list says so", async () => {
    const { api, translator, onused, onmessage } = setUp([OLLAMA]);
    await translator.load();
    const view = render(LocalServers, { translator, settings: translator.settings!, onused, onmessage });
    const [first] = await waitFor(() => screen.getAllByTestId("local-server-use"));
    await fireEvent.click(first!);
    await waitFor(() => expect(onused).toHaveBeenCalledWith("Ollama · qwen2.5:7b"));
    expect(api.useLocalServer).toHaveBeenCalledWith("http://127.0.0.1:11434/v1", "qwen2.5:7b");
    expect(onmessage).toHaveBeenLastCalledWith({ notice: "Now translating with Ollama · qwen2.5:7b." });
    expect(translator.profile).toBe("Ollama · qwen2.5:7b");
    await view.rerender({ translator, settings: translator.settings!, onused, onmessage });
    await waitFor(() => expect(screen.getAllByTestId("local-server-in-use")).toHaveLength(1));
    expect(screen.getAllByTestId("local-server-use")).toHaveLength(1);
  });

  it("says quietly that nothing runs here, in the interface language", async () => {
    setLocale("zh-Hant");
    const { translator, onused, onmessage } = setUp([]);
    await translator.load();
    render(LocalServers, { translator, settings: translator.settings!, onused, onmessage });
    const none = await waitFor(() => screen.getByTestId("local-servers-none"));
    expect(none.textContent).toContain("這台電腦上沒有正在執行的翻譯伺服器");
    expect(screen.getByText("完全離線")).toBeTruthy();
    expect(onmessage).not.toHaveBeenCalled();
  });

  it("turns fully offline on", async () => {
    const { api, translator, onused, onmessage } = setUp([]);
    await translator.load();
    render(LocalServers, { translator, settings: translator.settings!, onused, onmessage });
    await fireEvent.click(screen.getByTestId("settings-offline-only"));
    await waitFor(() => expect(api.setOfflineOnly).toHaveBeenCalledWith(true));
    await waitFor(() => expect(translator.settings?.offlineOnly).toBe(true));
  });
});
