import { describe, expect, it } from "vitest";
import type { TranslationEstimate } from "../ipc";
import { CONFIRM_CHARS, countsTokens, dollars, needsConfirmation } from "./estimate";

const estimate = (extra: Partial<TranslationEstimate> = {}): TranslationEstimate => ({
  chars: 1200,
  segments: 12,
  cached: 0,
  requests: 2,
  tokensIn: 0,
  tokensOut: 0,
  cost: null,
  ...extra,
});

describe("needsConfirmation", () => {
  it("lets a short job go straight on", () => {
    expect(needsConfirmation(estimate())).toBe(false);
    expect(needsConfirmation(estimate({ chars: CONFIRM_CHARS }))).toBe(false);
    expect(needsConfirmation(estimate({ cost: 0.5 }))).toBe(false);
    expect(needsConfirmation(estimate({ chars: 0, segments: 0, cached: 40 }))).toBe(false);
  });

  it("asks before a job of more than 20,000 characters, priced or not", () => {
    expect(needsConfirmation(estimate({ chars: CONFIRM_CHARS + 1 }))).toBe(true);
    expect(needsConfirmation(estimate({ chars: 250_000, cost: 0.01 }))).toBe(true);
  });

  it("asks before a job estimated at more than $0.50, however short", () => {
    expect(needsConfirmation(estimate({ chars: 3000, cost: 0.51 }))).toBe(true);
  });
});

describe("dollars", () => {
  it("shows cents, and less than a cent as such", () => {
    expect(dollars(1.234)).toBe("$1.23");
    expect(dollars(0.5)).toBe("$0.50");
    expect(dollars(0.004)).toBe("< $0.01");
    expect(dollars(0)).toBe("$0");
  });
});

describe("countsTokens", () => {
  it("is true for a chat model's estimate only", () => {
    expect(countsTokens(estimate())).toBe(false);
    expect(countsTokens(estimate({ tokensIn: 900, tokensOut: 700 }))).toBe(true);
  });
});
