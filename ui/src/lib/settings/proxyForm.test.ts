import { describe, expect, it } from "vitest";
import { draftFromProxy, proxyChanged, takesPassword, validateProxy, type ProxyDraft } from "./proxyForm";

const manual = (extra: Partial<ProxyDraft> = {}): ProxyDraft => ({ ...draftFromProxy({ mode: "system" }), mode: "manual", ...extra });

describe("validateProxy", () => {
  it("gives null for a profile using the app's proxy, and the mode for system and direct", () => {
    expect(validateProxy(draftFromProxy(null))).toEqual({ proxy: null, errors: null });
    expect(validateProxy({ ...draftFromProxy(null), mode: "direct" })).toEqual({ proxy: { mode: "direct" }, errors: null });
    expect(validateProxy({ ...draftFromProxy(null), mode: "system", url: "junk" }).proxy).toEqual({ mode: "system" });
  });

  it("accepts each scheme with host and port, a bare host:port, and trims what the shell trims", () => {
    for (const url of ["http://proxy.example.com:8080", "https://10.0.0.1:443", "socks5://127.0.0.1:1080", "socks5h://[::1]:1080", "proxy.corp:3128"]) {
      const result = validateProxy(manual({ url: `  ${url}/ `, username: " alice " }));
      expect(result.errors, url).toBeNull();
      expect(result.proxy).toEqual({ mode: "manual", url, bypass: "localhost, 127.0.0.1, ::1", username: "alice" });
    }
  });

  it("normalizes the bypass list the way the shell stores it, and an empty user name is none", () => {
    const result = validateProxy(manual({ url: "http://p:1", bypass: "a.example;  10.0.0.0/8 ,,*.b ", username: "  " }));
    expect(result.proxy).toEqual({ mode: "manual", url: "http://p:1", bypass: "a.example, 10.0.0.0/8, *.b", username: null });
  });

  it.each([
    ["", "Enter the proxy's address"],
    ["ftp://proxy:21", "must start with http://"],
    ["http://bob:secret@proxy:8080", "not in the address"],
    ["socks5://127.0.0.1", "needs a port"],
    ["http://proxy:8080/path", "only scheme, host and port"],
    ["http://proxy:8080?x=1", "only scheme, host and port"],
    ["http://", "only scheme, host and port"],
  ])("refuses %j with a message saying what to do", (url, words) => {
    const result = validateProxy(manual({ url }));
    expect(result.proxy).toBeUndefined();
    expect(result.errors?.url).toContain(words);
  });

  it("refuses a user name with a colon (it would split into user and password)", () => {
    expect(validateProxy(manual({ url: "http://p:1", username: "a:b" })).errors?.username).toContain("':'");
  });
});

describe("proxyChanged and takesPassword", () => {
  const saved = { mode: "manual" as const, url: "http://p:1", bypass: "localhost, 127.0.0.1, ::1", username: "alice" };

  it("sees a change only in what would be stored", () => {
    expect(proxyChanged(draftFromProxy(saved), saved)).toBe(false);
    expect(proxyChanged({ ...draftFromProxy(saved), bypass: "localhost,127.0.0.1 ::1" }, saved)).toBe(false);
    expect(proxyChanged({ ...draftFromProxy(saved), url: "http://p:2" }, saved)).toBe(true);
    expect(proxyChanged({ ...draftFromProxy(saved), username: "" }, saved)).toBe(true);
    expect(proxyChanged({ ...draftFromProxy(saved), mode: "direct" }, saved)).toBe(true);
    expect(proxyChanged(draftFromProxy(null), undefined)).toBe(false);
    expect(proxyChanged({ ...draftFromProxy(null), url: "typed, then left system" }, null)).toBe(false);
  });

  it("a password belongs only to a manual proxy with a user name", () => {
    expect(takesPassword(saved)).toBe(true);
    expect(takesPassword({ ...saved, username: null })).toBe(false);
    expect(takesPassword({ mode: "system" })).toBe(false);
    expect(takesPassword(null)).toBe(false);
  });
});
