// Served only in a page that carries a stored copy of the first screen (#first-screen, put in
// by the shell: src-tauri/src/first_screen.rs, which also left the page's own script out of
// <head>, preloaded). Two frames after this runs (the first lays the copy out, the second has
// painted it) the page's script is started, and the shell is told for its start-up trace, as
// the live page's mark_first_paint and the benchmark floor's paint.js do. A page that is not
// being drawn (a minimized or hidden window) gets no frames: its script starts at once, and
// in any case within a second. The live interface removes the copy once it has painted the
// same screen (lib/app/firstScreen.ts); if the script cannot load or fails before that, the
// copy goes at once rather than stand there looking like an app that does not respond.
const copy = document.getElementById("first-screen");
const drop = () => copy.remove();
window.addEventListener("error", drop, { once: true });
window.addEventListener("unhandledrejection", drop, { once: true });

let started = false;
function start() {
  if (started) return;
  started = true;
  const script = document.createElement("script");
  script.type = "module";
  script.crossOrigin = "";
  script.src = copy.dataset.script;
  script.onerror = drop;
  document.head.append(script);
}
const ranMs = Math.round(performance.now());
requestAnimationFrame(() => {
  // What the interface first needs, asked for in the frame that paints the copy rather than
  // once the page's script has started (lib/app/early.ts takes these answers): the shell
  // answers while the script loads. Marked handled here; their consumer sees any failure.
  const ask = (command) => {
    const answer = window.__TAURI_INTERNALS__.invoke(command, {});
    answer.catch(() => undefined);
    return answer;
  };
  // Not once the script has been started (a page not drawn at first): it asks for itself.
  if (!started) {
    window.__duizhaoEarly = {
      open: ask("open_first"),
      prefs: ask("get_reader_prefs"),
      settings: ask("get_translation_settings"),
    };
  }
  requestAnimationFrame(() => {
    performance.mark("duizhao:first-screen-painted");
    start();
    window.__TAURI_INTERNALS__
      .invoke("first_screen_painted", { pageMs: Math.round(performance.now()), ranMs })
      .catch(() => undefined);
  });
});
if (document.visibilityState !== "visible") start();
setTimeout(start, 1000);
