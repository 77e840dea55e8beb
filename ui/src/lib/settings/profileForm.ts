// The provider profile form as data: a draft holds what the fields show (numbers as typed
// text), and `validateDraft` turns it into the Profile the shell stores, or says per field what
// is wrong. Pure functions, unit-tested in profileForm.test.ts; the dialog only binds fields.
// There is deliberately no field for the API key: keys go from the clipboard to the keychain
// inside the shell and never pass through the page.
import { t } from "../i18n/i18n.svelte";
import type { CustomTemplate, Profile, ProviderKind, ProviderKindInfo } from "../ipc";
import {
  MAX_PROFILE_NAME_CHARS,
  MAX_TEMPERATURE,
  MIN_CONCURRENCY,
  MIN_TEMPERATURE,
  MIN_TIMEOUT_SECONDS,
} from "../bindings/constants";
import { PROVIDERS } from "../bindings/providers";
import { draftFromProxy, proxyChanged, validateProxy, type ProxyDraft, type ProxyErrors } from "./proxyForm";

export interface ProfileDraft {
  name: string;
  kind: ProviderKind;
  baseUrl: string;
  model: string;
  region: string;
  stream: boolean;
  concurrency: string;
  requestsPerSecond: string;
  timeoutSeconds: string;
  temperature: string;
  systemPrompt: string;
  /** Chat models: send the title and the previous paragraph as context. */
  context: boolean;
  /** Prices for the estimate before a long job, as typed ("" = not set): chat models' per million tokens… */
  priceInput: string;
  priceOutput: string;
  /** …and the other services' per million characters. */
  priceChars: string;
  /** The web chain's endpoint overrides, kept as they are (edited in the settings file). */
  engines?: Record<string, string>;
  /** The profile's own proxy ("inherit": the app's). */
  proxy: ProxyDraft;
  /** The custom provider's template, as the fields show it (headers one "Name: value" a line). */
  template: TemplateDraft;
}

export interface TemplateDraft {
  method: string;
  headers: string;
  body: string;
  translations: string;
}

/** The template placeholders, as messages name them (their words never translate). */
export const PLACEHOLDERS = { texts: '"{{texts}}"', text: "{{text}}", from: "{{from}}", to: "{{to}}", key: "{{key}}" };

/** A starting template that shows every placeholder in use. */
export const EXAMPLE_TEMPLATE: TemplateDraft = {
  method: "POST",
  headers: "Authorization: Bearer {{key}}",
  body: '{"texts": "{{texts}}", "source": "{{from}}", "target": "{{to}}"}',
  translations: "translations[*].text",
};

function draftFromTemplate(template: CustomTemplate | null | undefined): TemplateDraft {
  if (!template) return { ...EXAMPLE_TEMPLATE };
  return {
    method: template.method,
    headers: Object.entries(template.headers ?? {})
      .map(([name, value]) => `${name}: ${value}`)
      .join("\n"),
    body: template.body,
    translations: template.translations,
  };
}

/** The template the fields describe, or what is wrong with them (message keys' words). */
function validateTemplate(draft: TemplateDraft): { template: CustomTemplate | null; errors: Partial<Record<"templateHeaders" | "templateBody" | "templateTranslations", string>> } {
  const errors: Partial<Record<"templateHeaders" | "templateBody" | "templateTranslations", string>> = {};
  const headers: Record<string, string> = {};
  for (const line of draft.headers.split("\n")) {
    if (line.trim() === "") continue;
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon).trim() : "";
    if (!/^[A-Za-z0-9_-]+$/.test(name)) {
      errors.templateHeaders = t("profile.invalid.templateHeaders", { line: line.trim() });
      break;
    }
    headers[name] = line.slice(colon + 1).trim();
  }
  const method = draft.method.trim().toUpperCase();
  const body = draft.body.trim();
  if (method !== "GET") {
    try {
      JSON.parse(body);
      if (!body.includes('"{{texts}}"') && !body.includes("{{text}}")) errors.templateBody = t("profile.invalid.templateText", PLACEHOLDERS);
    } catch {
      errors.templateBody = t("profile.invalid.templateBody");
    }
  }
  if (draft.translations.trim() === "") errors.templateTranslations = t("profile.invalid.templatePath");
  if (Object.keys(errors).length > 0) return { template: null, errors };
  return { template: { method, headers, body: method === "GET" ? "" : body, translations: draft.translations.trim() }, errors };
}

export type DraftField =
  | Exclude<keyof ProfileDraft, "proxy" | "template">
  | "templateHeaders"
  | "templateBody"
  | "templateTranslations";
export type DraftErrors = Partial<Record<DraftField, string>> & { proxy?: ProxyErrors };

export type Validation = { profile: Profile; errors: null } | { profile: null; errors: DraftErrors };

/**
 * What the form accepts. The shell's own limits come from the core (bindings/constants); the
 * upper bounds of concurrency, rate and timeout, and the rate's lower one, are the form's
 * guard against typos only (the settings file may hold more).
 */
