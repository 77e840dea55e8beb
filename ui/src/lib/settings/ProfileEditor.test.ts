// @vitest-environment jsdom
// The API-key part of the profile form without a usable keychain: plain words (never the D-Bus
// error as the message), the key file only after an explicit confirmation, and no warning for
// kinds that need no key.
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { KeychainState, ProfileView, ProviderKindInfo, TranslationSettings } from "../ipc";
import { setLocale } from "../i18n/i18n.svelte";
import { Translator, type TranslatorApi } from "../translation/translator.svelte";
import ProfileEditor from "./ProfileEditor.svelte";
import { testProfile } from "../testing/profiles";

const DBUS_ERROR = "the Secret Service could not be reached over the DBus session bus: zbus error: Failed to connect to address unix:path=/run/user/0/bus";
const NO_KEYCHAIN: KeychainState = { state: "unavailable", detail: DBUS_ERROR };
const KEY_FILE = "/home/u/.config/duizhao/api-keys.json";

const kinds: ProviderKindInfo[] = [
  { kind: "deepl", label: "DeepL", needsKey: true, defaultBaseUrl: "https://api.deepl.com", concurrency: 2, requestsPerSecond: 2 },
  { kind: "libretranslate", label: "LibreTranslate", needsKey: false, defaultBaseUrl: "https://libretranslate.com", concurrency: 2, requestsPerSecond: 2 },
];

function profile(name: string, kind: ProfileView["kind"], keyPlace: ProfileView["keyPlace"] = null): ProfileView {
  return testProfile(name, { kind, keyPlace });
}

function setUp(shown: ProfileView, keychain: KeychainState = NO_KEYCHAIN) {
  const settings: TranslationSettings = {
    profiles: [shown],
    defaultProfile: shown.name,
    targetLanguage: "en",
    kinds,
    keychain,
    keyFile: KEY_FILE,
    translationChosen: true,
    offlineOnly: false,
    proxy: { mode: "system" },
    proxyPassword: false,
  };
  const stored: TranslationSettings = { ...settings, profiles: [{ ...shown, keyPlace: "file" }] };
  const api = {
    getTranslationSettings: vi.fn(async () => settings),
    saveProfile: vi.fn(async () => settings),
    setProxyPasswordFromClipboard: vi.fn(async () => settings),
    setKeyFromClipboard: vi.fn(async () => stored),
    deleteKey: vi.fn(async () => settings),
  } as unknown as TranslatorApi;
  const translator = new Translator(api);
  const onmessage = vi.fn();
  const ondiscarded = vi.fn();
  const { component } = render(ProfileEditor, { translator, settings, profile: shown, onsaved: vi.fn(), ondeleted: vi.fn(), ondiscarded, onmessage });
  return { api, translator, onmessage, ondiscarded, component };
}

afterEach(() => setLocale("en"));

describe("the key part of a profile without a keychain", () => {
  it("says so in plain words, keeps the D-Bus error under Details, and offers no keychain paste", () => {
    setUp(profile("DeepL", "deepl"));
    const warning = screen.getByTestId("keychain-warning");
    expect(warning.querySelector("strong")?.textContent).toBe("This computer has no system keychain");
    const details = within(warning).getByTestId("keychain-details");
    expect(details.textContent).toContain("zbus error");
    // Outside the disclosure nothing technical is said.
    const words = [...warning.children].filter((el) => el !== details).map((el) => el.textContent).join(" ");
    expect(words).not.toMatch(/zbus|D-?Bus|unix:path/);
    expect((details as HTMLDetailsElement).open).toBe(false);
    expect(screen.queryByTestId("key-from-clipboard")).toBeNull();
    expect(screen.getByTestId("key-state").textContent).toBe("No key stored");
  });

  it("stores the key in the file only after the user confirmed, then says where it is", async () => {
    const { api, onmessage } = setUp(profile("DeepL", "deepl"));
    await fireEvent.click(screen.getByTestId("key-keep-in-file"));
    const question = screen.getByTestId("key-file-confirm");
    expect(document.activeElement).toBe(screen.getByTestId("key-file-confirm-yes"));
    expect(question.textContent).toContain("Keep API keys in a file?");
    expect(question.textContent).toContain("not encrypted");
    expect(within(question).getByText(KEY_FILE)).toBeTruthy();
    expect(screen.queryByTestId("key-from-clipboard")).toBeNull();
    await fireEvent.click(screen.getByTestId("key-file-confirm-yes"));
    const paste = screen.getByTestId("key-from-clipboard");
    expect(paste.dataset.store).toBe("file");
    expect(document.activeElement).toBe(paste);
    expect(screen.getByTestId("key-file-path").textContent).toBe(KEY_FILE);
    await fireEvent.click(paste);
    await vi.waitFor(() => expect(api.setKeyFromClipboard).toHaveBeenCalledWith("DeepL", "file"));
    await vi.waitFor(() =>
      expect(onmessage).toHaveBeenLastCalledWith({ notice: "The key for “DeepL” is stored in a file on this computer, not encrypted." }),
    );
  });

  it("cancelling the question stores nothing and goes back to the offer", async () => {
    const { api } = setUp(profile("DeepL", "deepl"));
    await fireEvent.click(screen.getByTestId("key-keep-in-file"));
    await fireEvent.click(screen.getByTestId("key-file-confirm-cancel"));
    expect(screen.queryByTestId("key-file-confirm")).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId("key-keep-in-file"));
    expect(api.setKeyFromClipboard).not.toHaveBeenCalled();
  });

  it("labels a key kept in the file as not encrypted, and offers to remove it", async () => {
    const { api } = setUp(profile("DeepL", "deepl", "file"));
    expect(screen.getByTestId("key-state").textContent).toBe("Stored in a file on this computer, not encrypted");
    expect(screen.queryByTestId("keychain-warning")).toBeNull();
    await fireEvent.click(screen.getByTestId("key-delete"));
    await vi.waitFor(() => expect(api.deleteKey).toHaveBeenCalledWith("DeepL"));
  });

  it("shows no keychain warning for a kind that needs no key", () => {
    setUp(profile("Local", "libretranslate"));
    expect(screen.queryByTestId("keychain-warning")).toBeNull();
    expect(screen.getByTestId("keychain-note").textContent).toContain("if this server wants a key");
    expect(screen.getByTestId("key-state").textContent).toBe("No key stored (optional)");
  });

  it("says it in Traditional Chinese too", () => {
    setLocale("zh-Hant");
    setUp(profile("DeepL", "deepl"));
    expect(screen.getByTestId("keychain-warning").querySelector("strong")?.textContent).toBe("這台電腦沒有系統鑰匙圈");
    expect(screen.getByTestId("key-keep-in-file").textContent).toBe("將金鑰儲存在檔案中…");
  });

  it("with a keychain, pastes into it as before", () => {
    setUp(profile("DeepL", "deepl"), { state: "available", detail: null });
    expect(screen.queryByTestId("keychain-warning")).toBeNull();
    expect(screen.queryByTestId("key-keep-in-file")).toBeNull();
    expect(screen.getByTestId("key-from-clipboard").dataset.store).toBe("keychain");
  });
});

