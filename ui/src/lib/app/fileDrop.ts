// Files dragged onto the window. Tauri intercepts OS drag-and-drop (dragDropEnabled in
// tauri.conf.json), so the webview never sees DOM drop events with file paths; the webview's
// drag-drop event carries the paths instead.
import { getCurrentWebview } from "@tauri-apps/api/webview";

export interface FileDropHandlers {
  /** Called with true while files are dragged over the window, false when they leave or drop. */
  hover(over: boolean): void;
  drop(path: string): void;
}

/** Starts listening; resolves to the function that stops it. */
export async function listenForFileDrops(handlers: FileDropHandlers): Promise<() => void> {
  try {
    return await getCurrentWebview().onDragDropEvent(({ payload }) => {
      switch (payload.type) {
        case "enter":
        case "over":
          handlers.hover(true);
          break;
        case "drop":
          handlers.hover(false);
          if (payload.paths.length > 0) handlers.drop(payload.paths[0]);
          break;
        case "leave":
          handlers.hover(false);
          break;
      }
    });
  } catch (e) {
    // Outside Tauri (a plain browser during development) there is no webview to listen to;
    // the rest of the app still works.
    console.warn("file drop unavailable:", e);
    return () => {};
  }
}
