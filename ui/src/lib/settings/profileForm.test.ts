import { describe, expect, it } from "vitest";
import type { Profile, ProviderKindInfo } from "../ipc";
import {
  draftChanged,
  draftFromProfile,
  fieldApplies,
  keyPair,
  modelRequired,
  newDraft,
  suggestedName,
  uniqueName,
  validateDraft,
  type ProfileDraft,
} from "./profileForm";
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
  context: true,
  priceInput: null,
  priceOutput: null,
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
      priceChars: null,
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

  it("turns a custom endpoint's fields into its template, and says what is wrong in each", () => {
    const custom = draft({
      kind: "custom",
      baseUrl: "https://mt.example.internal/v2/translate?to={{to}}",
      template: {
        method: "POST",
        headers: "Authorization: Bearer {{key}}\nX-Team: news",
        body: '{"q": "{{texts}}", "target": "{{to}}"}',
        translations: "result[*].text",
      },
    });
    const ok = validateDraft(custom, []);
    expect(ok.errors).toBeNull();
    expect(ok.profile?.template).toEqual({
      method: "POST",
      headers: { Authorization: "Bearer {{key}}", "X-Team": "news" },
      body: '{"q": "{{texts}}", "target": "{{to}}"}',
      translations: "result[*].text",
    });
    expect(draftFromProfile(ok.profile!).template.headers).toBe("Authorization: Bearer {{key}}\nX-Team: news");

    const bad = validateDraft(
      draft({ kind: "custom", baseUrl: "", template: { method: "POST", headers: "no colon here", body: "{nope", translations: " " } }),
      [],
    );
    expect(bad.profile).toBeNull();
    expect(bad.errors?.baseUrl).toContain("address");
    expect(bad.errors?.templateHeaders).toContain("no colon here");
    expect(bad.errors?.templateBody).toContain("JSON");
    expect(bad.errors?.templateTranslations).toContain("translations[*].text");
    const noText = validateDraft(draft({ kind: "custom", baseUrl: "https://x.test", template: { method: "POST", headers: "", body: '{"q": 1}', translations: "r" } }), []);
    expect(noText.errors?.templateBody).toContain('"{{texts}}"');
  });

  it("knows which fields and key shape each provider takes from the generated table", () => {
    expect(fieldApplies("region", "tencent")).toBe(true);
    expect(fieldApplies("region", "deepl")).toBe(false);
    expect(fieldApplies("temperature", "anthropic")).toBe(true);
    expect(modelRequired("gemini")).toBe(true);
    expect(modelRequired("baidu")).toBe(false);
    expect(keyPair("baidu")).toEqual(["APP ID", "secret key"]);
    expect(keyPair("openai")).toBeNull();
  });

  it("refuses a wrong proxy of the profile's own, with the reason under the proxy", () => {
    const result = validateDraft(draft({ proxy: { mode: "manual", url: "socks5://p", bypass: "", username: "" } }), []);
    expect(result.profile).toBeNull();
    expect(result.errors?.proxy?.url).toContain("needs a port");
  });
});

describe("context and prices", () => {
  it("offers chat models the context switch (on unless turned off) and prices per million tokens", () => {
    expect(fieldApplies("context", "openai")).toBe(true);
    expect(fieldApplies("priceInput", "anthropic")).toBe(true);
    expect(fieldApplies("priceChars", "gemini")).toBe(false);
    expect(draftFromProfile({ ...openai, context: undefined }).context).toBe(true);
    const result = validateDraft({ ...draftFromProfile(openai), context: false, priceInput: " 0.15 ", priceOutput: "0.6" }, []);
    expect(result.profile).toMatchObject({ context: false, priceInput: 0.15, priceOutput: 0.6 });
    expect(result.profile).not.toHaveProperty("priceChars");
  });

  it("offers the other services a price per million characters, and the free web engines none", () => {
    expect(fieldApplies("priceChars", "deepl")).toBe(true);
    expect(fieldApplies("priceChars", "baidu")).toBe(true);
    expect(fieldApplies("priceChars", "web")).toBe(false);
    expect(fieldApplies("priceInput", "deepl")).toBe(false);
    const deepl = validateDraft(draft({ priceChars: "20", priceInput: "5", context: false }), []);
    expect(deepl.profile).toMatchObject({ priceChars: 20 });
    expect(deepl.profile).not.toHaveProperty("priceInput");
    expect(deepl.profile).not.toHaveProperty("context");
    expect(draftFromProfile({ ...openai, kind: "deepl", priceChars: 25 }).priceChars).toBe("25");
  });

  it("takes blank as not set, 0 as free, and refuses what is not a number of dollars", () => {
    expect(validateDraft(draft({ priceChars: "" }), []).profile?.priceChars).toBeNull();
    expect(validateDraft(draft({ priceChars: "0" }), []).profile?.priceChars).toBe(0);
    for (const priceChars of ["-1", "abc", "$20", "1e3", "2,5"])
      expect(validateDraft(draft({ priceChars }), []).errors?.priceChars, priceChars).toBe(
        "A price is a number of US dollars, 0 or more (like 0.15), or blank.",
      );
    const chat = validateDraft({ ...draftFromProfile(openai), priceInput: "-0.1", priceOutput: "x" }, []);
    expect(chat.errors).toMatchObject({ priceInput: expect.any(String), priceOutput: expect.any(String) });
  });

  it("counts a changed price or context switch as an edit", () => {
    expect(draftChanged({ ...draftFromProfile(openai), priceOutput: "1" }, openai)).toBe(true);
    expect(draftChanged({ ...draftFromProfile(openai), context: false }, openai)).toBe(true);
    expect(draftChanged(draftFromProfile(openai), openai)).toBe(false);
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
