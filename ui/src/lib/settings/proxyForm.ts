// The proxy form as data, for the app's proxy (Settings' Network section) and a profile's own
// (the profile form): a draft holds what the fields show, `validateProxy` turns it into the
// `Proxy` the shell stores or says per field what is wrong, in the interface's language. The
// shell checks again (core::net::ManualProxy::validate); this is the same rule said earlier. A
// proxy's password has no field: it goes from the clipboard to the keychain inside the shell.
import { t } from "../i18n/i18n.svelte";
import type { Proxy } from "../ipc";
import { DEFAULT_BYPASS, PROXY_SCHEMES } from "../bindings/constants";

/** "inherit" only for a profile: use the app's proxy. */
export type ProxyMode = "inherit" | Proxy["mode"];

export interface ProxyDraft {
  mode: ProxyMode;
  url: string;
  bypass: string;
  username: string;
}

export type ProxyField = "url" | "username";
export type ProxyErrors = Partial<Record<ProxyField, string>>;

/** The draft showing `proxy`; null (a profile without its own) is "inherit". */
export function draftFromProxy(proxy: Proxy | null | undefined): ProxyDraft {
  if (!proxy) return { mode: "inherit", url: "", bypass: DEFAULT_BYPASS, username: "" };
  if (proxy.mode !== "manual") return { mode: proxy.mode, url: "", bypass: DEFAULT_BYPASS, username: "" };
  return { mode: "manual", url: proxy.url, bypass: proxy.bypass, username: proxy.username ?? "" };
}

export type ProxyValidation = { proxy: Proxy | null; errors: null } | { proxy: undefined; errors: ProxyErrors };

/**
 * Checks the draft: the `Proxy` to store (null for "inherit"), or the errors. Only a manual
 * proxy can be wrong: its address must be scheme, host and port, without a user name or
 * password in it; its user name must not hold ':'.
 */
export function validateProxy(draft: ProxyDraft): ProxyValidation {
  if (draft.mode === "inherit") return { proxy: null, errors: null };
  if (draft.mode === "system" || draft.mode === "direct") return { proxy: { mode: draft.mode }, errors: null };
  const errors: ProxyErrors = {};
  const typed = draft.url.trim().replace(/\/+$/, "");
  // A scheme alone ("http://") would lose its slashes above and read as a host called "http".
  const urlError = /^[a-z][a-z0-9+.-]*:\/*$/i.test(draft.url.trim()) ? t("proxy.invalid.address") : checkAddress(typed);
  if (urlError) errors.url = urlError;
  const username = draft.username.trim();
  if (username.includes(":") || /\p{Cc}/u.test(username)) errors.username = t("proxy.invalid.username");
  if (Object.keys(errors).length > 0) return { proxy: undefined, errors };
  return {
    errors: null,
    proxy: { mode: "manual", url: typed, bypass: normalizeBypass(draft.bypass), username: username === "" ? null : username },
  };
}

/** True when the draft is something other than `saved`. */
export function proxyChanged(draft: ProxyDraft, saved: Proxy | null | undefined): boolean {
  const original = draftFromProxy(saved);
  if (draft.mode !== original.mode) return true;
  if (draft.mode !== "manual") return false;
  return (
    draft.url.trim() !== original.url.trim() ||
    normalizeBypass(draft.bypass) !== normalizeBypass(original.bypass) ||
    draft.username.trim() !== original.username.trim()
  );
}

/** Whether a saved proxy can have a password: a manual one with a user name. */
export function takesPassword(proxy: Proxy | null | undefined): boolean {
  return proxy?.mode === "manual" && proxy.username !== null && proxy.username !== "";
}

/** The bypass list as the shell stores it: entries separated by ", ". */
function normalizeBypass(bypass: string): string {
  return bypass
    .split(/[,;\s]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .join(", ");
}

function checkAddress(typed: string): string | null {
  if (typed === "") return t("proxy.invalid.empty");
  const withScheme = typed.includes("://") ? typed : `http://${typed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return t("proxy.invalid.address");
  }
  const scheme = url.protocol.replace(/:$/, "");
  if (!(PROXY_SCHEMES as readonly string[]).includes(scheme)) return t("proxy.invalid.scheme");
  if (url.username !== "" || url.password !== "") return t("proxy.invalid.credentials");
  // WHATWG URLs for non-special schemes (socks5) keep the host; an empty one is no address.
  if (url.hostname === "") return t("proxy.invalid.address");
  if ((url.pathname !== "" && url.pathname !== "/") || url.search !== "" || url.hash !== "") return t("proxy.invalid.address");
  // http and https have default ports (80/443); SOCKS has none, so it must be written.
  const hasPort = url.port !== "" || scheme === "http" || scheme === "https";
  if (!hasPort) return t("proxy.invalid.port");
  return null;
}
