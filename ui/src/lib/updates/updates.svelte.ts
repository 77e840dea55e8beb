// Updates, never silent: a check (when the app starts, or "Check for updates" in Settings) only
// says what is there; the user sees the version and its notes and chooses to install; the
// shell verifies the bundle's signature before installing anything (src-tauri/src/updates.rs)
// and the restart is the user's choice too.
import * as ipc from "../ipc";
import type { UpdateCheck, UpdateFailure, UpdateFailureReason } from "../ipc";

export type UpdatesApi = Pick<typeof ipc, "checkForUpdate" | "installUpdate" | "restartApp">;

export type Available = Extract<UpdateCheck, { status: "available" }>;

export type UpdateState =
  | { phase: "idle" }
  | { phase: "checking" }
  | { phase: "checked"; result: UpdateCheck }
  | { phase: "installing"; update: Available; downloaded: number; total: number | null; downloadedAll: boolean }
  | { phase: "installed"; update: Available }
  | { phase: "failed"; failure: UpdateFailure; update: Available | null };

const REASONS: readonly UpdateFailureReason[] = ["network", "signature", "noBundle", "install", "nothingToInstall", "other"];

/** An UpdateFailure from whatever a command rejected with. */
export function toUpdateFailure(e: unknown): UpdateFailure {
  if (typeof e === "object" && e !== null && "reason" in e && "detail" in e) {
    const { reason, detail } = e as { reason: unknown; detail: unknown };
    if (REASONS.includes(reason as UpdateFailureReason)) return { reason: reason as UpdateFailureReason, detail: String(detail) };
  }
  return { reason: "other", detail: e instanceof Error ? e.message : String(e) };
}

export class Updates {
  state = $state.raw<UpdateState>({ phase: "idle" });
  /** The check at start found an update the user has not seen yet: the window shows it. */
  announce = $state(false);
  #api: UpdatesApi;

  constructor(api: UpdatesApi = ipc) {
    this.#api = api;
  }

  /** The update on offer, if any (found, being installed, or failed to install). */
  get available(): Available | null {
    const s = this.state;
    if (s.phase === "checked") return s.result.status === "available" ? s.result : null;
    if (s.phase === "installing" || s.phase === "installed") return s.update;
    if (s.phase === "failed") return s.update;
    return null;
  }

  get busy(): boolean {
    return this.state.phase === "checking" || this.state.phase === "installing";
  }

  /** The check when the app starts: a found update is announced; a failure stays quiet. */
  async checkOnStart(): Promise<void> {
    await this.check();
    if (this.state.phase === "checked" && this.state.result.status === "available") this.announce = true;
    else if (this.state.phase === "failed") this.state = { phase: "idle" };
  }

  async check(): Promise<void> {
    if (this.busy) return;
    this.state = { phase: "checking" };
    try {
      const result = await this.#api.checkForUpdate();
      if (typeof result !== "object" || result === null || !("status" in result)) throw new Error("the shell gave no answer");
      this.state = { phase: "checked", result };
    } catch (e) {
      this.state = { phase: "failed", failure: toUpdateFailure(e), update: null };
    }
  }

  /** Installs the update on offer (the user chose to). */
  async install(): Promise<void> {
    const update = this.available;
    if (update === null || this.busy || this.state.phase === "installed") return;
    this.state = { phase: "installing", update, downloaded: 0, total: null, downloadedAll: false };
    try {
      await this.#api.installUpdate((e) => {
        if (this.state.phase !== "installing") return;
        this.state =
          e.event === "downloading"
            ? { ...this.state, downloaded: e.downloaded, total: e.total }
            : { ...this.state, downloadedAll: true };
      });
      this.state = { phase: "installed", update };
    } catch (e) {
      this.state = { phase: "failed", failure: toUpdateFailure(e), update };
    }
  }

  restart(): void {
    void this.#api.restartApp();
  }
}

/** The app's one update state (Settings and the start-up notice show the same). */
export const updates = new Updates();