export const LIMITS = {
  concurrency: { min: MIN_CONCURRENCY, max: 64 },
  requestsPerSecond: { min: 0.01, max: 1000 },
  timeoutSeconds: { min: MIN_TIMEOUT_SECONDS, max: 600 },
  temperature: { min: MIN_TEMPERATURE, max: MAX_TEMPERATURE },
} as const;

/** Whether a field applies to a provider kind (the form hides the others). */
export function fieldApplies(
  field: "region" | "stream" | "temperature" | "systemPrompt" | "context" | "priceInput" | "priceOutput" | "priceChars",
  kind: ProviderKind,
): boolean {
  if (field === "region") return (PROVIDERS[kind]?.region ?? null) !== null;
  // A price per character for the translation services of one's own (the free web engines cost nothing).
  if (field === "priceChars") return !(PROVIDERS[kind]?.llm ?? false) && !isWebKind(kind);
  return PROVIDERS[kind]?.llm ?? false;
}

/** The two parts of a key that is a pair kept as one entry ("APP ID:secret key"), or null. */
export function keyPair(kind: ProviderKind): [string, string] | null {
  return PROVIDERS[kind]?.keyPair ?? null;
}

/** The free web engines and their chain: no key, no endpoint of their own to set here. */
export function isWebKind(kind: ProviderKind): boolean {
  return PROVIDERS[kind]?.web ?? false;
}

export function modelRequired(kind: ProviderKind): boolean {
  return PROVIDERS[kind]?.llm ?? false;
}

const text = (value: number | null) => (value === null ? "" : String(value));

export function draftFromProfile(profile: Profile): ProfileDraft {
  return {
    name: profile.name,
    kind: profile.kind,
    baseUrl: profile.baseUrl,
    model: profile.model ?? "",
    region: profile.region ?? "",
    stream: profile.stream,
    concurrency: text(profile.concurrency),
    requestsPerSecond: text(profile.requestsPerSecond),
    timeoutSeconds: text(profile.timeoutSeconds),
    temperature: text(profile.temperature),
    systemPrompt: profile.systemPrompt ?? "",
    context: profile.context ?? true,
    priceInput: text(profile.priceInput ?? null),
    priceOutput: text(profile.priceOutput ?? null),
    priceChars: text(profile.priceChars ?? null),
    ...(profile.engines && Object.keys(profile.engines).length > 0 ? { engines: { ...profile.engines } } : {}),
    proxy: draftFromProxy(profile.proxy),
    template: draftFromTemplate(profile.template),
  };
}

/** A new profile of the first kind, named after it ("DeepL", "DeepL 2", … when taken). */
export function newDraft(kinds: readonly ProviderKindInfo[], takenNames: readonly string[]): ProfileDraft {
  // A new profile is for a service of the user's own: the web engines are there already.
  const first = kinds.find((k) => !isWebKind(k.kind)) ?? kinds[0];
  const kind: ProviderKind = first?.kind ?? "openai";
  return {
    name: suggestedName(kind, "", takenNames),
    kind,
    baseUrl: "",
    model: "",
    region: "",
    // Streaming shows LLM output as it arrives; it is what most users of a chat model expect.
    stream: PROVIDERS[kind]?.llm ?? false,
    concurrency: "",
    requestsPerSecond: "",
    timeoutSeconds: "",
    temperature: "",
    systemPrompt: "",
    context: true,
    priceInput: "",
    priceOutput: "",
    priceChars: "",
    proxy: draftFromProxy(null),
    template: { ...EXAMPLE_TEMPLATE },
  };
}

/**
 * A new profile's name: the service, and the server when it is not the service's own
 * ("LibreTranslate · 127.0.0.1:5000"), unique among `takenNames` and within the length limit.
 */
export function suggestedName(kind: ProviderKind, baseUrl: string, takenNames: readonly string[]): string {
  // The provider's short name (a brand name: the same in every language).
  const service = PROVIDERS[kind]?.shortName ?? kind;
  let host = "";
  try {
    host = baseUrl.trim() === "" ? "" : new URL(baseUrl.trim()).host;
  } catch {
    host = "";
  }
  // Room for the " · " and a " 99" suffix from uniqueName.
  const room = MAX_PROFILE_NAME_CHARS - service.length - 6;
  const shown = host.length > room ? `${host.slice(0, Math.max(0, room - 1))}…` : host;
  return uniqueName(shown === "" ? service : `${service} · ${shown}`, takenNames);
}

