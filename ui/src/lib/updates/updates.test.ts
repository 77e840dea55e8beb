import { describe, expect, it, vi } from "vitest";
import type { UpdateCheck, UpdateProgress } from "../ipc";
import { Updates, type UpdatesApi } from "./updates.svelte";

const available: UpdateCheck = { status: "available", current: "0.1.0", version: "0.2.0", notes: "New.", date: null };

function api(overrides: Partial<UpdatesApi> = {}): UpdatesApi {
  return {
    checkForUpdate: vi.fn(async () => available),
    installUpdate: vi.fn(async () => {}),
    restartApp: vi.fn(async () => {}),
    ...overrides,
  };
}

describe("Updates", () => {
  it("announces an update found at start and installs nothing by itself", async () => {
    const fake = api();
    const updates = new Updates(fake);
    await updates.checkOnStart();
    expect(updates.announce).toBe(true);
    expect(updates.available?.version).toBe("0.2.0");
    expect(fake.installUpdate).not.toHaveBeenCalled();
  });

  it("stays quiet when the check at start fails, and says why when asked in Settings", async () => {
    const updates = new Updates(api({ checkForUpdate: vi.fn(async () => Promise.reject({ reason: "network", detail: "refused" })) }));
    await updates.checkOnStart();
    expect(updates.announce).toBe(false);
    expect(updates.state).toEqual({ phase: "idle" });
    await updates.check();
    expect(updates.state).toEqual({ phase: "failed", failure: { reason: "network", detail: "refused" }, update: null });
  });

  it("does not announce when up to date or when the build has no update source", async () => {
    for (const result of [
      { status: "upToDate", current: "0.1.0" },
      { status: "notConfigured", current: "0.1.0" },
    ] as UpdateCheck[]) {
      const updates = new Updates(api({ checkForUpdate: vi.fn(async () => result) }));
      await updates.checkOnStart();
      expect(updates.announce).toBe(false);
      expect(updates.available).toBeNull();
    }
  });

  it("follows the download and ends installed", async () => {
    const seen: string[] = [];
    let updates: Updates;
    const fake = api({
      installUpdate: vi.fn(async (onEvent: (e: UpdateProgress) => void) => {
        onEvent({ event: "downloading", downloaded: 50, total: 100 });
        seen.push(JSON.stringify(updates.state));
        onEvent({ event: "downloaded" });
        seen.push(JSON.stringify(updates.state));
      }),
    });
    updates = new Updates(fake);
    await updates.check();
    await updates.install();
    expect(seen[0]).toContain('"downloaded":50');
    expect(seen[1]).toContain('"downloadedAll":true');
    expect(updates.state).toEqual({ phase: "installed", update: available });
  });

  it("keeps the update on offer with the reason when its signature is refused", async () => {
    const updates = new Updates(
      api({ installUpdate: vi.fn(async () => Promise.reject({ reason: "signature", detail: "Invalid signature" })) }),
    );
    await updates.check();
    await updates.install();
    expect(updates.state).toEqual({
      phase: "failed",
      failure: { reason: "signature", detail: "Invalid signature" },
      update: available,
    });
  });
});
