// After the first frame with content (two frames: the first lays out, the second has
// painted), tell the shell, as Duizhao's App.svelte does after the sample's rows.
requestAnimationFrame(() =>
  requestAnimationFrame(() =>
    window.__TAURI_INTERNALS__.invoke("mark_first_paint", { pageMs: Math.round(performance.now()) }),
  ),
);
