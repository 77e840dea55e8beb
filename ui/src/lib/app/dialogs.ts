// The window's dialogs, loaded when first needed: Vite puts each in a chunk of its own, so the
// script the first screen waits for holds only the reader and the toolbar. `preload` fetches
// them all once the article is painted, so a dialog opened later appears at once. Each loader
// caches its promise: the import runs once.
const once = <T>(load: () => Promise<T>) => {
  let loaded: Promise<T> | null = null;
  return () => (loaded ??= load());
};

export const dialogs = {
  settings: once(() => import("../settings/SettingsDialog.svelte")),
  help: once(() => import("../help/HelpDialog.svelte")),
  update: once(() => import("../updates/UpdateNotice.svelte")),
  addTerm: once(() => import("../glossary/AddTermDialog.svelte")),
  estimate: once(() => import("../translation/EstimateDialog.svelte")),
  /** Starts loading every dialog (after the first paint). */
  preload(): void {
    for (const load of [this.settings, this.help, this.update, this.addTerm, this.estimate]) void load().catch(() => undefined);
  },
};
