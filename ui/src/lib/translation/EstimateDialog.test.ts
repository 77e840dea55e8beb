// @vitest-environment jsdom
// The question before a long job: its size, a chat model's tokens, the estimated cost and what
// it rests on; Translate or Cancel.
import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { TranslationEstimate } from "../ipc";
import EstimateDialog from "./EstimateDialog.svelte";

const estimate = (extra: Partial<TranslationEstimate> = {}): TranslationEstimate => ({
  chars: 48_210,
  segments: 312,
  cached: 4,
  requests: 40,
  tokensIn: 61_000,
  tokensOut: 52_500,
  cost: 0.8125,
  ...extra,
});

function setUp(e: TranslationEstimate, profile = "GPT-4o mini") {
  const onconfirm = vi.fn();
  const oncancel = vi.fn();
  render(EstimateDialog, { estimate: e, profile, onconfirm, oncancel });
  return { onconfirm, oncancel, dialog: screen.getByTestId("estimate-dialog") };
}

describe("EstimateDialog", () => {
  it("shows a chat model's job: size, cache, requests, tokens and the estimated cost with its basis", async () => {
    const { onconfirm } = setUp(estimate());
    expect(screen.getByTestId("estimate-chars").textContent).toBe("48,210");
    expect(screen.getByTestId("estimate-rows").textContent).toContain("312");
    expect(screen.getByTestId("estimate-rows").textContent).toContain("+ 4 already in the cache");
    expect(screen.getByTestId("estimate-requests").textContent).toBe("40");
    expect(screen.getByTestId("estimate-tokens").textContent).toBe("61,000 in, 52,500 out");
    expect(screen.getByTestId("estimate-cost").textContent).toBe("about $0.81");
    expect(screen.getByTestId("estimate-basis").textContent).toContain("token counts above and the prices in the profile “GPT-4o mini”");
    await fireEvent.click(screen.getByTestId("estimate-confirm"));
    expect(onconfirm).toHaveBeenCalledTimes(1);
  });

  it("for a service priced by character, shows no tokens and says the cost rests on characters", () => {
    setUp(estimate({ tokensIn: 0, tokensOut: 0, cost: 0.96, cached: 0 }), "DeepL");
    expect(screen.queryByTestId("estimate-tokens")).toBeNull();
    expect(screen.getByTestId("estimate-rows").textContent).toBe("312");
    expect(screen.getByTestId("estimate-basis").textContent).toContain("characters above and the price in the profile “DeepL”");
  });

  it("without a price, says there is none and how to set one", () => {
    setUp(estimate({ cost: null }));
    expect(screen.getByTestId("estimate-cost").textContent).toBe("no price set");
    expect(screen.getByTestId("estimate-basis").textContent).toContain("Set the service's prices");
  });

  it("cancels with the button or Escape", async () => {
    const { oncancel, onconfirm, dialog } = setUp(estimate());
    await fireEvent.click(screen.getByTestId("estimate-cancel"));
    await fireEvent.keyDown(dialog, { key: "Escape" });
    expect(oncancel).toHaveBeenCalledTimes(2);
    expect(onconfirm).not.toHaveBeenCalled();
  });
});