describe("a profile's own proxy", () => {
  const own = { mode: "manual" as const, url: "socks5h://127.0.0.1:1080", bypass: "localhost", username: "bob" };

  it("is kept when another field is saved (it was once dropped by the form)", async () => {
    const { api } = setUp(testProfile("DeepL", { proxy: own }), { state: "available", detail: null });
    expect((screen.getByTestId("profile-proxy") as HTMLDetailsElement).open).toBe(true);
    expect((screen.getByTestId("profile-proxy-url") as HTMLInputElement).value).toBe(own.url);
    await fireEvent.input(screen.getByTestId("profile-rps"), { target: { value: "3" } });
    await fireEvent.click(screen.getByTestId("profile-save"));
    await vi.waitFor(() => expect(api.saveProfile).toHaveBeenCalledTimes(1));
    const [saved] = vi.mocked(api.saveProfile).mock.calls[0];
    expect(saved.proxy).toEqual(own);
    expect(saved.requestsPerSecond).toBe(3);
  });

  it("is set with the profile's Save, refused beside its field when wrong, and its password pasted for that profile", async () => {
    const { api } = setUp(profile("DeepL", "deepl", "keychain"), { state: "available", detail: null });
    expect((screen.getByTestId("profile-proxy") as HTMLDetailsElement).open).toBe(false);
    const mode = screen.getByTestId("profile-proxy-mode") as HTMLSelectElement;
    expect(mode.options[0].textContent).toBe("The app's (System proxy settings)");
    mode.value = "manual";
    await fireEvent.change(mode);
    await fireEvent.input(screen.getByTestId("profile-proxy-url"), { target: { value: "ftp://p:21" } });
    await fireEvent.click(screen.getByTestId("profile-save"));
    expect(api.saveProfile).not.toHaveBeenCalled();
    expect(screen.getByTestId("profile-proxy-url-error").textContent).toContain("must start with http://");

    await fireEvent.input(screen.getByTestId("profile-proxy-url"), { target: { value: "http://10.0.0.2:3128" } });
    await fireEvent.input(screen.getByTestId("profile-proxy-username"), { target: { value: "carol" } });
    await fireEvent.click(screen.getByTestId("profile-proxy-password-paste"));
    await vi.waitFor(() => expect(api.setProxyPasswordFromClipboard).toHaveBeenCalledWith("DeepL", "keychain"));
    const [saved] = vi.mocked(api.saveProfile).mock.calls[0];
    expect(saved.proxy).toEqual({ mode: "manual", url: "http://10.0.0.2:3128", bypass: "localhost, 127.0.0.1, ::1", username: "carol" });
  });
});

