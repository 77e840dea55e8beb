// Measures the reader on a long document in the real app (release build under
// Xvfb, driven through WebKitWebDriver): time from launch to the first rows painted,
// the DOM size, and scroll smoothness as frame times while the reader scrolls
// continuously through the document (a fixed distance per animation frame, like a
// held-down scroll) and while it jumps to far places (like dragging the scroll bar).
//
//   xvfb-run -a node scripts/measure-reader.mjs BINARY ARTICLE [RUNS]
//
// Needs WebKitWebDriver on PATH (webkit2gtk-driver: scripts/setup.sh --test installs it). Under Xvfb
// WebKit renders in software, so frame times are an upper bound for a real GPU.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appSession, startDriver, webDriver } from "../tests/e2e/webdriver.mjs";
import { setTimeout as sleep } from "node:timers/promises";

const [binary, article, runsArg] = process.argv.slice(2);
if (!binary || !article) throw new Error("usage: node scripts/measure-reader.mjs BINARY ARTICLE [RUNS]");
const runs = Number(runsArg || 3);
const port = 4447;
const base = `http://127.0.0.1:${port}`;

// Its scroll runs are scripts of up to 10 minutes.
const wd = webDriver(base, 900000);

// The element that scrolls the reader: the tallest scrollable element.
const FIND_SCROLLER = `
  const all = [document.scrollingElement, ...document.querySelectorAll('*')];
  let best = document.scrollingElement;
  for (const el of all) {
    if (!el) continue;
    const style = getComputedStyle(el);
    const scrolls = el === document.scrollingElement || /(auto|scroll)/.test(style.overflowY);
    if (scrolls && el.scrollHeight - el.clientHeight > (best.scrollHeight - best.clientHeight)) best = el;
  }
  return best;`;

const SCROLL = `
  const done = arguments[arguments.length - 1];
  const scroller = (() => { ${FIND_SCROLLER} })();
  const step = arguments[0], frames = arguments[1], jumps = arguments[2];
  const deltas = [];
  let last = performance.now(), i = 0;
  scroller.scrollTop = 0;
  const max = () => scroller.scrollHeight - scroller.clientHeight;
  function frame(now) {
    deltas.push(now - last);
    last = now;
    i++;
    if (jumps) scroller.scrollTop = Math.floor(((i * 7919) % 1000) / 1000 * max());
    else scroller.scrollTop = Math.min(max(), scroller.scrollTop + step);
    if (i < frames) requestAnimationFrame(frame);
    else done({ deltas: deltas.slice(1), nodes: document.querySelectorAll('*').length,
                rows: document.querySelectorAll('[data-testid="row"]').length,
                height: scroller.scrollHeight, top: scroller.scrollTop });
  }
  requestAnimationFrame((t) => { last = t; requestAnimationFrame(frame); });`;

function stats(deltas) {
  const sorted = [...deltas].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  const over = (ms) => deltas.filter((d) => d > ms).length;
  return {
    frames: deltas.length,
    median: pct(50).toFixed(1),
    p95: pct(95).toFixed(1),
    p99: pct(99).toFixed(1),
    max: sorted[sorted.length - 1].toFixed(1),
    over33: over(33.4),
    fps: (1000 / (deltas.reduce((a, b) => a + b, 0) / deltas.length)).toFixed(1),
  };
}

const driver = await startDriver(port, { ...process.env }, (d) => process.stderr.write(d));
try {
  for (let run = 1; run <= runs; run++) {
    const data = mkdtempSync(join(tmpdir(), "duizhao-measure-"));
    process.env.DUIZHAO_DATA_DIR = data;
    const started = performance.now();
    const { sessionId } = await wd("POST", "/session", appSession(binary, [article]));
    const s = (p) => `/session/${sessionId}${p}`;
    let painted = null;
    while (performance.now() - started < 60000) {
      const rows = await wd("POST", s("/execute/sync"), {
        script: "return document.querySelectorAll('[data-testid=\"row\"]').length",
        args: [],
      }).catch(() => 0);
      if (rows > 0) {
        painted = performance.now() - started;
        break;
      }
      await sleep(20);
    }
    console.log(`run ${run}: rows painted ${painted === null ? "never" : painted.toFixed(0) + " ms"} after launch (includes WebDriver session start)`);
    await wd("POST", s("/timeouts"), { script: 600000 });
    await sleep(1000);
    const smooth = await wd("POST", s("/execute/async"), { script: SCROLL, args: [40, 600, false] });
    const jumpy = await wd("POST", s("/execute/async"), { script: SCROLL, args: [0, 120, true] });
    const a = stats(smooth.deltas);
    const b = stats(jumpy.deltas);
    console.log(
      `  DOM ${smooth.nodes} elements, ${smooth.rows} rows rendered, ` +
        `scroll height ${smooth.height} px`,
    );
    console.log(`  continuous scroll (40 px/frame, ${a.frames} frames): median ${a.median} ms, p95 ${a.p95}, p99 ${a.p99}, max ${a.max}, frames >33 ms: ${a.over33}, ${a.fps} fps`);
    console.log(`  random jumps (${b.frames} frames): median ${b.median} ms, p95 ${b.p95}, p99 ${b.p99}, max ${b.max}, frames >33 ms: ${b.over33}, ${b.fps} fps`);
    await wd("DELETE", s(""));
    rmSync(data, { recursive: true, force: true });
  }
} finally {
  await driver.stop();
}
