import { describe, expect, it } from "vitest";
import { desktopOf } from "./platform";

describe("desktopOf", () => {
  it("reads the three desktops' webviews", () => {
    // WebKitGTK, WKWebView and WebView2 as they introduce themselves.
    expect(desktopOf("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko)")).toBe("linux");
    expect(desktopOf("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)")).toBe(
      "macos",
    );
    expect(
      desktopOf(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
      ),
    ).toBe("windows");
  });

  it("does not take a phone for a Linux desktop", () => {
    expect(desktopOf("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36")).toBe("other");
    expect(desktopOf("")).toBe("other");
  });
});
