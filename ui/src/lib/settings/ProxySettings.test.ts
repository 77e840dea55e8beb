// @vitest-environment jsdom
// Settings' Network section: the app's proxy saved as the user goes (a mode at once, a manual
// proxy once its address is valid), wrong addresses said beside the field and never stored, and
// the password only from the clipboard — into the keychain, or into the file after the user agreed.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { KeychainState, Proxy, TranslationSettings } from "../ipc";
import { setLocale } from "../i18n/i18n.svelte";
import { Translator, type TranslatorApi } from "../translation/translator.svelte";
import ProxySettings from "./ProxySettings.svelte";
import { testProfile } from "../testing/profiles";

function setUp(proxy: Proxy = { mode: "system" }, keychain: KeychainState = { state: "available", detail: null }) {
  let current: TranslationSettings = {
    profiles: [testProfile("DeepL")],
    defaultProfile: "DeepL",
    targetLanguage: "en",
    kinds: [],
    keychain,
    keyFile: "/home/u/.config/duizhao/api-keys.json",
    offlineOnly: false,
    proxy,
    proxyPassword: false,
    translationChosen: true,
  };
  const api = {
    getTranslationSettings: vi.fn(async () => current),
    setProxy: vi.fn(async (p: Proxy) => (current = { ...current, proxy: p })),
    setProxyPasswordFromClipboard: vi.fn(async () => (current = { ...current, proxyPassword: true })),
    deleteProxyPassword: vi.fn(async () => (current = { ...current, proxyPassword: false })),
  } as unknown as TranslatorApi;
  const translator = new Translator(api);
  const onmessage = vi.fn();
  const view = render(ProxySettings, { translator, settings: current, onmessage });
  return { api, translator, onmessage, view };
}

async function type(testid: string, value: string) {
  const input = screen.getByTestId(testid) as HTMLInputElement;
  await fireEvent.input(input, { target: { value } });
  await fireEvent.change(input);
}

async function pick(mode: string) {
  const select = screen.getByTestId("app-proxy-mode") as HTMLSelectElement;
  select.value = mode;
  await fireEvent.change(select);
}

afterEach(() => setLocale("en"));

describe("the app's proxy", () => {
  it("stores 'No proxy' as soon as it is picked, and says it applies from the next request", async () => {
    const { api, onmessage } = setUp();
    await pick("direct");
    await waitFor(() => expect(api.setProxy).toHaveBeenCalledWith({ mode: "direct" }));
    expect(onmessage).toHaveBeenLastCalledWith({ notice: "Proxy saved. It applies from the next request." });
  });

  it("waits quietly for a manual proxy's address, refuses a wrong one beside the field, stores a right one", async () => {
    const { api } = setUp();
    await pick("manual");
    expect(screen.queryByTestId("app-proxy-url-error")).toBeNull();
    expect(api.setProxy).not.toHaveBeenCalled();
    expect((screen.getByTestId("app-proxy-bypass") as HTMLInputElement).value).toBe("localhost, 127.0.0.1, ::1");

    await type("app-proxy-url", "socks5://127.0.0.1");
    expect(screen.getByTestId("app-proxy-url-error").textContent).toContain("needs a port");
    expect(screen.getByTestId("app-proxy-url").getAttribute("aria-invalid")).toBe("true");
    expect(api.setProxy).not.toHaveBeenCalled();

    await type("app-proxy-url", "socks5://127.0.0.1:1080");
    await waitFor(() =>
      expect(api.setProxy).toHaveBeenCalledWith({
        mode: "manual",
        url: "socks5://127.0.0.1:1080",
        bypass: "localhost, 127.0.0.1, ::1",
        username: null,
      }),
    );
    expect(screen.queryByTestId("app-proxy-url-error")).toBeNull();
  });

  it("a pending valid edit is saved when the dialog closes", async () => {
    const { api, view } = setUp({ mode: "manual", url: "http://old:3128", bypass: "", username: null });
    const input = screen.getByTestId("app-proxy-url") as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "http://new:3128" } });
    expect(api.setProxy).not.toHaveBeenCalled();
    view.unmount();
    await waitFor(() => expect(api.setProxy).toHaveBeenCalledWith({ mode: "manual", url: "http://new:3128", bypass: "", username: null }));
  });

  it("offers the password only with a user name, and pastes it into the keychain after saving the proxy", async () => {
    const { api, onmessage } = setUp({ mode: "manual", url: "http://proxy:3128", bypass: "", username: null });
    expect(screen.queryByTestId("app-proxy-password-paste")).toBeNull();
    const username = screen.getByTestId("app-proxy-username") as HTMLInputElement;
    await fireEvent.input(username, { target: { value: "alice" } });
    const paste = screen.getByTestId("app-proxy-password-paste");
    expect(paste.dataset.store).toBe("keychain");
    await fireEvent.click(paste);
    await waitFor(() => expect(api.setProxyPasswordFromClipboard).toHaveBeenCalledWith(null, "keychain"));
    // The user name was saved first: a password belongs to a proxy that asks for it.
    expect(api.setProxy).toHaveBeenCalledWith({ mode: "manual", url: "http://proxy:3128", bypass: "", username: "alice" });
    expect(vi.mocked(api.setProxy).mock.invocationCallOrder[0]).toBeLessThan(
      vi.mocked(api.setProxyPasswordFromClipboard).mock.invocationCallOrder[0],
    );
    expect(onmessage).toHaveBeenLastCalledWith({ notice: "Proxy password stored; the clipboard was cleared." });
  });

  it("without a keychain, keeps the password in the file only after the user agreed", async () => {
    const { api } = setUp(
      { mode: "manual", url: "http://proxy:3128", bypass: "", username: "alice" },
      { state: "unavailable", detail: "no bus" },
    );
    await fireEvent.click(screen.getByTestId("app-proxy-password-paste"));
    expect(screen.getByTestId("app-proxy-password-file-confirm").textContent).toContain("not encrypted");
    expect(api.setProxyPasswordFromClipboard).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId("app-proxy-password-file-yes"));
    await waitFor(() => expect(api.setProxyPasswordFromClipboard).toHaveBeenCalledWith(null, "file"));
  });

  it("is in Simplified Chinese too", () => {
    setLocale("zh-Hans");
    setUp();
    const options = [...(screen.getByTestId("app-proxy-mode") as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options).toEqual(["系统代理设置", "不使用代理", "指定代理…"]);
  });
});
