// Web addresses as the user types or pastes them. Pure functions, unit-tested in url.test.ts:
// `looksLikeUrl` decides whether a paste is a web address to open (rather than text to read),
// `checkUrlInput` what the URL field accepts and, if not, why.
//
// Only http: and https: are ever opened. A paste must say so itself (a pasted "example.com" is
// text like any other); the URL field, where the user clearly means an address, also accepts
// one without a scheme and adds https://.

export type UrlProblem = "empty" | "spaces" | "scheme" | "malformed";

export type UrlCheck = { ok: true; url: string } | { ok: false; problem: UrlProblem };

/** Longest text treated as a URL paste; longer clipboard text is a document. */
const MAX_URL_LENGTH = 8192;

/** Angle brackets and quotes that mail clients and chat apps put around a copied address. */
const WRAPPERS: readonly [string, string][] = [
  ["<", ">"],
  ['"', '"'],
  ["'", "'"],
  ["“", "”"],
  ["「", "」"],
];

function unwrap(text: string): string {
  for (const [open, close] of WRAPPERS) {
    if (text.length > open.length + close.length && text.startsWith(open) && text.endsWith(close)) {
      return text.slice(open.length, -close.length).trim();
    }
  }
  return text;
}

/** The parsed address when `text` is an absolute http(s) URL with a host, else null. */
function parseHttpUrl(text: string): URL | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.hostname === "" || url.username !== "" || url.password !== "") return null;
  return url;
}

/**
 * The address to open when the pasted `text` is one http(s) URL and nothing else (surrounding
 * white space and a pair of <> or quotes aside), as the user wrote it; otherwise null. Text
 * with a URL in it (a sentence, two URLs, a line break) is text, not a URL. Percent-encoded
 * paths and internationalised host names are URLs.
 */
export function looksLikeUrl(text: string): string | null {
  const trimmed = unwrap(text.trim());
  if (trimmed === "" || trimmed.length > MAX_URL_LENGTH) return null;
  // Any white space inside (a space, a line break, an ideographic space) means more than a URL.
  if (/\s/u.test(trimmed)) return null;
  if (!/^https?:\/\//i.test(trimmed)) return null;
  return parseHttpUrl(trimmed) ? trimmed : null;
}

/** What the URL field accepts: the address to open, or the reason it cannot be opened. */
export function checkUrlInput(input: string): UrlCheck {
  const trimmed = unwrap(input.trim());
  if (trimmed === "") return { ok: false, problem: "empty" };
  if (/\s/u.test(trimmed)) return { ok: false, problem: "spaces" };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  // "localhost:8080" parses as scheme "localhost"; a scheme is only a scheme before "//" or for
  // the well-known non-web ones.
  const hasScheme = scheme !== undefined && (trimmed.slice(scheme.length + 1).startsWith("//") || NON_WEB.has(scheme));
  if (hasScheme && scheme !== "http" && scheme !== "https") return { ok: false, problem: "scheme" };
  const candidate = hasScheme ? trimmed : `https://${trimmed.replace(/^\/\//, "")}`;
  const url = parseHttpUrl(candidate);
  if (url === null) return { ok: false, problem: "malformed" };
  // Without a scheme, insist on something that looks like a host name (a dot, or localhost), so
  // a stray word does not become https://word/.
  if (!hasScheme && !url.hostname.includes(".") && url.hostname !== "localhost") return { ok: false, problem: "malformed" };
  return { ok: true, url: candidate };
}

const NON_WEB = new Set(["file", "ftp", "mailto", "javascript", "data", "about", "blob", "tel", "sms", "ws", "wss"]);

/**
 * A web address shortened for display: host (without "www.") and path, percent-escapes decoded,
 * no trailing slash, e.g. "news.example.com.tw/article/123". Falls back to the text itself.
 */
export function shortUrl(address: string): string {
  const url = parseHttpUrl(address);
  if (url === null) return address;
  const host = url.hostname.replace(/^www\./i, "");
  let path = url.pathname === "/" ? "" : url.pathname.replace(/\/$/, "");
  try {
    path = decodeURI(path);
  } catch {
    // Keep the escapes of a malformed sequence.
  }
  return `${displayHost(host)}${path}`;
}

/** The host of a web address for display (without "www.", Punycode decoded), or null. */
export function urlHost(address: string): string | null {
  const url = parseHttpUrl(address);
  return url ? displayHost(url.hostname.replace(/^www\./i, "")) : null;
}

/** Punycode labels ("xn--…") as the URL parser writes them, shown in their own script. */
function displayHost(host: string): string {
  return host
    .split(".")
    .map((label) => (label.toLowerCase().startsWith("xn--") ? (decodePunycode(label.slice(4)) ?? label) : label))
    .join(".");
}

/** RFC 3492 decoding of one label (without its "xn--"); null when it is not valid Punycode. */
export function decodePunycode(input: string): string | null {
  const base = 36;
  const tMin = 1;
  const tMax = 26;
  const skew = 38;
  const damp = 700;
  const output: number[] = [];
  const basic = input.lastIndexOf("-");
  for (let j = 0; j < Math.max(basic, 0); j++) {
    const c = input.charCodeAt(j);
    if (c >= 0x80) return null;
    output.push(c);
  }
  let n = 128;
  let bias = 72;
  let i = 0;
  for (let index = basic > 0 ? basic + 1 : 0; index < input.length; ) {
    const oldi = i;
    for (let w = 1, k = base; ; k += base) {
      if (index >= input.length) return null;
      const c = input.charCodeAt(index++);
      const digit =
        c >= 0x30 && c <= 0x39 ? c - 22 : c >= 0x41 && c <= 0x5a ? c - 0x41 : c >= 0x61 && c <= 0x7a ? c - 0x61 : base;
      if (digit >= base) return null;
      i += digit * w;
      const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
      if (digit < t) break;
      w *= base - t;
    }
    const length = output.length + 1;
    let delta = oldi === 0 ? Math.floor((i - oldi) / damp) : (i - oldi) >> 1;
    delta += Math.floor(delta / length);
    let k = 0;
    for (; delta > ((base - tMin) * tMax) >> 1; k += base) delta = Math.floor(delta / (base - tMin));
    bias = Math.floor(k + ((base - tMin + 1) * delta) / (delta + skew));
    n += Math.floor(i / length);
    i %= length;
    if (n > 0x10ffff) return null;
    output.splice(i++, 0, n);
  }
  return String.fromCodePoint(...output);
}
