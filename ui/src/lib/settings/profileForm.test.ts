import { describe, expect, it } from "vitest";
import type { Profile, ProviderKindInfo } from "../ipc";
import { draftChanged, draftFromProfile, newDraft, suggestedName, uniqueName, validateDraft, type ProfileDraft } from "./profileForm";
import { MAX_PROFILE_NAME_CHARS } from "../bindings/constants";

const kinds: ProviderKindInfo[] = [
  { kind: "deepl", label: "DeepL", needsKey: true, defaultBaseUrl: "https://api-free.deepl.com", concurrency: 2, requestsPerSecond: 5 },
  { kind: "openai", label: "OpenAI-compatible", needsKey: true, defaultBaseUrl: "https://api.openai.com/v1", concurrency: 4, requestsPerSecond: 3 },
];

function draft(extra: Partial<ProfileDraft> = {}): ProfileDraft {
  return { ...newDraft(kinds, []), ...extra };
}

const openai: Profile = {
  name: "GPT",
  kind: "openai",
  baseUrl: "",
  model: "gpt-4o-mini",
  temperature: 0.2,
  systemPrompt: null,
  stream: true,
  region: null,
  concurrency: 3,
  requestsPerSecond: null,
  timeoutSeconds: 60,
};

describe("newDraft", () => {
  it("starts with the first kind, named after it, unique among the existing names", () => {
    expect(newDraft(kinds, []).name).toBe("DeepL");
    expect(newDraft(kinds, ["deepl", "DeepL 2"]).name).toBe("DeepL 3");
    expect(uniqueName("Azure", ["Other"])).toBe("Azure");
  });
});

describe("validateDraft", () => {
  it("turns a valid draft into a profile, empty fields into null", () => {
    const result = validateDraft(draft({ name: "  My DeepL ", concurrency: "2", requestsPerSecond: "0.5" }), []);
    expect(result.errors).toBeNull();
    expect(result.profile).toEqual({
      name: "My DeepL",
      kind: "deepl",
      baseUrl: "",
      model: null,
      temperature: null,
      systemPrompt: null,
      stream: false,
      region: null,
      concurrency: 2,
      requestsPerSecond: 0.5,
      timeoutSeconds: null,
      proxy: null,
    });
  });

  it("requires a name that no other profile has, whatever its case", () => {
    expect(validateDraft(draft({ name: "  " }), []).errors?.name).toBeTruthy();
    expect(validateDraft(draft({ name: "work" }), ["Work"]).errors?.name).toContain("already");
    // The shell's limit (the form said 60 while the core allowed 64), counted in characters.
    expect(MAX_PROFILE_NAME_CHARS).toBe(64);
    expect(validateDraft(draft({ name: "x".repeat(MAX_PROFILE_NAME_CHARS + 1) }), []).errors?.name).toBeTruthy();
    expect(validateDraft(draft({ name: "x".repeat(MAX_PROFILE_NAME_CHARS) }), []).errors).toBeNull();
    expect(validateDraft(draft({ name: "臺".repeat(MAX_PROFILE_NAME_CHARS) }), []).errors).toBeNull();
  });

  it("accepts only http(s) base URLs", () => {
    expect(validateDraft(draft({ baseUrl: "http://127.0.0.1:8080/v1" }), []).errors).toBeNull();
    expect(validateDraft(draft({ baseUrl: "api.deepl.com" }), []).errors?.baseUrl).toBeTruthy();
    expect(validateDraft(draft({ baseUrl: "file:///etc/passwd" }), []).errors?.baseUrl).toBeTruthy();
  });

  it("requires a model for OpenAI-compatible profiles only", () => {
    expect(validateDraft(draft({ kind: "openai" }), []).errors?.model).toBeTruthy();
    expect(validateDraft(draft({ kind: "deepl" }), []).errors).toBeNull();
  });

  it("rejects limits that are not sensible numbers", () => {
    for (const concurrency of ["0", "1.5", "-1", "abc", "65"])
      expect(validateDraft(draft({ concurrency }), []).errors?.concurrency, concurrency).toBeTruthy();
    for (const requestsPerSecond of ["0", "-2", "1e3", "1001"])
      expect(validateDraft(draft({ requestsPerSecond }), []).errors?.requestsPerSecond, requestsPerSecond).toBeTruthy();
    expect(validateDraft(draft({ timeoutSeconds: "0" }), []).errors?.timeoutSeconds).toBeTruthy();
    expect(validateDraft(draft({ kind: "openai", model: "m", temperature: "3" }), []).errors?.temperature).toBeTruthy();
  });

  it("drops the fields that do not apply to the kind", () => {
    const deepl = validateDraft(draft({ stream: true, region: "westeurope", temperature: "9", systemPrompt: "be brief" }), []);
    expect(deepl.profile).toMatchObject({ stream: false, region: null, temperature: null, systemPrompt: null });
    const azure = validateDraft(draft({ kind: "azure", region: " westeurope " }), []);
    expect(azure.profile?.region).toBe("westeurope");
  });

  it("gives back the same profile it was drafted from", () => {
    expect(validateDraft(draftFromProfile(openai), []).profile).toEqual({ ...openai, proxy: null });
    const withProxy: Profile = { ...openai, proxy: { mode: "manual", url: "socks5://127.0.0.1:1080", bypass: "localhost", username: null } };
    expect(validateDraft(draftFromProfile(withProxy), []).profile).toEqual(withProxy);
    expect(draftChanged(draftFromProfile(withProxy), withProxy)).toBe(false);
  });

  it("refuses a wrong proxy of the profile's own, with the reason under the proxy", () => {
    const result = validateDraft(draft({ proxy: { mode: "manual", url: "socks5://p", bypass: "", username: "" } }), []);
    expect(result.profile).toBeNull();
    expect(result.errors?.proxy?.url).toContain("needs a port");
  });
});