export function uniqueName(base: string, takenNames: readonly string[]): string {
  const taken = new Set(takenNames.map((n) => n.toLowerCase()));
  if (!taken.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base} ${i}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/**
 * Checks the draft. `otherNames` are the names of the other profiles (not the one being
 * edited): names must be unique regardless of case, because they also name the keychain entry.
 */
export function validateDraft(draft: ProfileDraft, otherNames: readonly string[]): Validation {
  const errors: DraftErrors = {};
  const name = draft.name.trim();
  if (name === "") errors.name = t("profile.invalid.nameEmpty");
  else if ([...name].length > MAX_PROFILE_NAME_CHARS)
    errors.name = t("profile.invalid.nameLong", { max: MAX_PROFILE_NAME_CHARS });
  else if (otherNames.some((n) => n.toLowerCase() === name.toLowerCase()))
    errors.name = t("profile.invalid.nameTaken", { name });

  const baseUrl = draft.baseUrl.trim();
  const custom = draft.kind === "custom";
  if (custom && baseUrl === "") errors.baseUrl = t("profile.invalid.customUrl", PLACEHOLDERS);
  else if (baseUrl !== "" && !isHttpUrl(baseUrl.replaceAll(/\{\{\w+\}\}/g, "x"))) errors.baseUrl = t("profile.invalid.baseUrl");
  const template = custom ? validateTemplate(draft.template) : { template: null, errors: {} };
  Object.assign(errors, template.errors);

  const model = draft.model.trim();
  if (model === "" && modelRequired(draft.kind)) errors.model = t("profile.invalid.model");

  const concurrency = parseLimit(draft.concurrency, LIMITS.concurrency, true);
  if (concurrency === undefined)
    errors.concurrency = t("profile.invalid.concurrency", { min: LIMITS.concurrency.min, max: LIMITS.concurrency.max });
  const requestsPerSecond = parseLimit(draft.requestsPerSecond, LIMITS.requestsPerSecond, false);
  if (requestsPerSecond === undefined)
    errors.requestsPerSecond = t("profile.invalid.rps", { max: LIMITS.requestsPerSecond.max });
  const timeoutSeconds = parseLimit(draft.timeoutSeconds, LIMITS.timeoutSeconds, true);
  if (timeoutSeconds === undefined)
    errors.timeoutSeconds = t("profile.invalid.timeout", { min: LIMITS.timeoutSeconds.min, max: LIMITS.timeoutSeconds.max });

  const llm = fieldApplies("temperature", draft.kind);
  const temperature = llm ? parseLimit(draft.temperature, LIMITS.temperature, false) : null;
  if (temperature === undefined) errors.temperature = t("profile.invalid.temperature", { min: LIMITS.temperature.min, max: LIMITS.temperature.max });

  const prices = {
    priceInput: llm ? parsePrice(draft.priceInput) : null,
    priceOutput: llm ? parsePrice(draft.priceOutput) : null,
    priceChars: fieldApplies("priceChars", draft.kind) ? parsePrice(draft.priceChars) : null,
  };
  for (const field of ["priceInput", "priceOutput", "priceChars"] as const)
    if (prices[field] === undefined) errors[field] = t("profile.invalid.price");

  const proxy = validateProxy(draft.proxy);
  if (proxy.errors) errors.proxy = proxy.errors;

  if (Object.keys(errors).length > 0) return { profile: null, errors };
  const systemPrompt = draft.systemPrompt.trim();
  return {
    errors: null,
    profile: {
      name,
      kind: draft.kind,
      baseUrl,
      model: model === "" ? null : model,
      temperature: temperature ?? null,
      systemPrompt: llm && systemPrompt !== "" ? systemPrompt : null,
      stream: fieldApplies("stream", draft.kind) && draft.stream,
      region: fieldApplies("region", draft.kind) && draft.region.trim() !== "" ? draft.region.trim() : null,
      concurrency: concurrency ?? null,
      requestsPerSecond: requestsPerSecond ?? null,
      timeoutSeconds: timeoutSeconds ?? null,
      ...(draft.engines ? { engines: draft.engines } : {}),
      proxy: proxy.proxy ?? null,
      ...(custom ? { template: template.template } : {}),
      ...(llm ? { context: draft.context, priceInput: prices.priceInput ?? null, priceOutput: prices.priceOutput ?? null } : {}),
      ...(fieldApplies("priceChars", draft.kind) ? { priceChars: prices.priceChars ?? null } : {}),
    },
  };
}

/** True when the form shows something other than the saved profile (always for a new one). */
export function draftChanged(draft: ProfileDraft, saved: Profile | null): boolean {
  if (saved === null) return true;
  const original = draftFromProfile(saved);
  const fields = (Object.keys(original) as (keyof ProfileDraft)[]).filter(
    (f): f is Exclude<keyof ProfileDraft, "proxy" | "template"> => f !== "proxy" && f !== "template",
  );
  if (draft.kind === "custom" && JSON.stringify(draft.template) !== JSON.stringify(original.template)) return true;
  const same = (a: unknown, b: unknown) => (typeof a === "object" ? JSON.stringify(a) === JSON.stringify(b) : a === b);
  return fields.some((field) => !same(draft[field], original[field])) || proxyChanged(draft.proxy, saved.proxy);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** A price in dollars: null for an empty field, the number when 0 or more, undefined otherwise. */
function parsePrice(value: string): number | null | undefined {
  return parseLimit(value, { min: 0, max: Number.MAX_VALUE }, false);
}

/** null for an empty field, the number when valid, undefined when invalid. */
function parseLimit(value: string, range: { min: number; max: number }, integer: boolean): number | null | undefined {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(trimmed)) return undefined;
  const n = Number(trimmed);
  if (!Number.isFinite(n) || n < range.min || n > range.max) return undefined;
  if (integer && !Number.isInteger(n)) return undefined;
  return n;
}
