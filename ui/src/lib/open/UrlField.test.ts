// @vitest-environment jsdom
import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import UrlField from "./UrlField.svelte";

function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function typeAndSubmit(text: string) {
  const input = screen.getByTestId<HTMLInputElement>("url-input");
  await fireEvent.input(input, { target: { value: text } });
  await fireEvent.click(screen.getByTestId("url-open"));
}

afterEach(() => setLocale("en"));

describe("UrlField", () => {
  it("shows the placeholder and refuses other schemes inline, without calling onopen", async () => {
    const onopen = vi.fn(async () => {});
    render(UrlField, { onopen });
    expect(screen.getByTestId("url-input").getAttribute("placeholder")).toBe("Paste a web address…");
    await typeAndSubmit("ftp://example.com/file");
    expect(onopen).not.toHaveBeenCalled();
    expect(screen.getByTestId("url-error").textContent).toContain("Only http:// and https:// addresses can be opened.");
    expect(screen.getByTestId("url-input").getAttribute("aria-invalid")).toBe("true");
  });

  it("says so when the field is empty", async () => {
    const onopen = vi.fn(async () => {});
    render(UrlField, { onopen });
    await fireEvent.click(screen.getByTestId("url-open"));
    expect(onopen).not.toHaveBeenCalled();
    expect(screen.getByTestId("url-error").textContent).toContain("Type or paste a web address.");
  });

  it("shows progress while fetching, disables the field, and clears it after opening", async () => {
    const pending = deferred();
    const onopen = vi.fn(() => pending.promise);
    render(UrlField, { onopen });
    await typeAndSubmit("example.com/article");
    expect(onopen).toHaveBeenCalledWith("https://example.com/article");
    expect(screen.getByTestId("url-progress").textContent).toContain("Fetching…");
    expect(screen.getByTestId<HTMLInputElement>("url-input").disabled).toBe(true);
    expect(screen.getByTestId<HTMLButtonElement>("url-open").disabled).toBe(true);
    // A second press while fetching does nothing.
    await fireEvent.click(screen.getByTestId("url-open"));
    expect(onopen).toHaveBeenCalledTimes(1);
    pending.resolve();
    await vi.waitFor(() => expect(screen.queryByTestId("url-progress")).toBeNull());
    expect(screen.getByTestId<HTMLInputElement>("url-input").value).toBe("");
    expect(screen.getByTestId<HTMLInputElement>("url-input").disabled).toBe(false);
    expect(screen.queryByTestId("url-error")).toBeNull();
  });

  it("shows the shell's error by kind and keeps the address for another try", async () => {
    const onopen = vi.fn(() => Promise.reject({ kind: "http_status", message: "The server answered 404 Not Found." }));
    render(UrlField, { onopen });
    await typeAndSubmit("https://example.com/gone");
    await vi.waitFor(() => expect(screen.getByTestId("url-error")).toBeTruthy());
    const error = screen.getByTestId("url-error").textContent ?? "";
    expect(error).toContain("The site answered with an error");
    expect(error).toContain("404 Not Found");
    expect(screen.getByTestId<HTMLInputElement>("url-input").value).toBe("https://example.com/gone");
    // Typing again clears the message.
    await fireEvent.input(screen.getByTestId("url-input"), { target: { value: "https://example.com/other" } });
    expect(screen.queryByTestId("url-error")).toBeNull();
  });

  it("speaks the UI language", async () => {
    setLocale("zh-Hant");
    render(UrlField, { onopen: async () => {} });
    expect(screen.getByTestId("url-input").getAttribute("placeholder")).toBe("貼上網址…");
    expect(screen.getByTestId("url-open").textContent).toBe("開啟");
  });
});