describe("leaving the form", () => {
  const available: KeychainState = { state: "available", detail: null };

  it("saves an edited address before the form goes away, so no edit is dropped", async () => {
    const { api, component } = setUp(profile("Libre", "libretranslate"), available);
    expect(await component.settle()).toBe(true);
    expect(api.saveProfile).not.toHaveBeenCalled();
    await fireEvent.input(screen.getByTestId("profile-base-url"), { target: { value: "http://127.0.0.1:5000" } });
    expect(await component.settle()).toBe(true);
    expect(vi.mocked(api.saveProfile).mock.calls[0][0].baseUrl).toBe("http://127.0.0.1:5000");
  });

  it("keeps the form, marks the field and says so when the edit cannot be saved; Discard brings the saved values back", async () => {
    const { api, component, onmessage } = setUp(profile("Libre", "libretranslate"), available);
    const field = screen.getByTestId("profile-base-url") as HTMLInputElement;
    await fireEvent.input(field, { target: { value: "not an address" } });
    expect(await component.settle()).toBe(false);
    expect(api.saveProfile).not.toHaveBeenCalled();
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect(onmessage).toHaveBeenLastCalledWith({
      error: { kind: "settings", message: "“Libre” has changes that cannot be saved as they are: correct the marked fields, or discard the changes." },
    });
    await fireEvent.click(screen.getByTestId("profile-discard"));
    expect(field.value).toBe("");
    expect(screen.queryByTestId("profile-discard")).toBeNull();
    expect(await component.settle()).toBe(true);
  });
});

describe("a new profile's name", () => {
  it("follows the kind and the server typed until the user names it", async () => {
    const shown = profile("DeepL", "deepl", "keychain");
    const settings: TranslationSettings = {
      profiles: [shown], defaultProfile: "DeepL", targetLanguage: "en", kinds, keychain: { state: "available", detail: null },
      keyFile: KEY_FILE, translationChosen: true, offlineOnly: false, proxy: { mode: "system" }, proxyPassword: false,
    };
    const translator = new Translator({ getTranslationSettings: vi.fn(async () => settings) } as unknown as TranslatorApi);
    render(ProfileEditor, { translator, settings, profile: null, onsaved: vi.fn(), ondeleted: vi.fn(), ondiscarded: vi.fn(), onmessage: vi.fn() });
    const name = screen.getByTestId<HTMLInputElement>("profile-name");
    expect(name.value).toBe("DeepL 2");
    const kind = screen.getByTestId<HTMLSelectElement>("profile-kind");
    kind.value = "libretranslate";
    await fireEvent.change(kind);
    expect(name.value).toBe("LibreTranslate");
    const address = screen.getByTestId("profile-base-url");
    await fireEvent.input(address, { target: { value: "http://127.0.0.1:5000" } });
    // The name follows once the address is left (not at every keystroke).
    await fireEvent.change(address);
    expect(name.value).toBe("LibreTranslate · 127.0.0.1:5000");
    await fireEvent.input(name, { target: { value: "My server" } });
    await fireEvent.input(address, { target: { value: "http://10.0.0.9:5000" } });
    await fireEvent.change(address);
    expect(name.value).toBe("My server");
  });
});

describe("a profile's prices", () => {
  it("asks a translation service for a price per million characters, refuses a wrong one beside the field, saves a right one", async () => {
    const { api } = setUp(profile("DeepL", "deepl", "keychain"));
    expect(screen.getByTestId("profile-prices").textContent).toContain("$ per million characters");
    expect(screen.queryByTestId("profile-price-input")).toBeNull();
    const price = screen.getByTestId("profile-price-chars") as HTMLInputElement;
    await fireEvent.input(price, { target: { value: "-20" } });
    await fireEvent.click(screen.getByTestId("profile-save"));
    expect(screen.getByText("A price is a number of US dollars, 0 or more (like 0.15), or blank.")).toBeTruthy();
    expect(price.getAttribute("aria-invalid")).toBe("true");
    expect(api.saveProfile).not.toHaveBeenCalled();
    await fireEvent.input(price, { target: { value: "20" } });
    await fireEvent.click(screen.getByTestId("profile-save"));
    await vi.waitFor(() => expect(api.saveProfile).toHaveBeenCalledWith(expect.objectContaining({ priceChars: 20 }), "DeepL"));
  });

  it("offers a chat model the context switch, on by default, and prices per million tokens", async () => {
    const { api } = setUp(testProfile("GPT", { kind: "openai", model: "gpt-4o-mini", keyPlace: "keychain" }));
    const context = screen.getByTestId("profile-context") as HTMLInputElement;
    expect(context.checked).toBe(true);
    expect(context.closest("label")?.textContent).toContain("Send the title and the previous paragraph as context");
    expect(screen.queryByTestId("profile-price-chars")).toBeNull();
    await fireEvent.click(context);
    await fireEvent.input(screen.getByTestId("profile-price-input"), { target: { value: "0.15" } });
    await fireEvent.input(screen.getByTestId("profile-price-output"), { target: { value: "0.6" } });
    await fireEvent.click(screen.getByTestId("profile-save"));
    await vi.waitFor(() =>
      expect(api.saveProfile).toHaveBeenCalledWith(expect.objectContaining({ context: false, priceInput: 0.15, priceOutput: 0.6 }), "GPT"),
    );
  });

  it("offers nothing to price for the free web engines", () => {
    setUp(profile("Web", "web"));
    expect(screen.queryByTestId("profile-prices")).toBeNull();
  });
});
