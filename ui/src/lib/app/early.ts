// What the first screen needs, asked for before the window's components are loaded: main.ts
// imports ./startEarly first, which calls `beginEarlyOpen`, so the shell prepares the launch
// file (or the sample) and reads the reader preferences and translation settings while the
// page's script is still evaluated and mounted. The app takes each answer once (`takeEarly*`);
// without them (tests, previews) each part asks for itself.
import { getReaderPrefs, getTranslationSettings, openFirst, type Article, type ReaderPrefs, type TranslationSettings } from "../ipc";

/** The early answers, each until the app takes it. */
const early: { open?: Promise<Article>; prefs?: Promise<ReaderPrefs>; settings?: Promise<TranslationSettings> } = {};

function take<K extends keyof typeof early>(key: K): (typeof early)[K] {
  const taken = early[key];
  early[key] = undefined;
  return taken;
}

/** Handled by whoever takes it; never an unhandled rejection meanwhile. */
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** The same calls, made by ui/public/first-screen.js when the page carries a stored copy of the
 * first screen: asked for while the copy painted, before this script started. */
type AskedByTheCopy = { open: Promise<Article>; prefs: Promise<ReaderPrefs>; settings: Promise<TranslationSettings> };

export function beginEarlyOpen(): void {
  performance.mark("duizhao:early");
  const holder = window as { __duizhaoEarly?: AskedByTheCopy };
  const asked = holder.__duizhaoEarly;
  if (asked) {
    // Taken once, here; not kept on the window (the article's first screen is in it).
    delete holder.__duizhaoEarly;
    performance.mark("duizhao:early-from-copy");
  }
  // One call (the launch file, or else the sample): a second one would wait for the page's
  // script to finish mounting before it could be sent.
  early.open = quiet(
    (asked?.open ?? openFirst()).then((article) => {
      performance.mark("duizhao:opened");
      return article;
    }),
  );
  // The first rows are drawn with the stored preferences (font size, columns, theme), not with
  // the defaults and then again; the settings decide the translation column's language.
  early.prefs = quiet(asked?.prefs ?? getReaderPrefs());
  early.settings = quiet(
    (asked?.settings ?? getTranslationSettings()).then((settings) => {
      performance.mark("duizhao:settings");
      return settings;
    }),
  );
}

/** The early open's answer, once (later opens are the session's own). */
export const takeEarlyOpen = () => take("open");
/** The early reading of the reader preferences, once. */
export const takeEarlyPrefs = () => take("prefs");
/** The early reading of the translation settings, once. */
export const takeEarlySettings = () => take("settings");
