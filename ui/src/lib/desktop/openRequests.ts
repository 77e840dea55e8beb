// Files opened from outside while Duizhao runs: "Open with Duizhao" or a double click starts a
// second launch, which hands its file to this window and exits (tauri-plugin-single-instance);
// on macOS, Finder's Apple Event. The shell sends each path as an event, and keeps those that
// arrived before this listener for `desktopReady`. Launch paths (the first start's argument)
// are still opened by the session's start.
import { listen } from "@tauri-apps/api/event";
import { desktopReady } from "../ipc";

/** The shell's event name (desktop.rs, OPEN_EVENT). */
export const OPEN_EVENT = "duizhao://open-path";

/** Starts listening; opens what came before; resolves to the function that stops it. */
export async function listenForOpenRequests(open: (path: string) => void): Promise<() => void> {
  try {
    const stop = await listen<string>(OPEN_EVENT, ({ payload }) => open(payload));
    for (const path of (await desktopReady()) ?? []) open(path);
    return stop;
  } catch (e) {
    // Outside Tauri (a plain browser during development) nothing opens files from outside.
    console.warn("open requests unavailable:", e);
    return () => {};
  }
}
