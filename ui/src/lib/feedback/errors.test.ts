import { describe, expect, it } from "vitest";
import { errorHeadline, toAppError } from "./errors";

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
  });
});
