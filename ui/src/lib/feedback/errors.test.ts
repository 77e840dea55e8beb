import { describe, expect, it } from "vitest";
import { errorHeadline, errorText, toAppError } from "./errors";
import type { AppError, ErrorKind } from "../ipc";
import { setLocale } from "../i18n/i18n.svelte";

describe("toAppError", () => {
  it("keeps the kind and message of an AppError", () => {
    expect(toAppError({ kind: "not_found", message: "no such file: a.txt" })).toEqual({
      kind: "not_found",
      message: "no such file: a.txt",
    });
  });

  it("wraps anything else as an internal error with its text", () => {
    expect(toAppError(new Error("boom"))).toEqual({ kind: "internal", message: "boom" });
    expect(toAppError("plain string")).toEqual({ kind: "internal", message: "plain string" });
  });
});

describe("errorHeadline", () => {
  it("chooses the headline by kind and falls back for unknown kinds", () => {
    expect(errorHeadline("binary")).toBe("Not a text document");
    expect(errorHeadline("something_new")).toBe("Something went wrong");
    expect(errorHeadline("http_status")).toBe("The site answered with an error");
    expect(errorHeadline("redirect_loop")).toBe("The page redirects too many times");
    expect(errorHeadline("store")).toBe("The library could not be used");
    expect(errorHeadline("dismiss")).toBe("Something went wrong");
  });
});

describe("every ErrorKind", () => {
  it("has its own headline in every UI language", () => {
    const kinds: ErrorKind[] = [
      "not_found", "is_directory", "empty", "binary", "too_large", "invalid_encoding", "unreadable",
      "unknown_config", "conversion", "clipboard", "no_document", "internal", "invalid_url", "network",
      "timeout", "http_status", "not_html", "redirect_loop", "bad_archive", "store", "nothing_to_copy",
      "export", "settings", "keychain", "keychain_unavailable", "keychain_locked", "key_file", "no_profile",
      "offline_only", "local_servers", "unauthorized", "forbidden", "quota_exceeded", "rate_limited", "server",
      "bad_request", "unexpected_response", "provider", "misaligned", "config", "cancelled", "edit", "truncated",
    ];
    // A provider's failure reaching a banner (Test connection, a job that cannot start) has its words.
    expect(errorHeadline("unauthorized")).toBe("Bad API key");
    expect(errorHeadline("config")).toBe("Profile incomplete");
    const generic = errorHeadline("internal");
    for (const kind of kinds.filter((k) => k !== "internal")) expect(errorHeadline(kind), kind).not.toBe(generic);
    setLocale("zh-Hant");
    try {
      expect(errorHeadline("network")).toBe("無法連線到網站");
    } finally {
      setLocale("en");
    }
  });
});

describe("errorText", () => {
  it("puts plain words first for the keychain kinds and keeps the platform's text as the detail", () => {
    const raw = "No keychain service is available to keep API keys (zbus error: Failed to connect to address unix:path=/run/user/0/bus)";
    const words = errorText({ kind: "keychain_unavailable", message: raw });
    expect(words.text).toContain("no system keychain");
    expect(words.text).not.toContain("zbus");
    expect(words.detail).toBe(raw);
    setLocale("zh-Hans");
    try {
      expect(errorText({ kind: "keychain_locked", message: raw }).text).toContain("系统钥匙串已锁定");
    } finally {
      setLocale("en");
    }
  });

  it("shows any other message as it is, without details", () => {
    expect(errorText({ kind: "network", message: "connection refused" })).toEqual({ text: "connection refused", detail: null });
  });

  it("keeps the core's English message under Details in a Chinese UI, under a headline in its language", () => {
    setLocale("zh-Hant");
    try {
      const error: AppError = { kind: "not_found", message: "No such file: /tmp/新聞.txt" };
      expect(errorText(error)).toEqual({ text: "", detail: "No such file: /tmp/新聞.txt" });
      expect(errorHeadline(error.kind)).not.toBe(errorHeadline("internal"));
      expect(errorHeadline(error.kind)).toMatch(/[\u4e00-\u9fff]/);
    } finally {
      setLocale("en");
    }
  });
});