describe("draftChanged", () => {
  it("is false for an untouched draft and true after an edit or for a new profile", () => {
    const d = draftFromProfile(openai);
    expect(draftChanged(d, openai)).toBe(false);
    expect(draftChanged({ ...d, model: "gpt-4o" }, openai)).toBe(true);
    expect(draftChanged(d, null)).toBe(true);
  });
});

describe("web engine profiles", () => {
  it("keep their engine overrides through an edit, and new profiles are for a service of the user's own", () => {
    const web = {
      name: "Free web engines",
      kind: "web" as const,
      baseUrl: "",
      model: null,
      temperature: null,
      systemPrompt: null,
      stream: true,
      region: null,
      concurrency: null,
      requestsPerSecond: null,
      timeoutSeconds: null,
      engines: { transmart: "https://yi.qq.com" },
    };
    const result = validateDraft(draftFromProfile(web), []);
    expect(result.profile?.engines).toEqual({ transmart: "https://yi.qq.com" });
    const kinds = [
      { kind: "web" as const, label: "Free web engines", needsKey: false, defaultBaseUrl: "", concurrency: 3, requestsPerSecond: 2.5 },
      { kind: "deepl" as const, label: "DeepL", needsKey: true, defaultBaseUrl: "", concurrency: 2, requestsPerSecond: 1 },
    ];
    expect(newDraft(kinds, []).kind).toBe("deepl");
  });
});

describe("suggestedName", () => {
  it("names a profile by its service and, when not the service's own, its server", () => {
    expect(suggestedName("openai", "", [])).toBe("OpenAI-compatible");
    expect(suggestedName("libretranslate", "http://127.0.0.1:5000", [])).toBe("LibreTranslate · 127.0.0.1:5000");
    expect(suggestedName("openai", "https://api.deepseek.com/v1", ["OpenAI-compatible · api.deepseek.com"])).toBe(
      "OpenAI-compatible · api.deepseek.com 2",
    );
    expect(suggestedName("deepl", "not a url", [])).toBe("DeepL");
  });

  it("stays within the name limit however long the host", () => {
    const name = suggestedName("openai", `https://${"a".repeat(80)}.example.com/v1`, []);
    expect(name.length).toBeLessThanOrEqual(MAX_PROFILE_NAME_CHARS);
    expect(name.startsWith("OpenAI-compatible · aaa")).toBe(true);
    expect(validateDraft(draft({ name }), []).errors).toBeNull();
  });
});
