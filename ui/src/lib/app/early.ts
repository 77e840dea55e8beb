// The first document, asked for before the window's components are loaded: main.ts imports
// ./startEarly first, which calls `beginEarlyOpen`, so the shell prepares the launch file (or
// the sample) while the page's script is still evaluated and mounted, and `Session.start` takes
// the answer (`takeEarlyOpen`). Without it (tests, previews) the session asks itself.
import { openFirst, type Article } from "../ipc";

let early: Promise<Article> | null = null;

export function beginEarlyOpen(): void {
  performance.mark("duizhao:early");
  // One call (the launch file, or else the sample): a second one would wait for the page's
  // script to finish mounting before it could be sent.
  early = openFirst().then((article) => {
    performance.mark("duizhao:opened");
    return article;
  });
  // Handled by whoever takes it; never an unhandled rejection meanwhile.
  early.catch(() => undefined);
}

/** The early open's answer, once (later opens are the session's own). */
export function takeEarlyOpen(): Promise<Article> | undefined {
  const taken = early ?? undefined;
  early = null;
  return taken;
}
