// The app's first screen as a static page, for bench/run.py's "static" floor: what WebKit
// needs to lay out and paint exactly that screen (the sample, as a new user sees it) with no
// script of ours — the floor's shell serving it, with the floor's paint.js reporting the paint.
//
//     node bench/snapshot.mjs APP OUT_DIR
//
// Launches APP through WebKitWebDriver (fresh data and config directories; the first screen
// built into the app not served, DUIZHAO_FIRST_SCREEN=0: this is the live page's), waits for the sample's
// rows, keeps the rows the window shows (the app's first paint draws only those), and writes
// OUT_DIR/index.html (the live DOM, every script removed, paint.js added) and
// OUT_DIR/first-screen.css (the rules of the page's stylesheets as WebKit parsed them). Needs
// WebKitWebDriver (scripts/setup.sh --test) and a display.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { appSession, startDriver, until } from "../tests/e2e/webdriver.mjs";

const [app, out] = process.argv.slice(2);
if (!app || !out) {
  console.error("usage: node bench/snapshot.mjs APP OUT_DIR");
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));

const freePort = () =>
  new Promise((done) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
const port = await freePort();
const home = mkdtempSync(join(tmpdir(), "duizhao-snapshot-"));
const env = {
  ...process.env,
  DUIZHAO_DATA_DIR: join(home, "data"),
  DUIZHAO_CONFIG_DIR: join(home, "config"),
  XDG_CACHE_HOME: join(home, "xdg-cache"),
  XDG_DATA_HOME: join(home, "xdg-data"),
  XDG_CONFIG_HOME: join(home, "xdg-config"),
  DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent/duizhao-bench",
  DUIZHAO_FIRST_SCREEN: "0",
};
const driver = await startDriver(port, env);
const { wd } = driver;
let session = null;
try {
  ({ sessionId: session } = await wd("POST", "/session", appSession(resolve(app))));
  const run = (script) => wd("POST", `/session/${session}/execute/sync`, { script, args: [] });
  await until("the sample's rows", async () => (await run("return document.querySelectorAll('[data-testid=row]').length")) > 3, 30000);
  const page = await run(`
    const shown = new Set([...document.querySelectorAll("[data-testid=row]")]
      .filter((row) => row.getBoundingClientRect().top < innerHeight)
      .map((row) => row.dataset.index));
    const css = [...document.styleSheets]
      .filter((sheet) => sheet.href && sheet.href.includes("/index-"))
      .map((sheet) => [...sheet.cssRules].map((rule) => rule.cssText).join("\\n"))
      .join("\\n");
    const copy = document.documentElement.cloneNode(true);
    for (const row of copy.querySelectorAll("[data-testid=row]")) if (!shown.has(row.dataset.index)) row.remove();
    for (const el of copy.querySelectorAll("script, link")) el.remove();
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = "first-screen.css";
    const paint = document.createElement("script");
    paint.src = "paint.js";
    paint.defer = true;
    copy.querySelector("head").append(link, paint);
    return { html: "<!doctype html>\\n" + copy.outerHTML, css, rows: shown.size };`);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "index.html"), page.html);
  writeFileSync(join(out, "first-screen.css"), page.css);
  copyFileSync(join(here, "floor", "dist", "paint.js"), join(out, "paint.js"));
  console.log(`snapshot: ${page.rows} rows, ${page.html.length} characters of HTML, ${page.css.length} of CSS`);
} finally {
  if (session) await wd("DELETE", `/session/${session}`).catch(() => undefined);
  await driver.stop();
  rmSync(home, { recursive: true, force: true });
}
