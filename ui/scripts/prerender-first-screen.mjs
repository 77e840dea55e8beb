// A new user's first screen, drawn when the interface is built (`npm run build`, after
// `vite build`): the page's own built script (dist/index.html's module, the very code the
// app ships) is run in jsdom, once per interface language, against a stand-in for the shell
// that answers as a new install's shell does (src/lib/bindings/new-user.json, written from
// the Rust code by its tests: the sample's first screen of blocks, the default preferences,
// the translation settings of a new install). When the page has drawn the sample it sends
// its screen to be kept (`store_first_screen`, lib/app/firstScreen.ts), as it does in the
// app; that screen is written to dist/first-screen/<language>.json. The shell serves it to a
// launch that has no stored screen of its own yet (src-tauri/src/first_screen.rs), so a new
// user's first launch paints at once too; the live page then checks it against what it drew.
//
// jsdom lays nothing out: every row of the reader's first range is kept (the window cuts
// them), which the page's check allows for (a built-in screen may hold rows below the window).
//
//   node scripts/prerender-first-screen.mjs            all languages, into dist/first-screen/
//   node scripts/prerender-first-screen.mjs --draw en  one language, its screen on stdout
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ui = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(ui, "dist");
/** The interface's languages, each with the system languages that select it (i18n.ts). */
const LANGUAGES = { en: ["en-US", "en"], "zh-Hans": ["zh-CN", "zh"], "zh-Hant": ["zh-TW", "zh"] };
/** The window of a first launch, as tauri.conf.json makes it. */
const WINDOW = JSON.parse(readFileSync(join(ui, "..", "tauri.conf.json"), "utf8")).app.windows[0];

if (process.argv[2] === "--draw") {
  process.stdout.write(JSON.stringify(await draw(process.argv[3])));
  process.exit(0);
} else {
  const out = join(dist, "first-screen");
  mkdirSync(out, { recursive: true });
  for (const language of Object.keys(LANGUAGES)) {
    // A process of its own per language: the page's modules keep their state.
    const screen = execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--draw", language], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 16 * 1024 * 1024,
    });
    const parsed = JSON.parse(screen);
    writeFileSync(join(out, `${language}.json`), screen);
    const rows = parsed.body.split("data-block-id=").length - 1;
    console.log(`first screen (${language}): ${rows} rows, ${Math.round(screen.length / 1024)} KB`);
  }
}

/** Runs the built page in jsdom with the system languages of `language`; resolves to its screen. */
async function draw(language) {
  const { JSDOM } = await import("jsdom");
  const index = readFileSync(join(dist, "index.html"), "utf8");
  const script = /<script type="module"[^>]* src="\/([^"]+)"/.exec(index)?.[1];
  if (!script) throw new Error("dist/index.html has no module script");
  const dom = new JSDOM(index.replace(/<script\b[\s\S]*?<\/script>/g, ""), {
    url: "http://tauri.localhost/",
    pretendToBeVisual: true,
  });
  const { window } = dom;
  const platform = process.env.TAURI_ENV_PLATFORM ?? process.platform;
  const userAgent = /darwin|macos/.test(platform)
    ? "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
    : /win/.test(platform)
      ? "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/605.1.15 (KHTML, like Gecko)"
      : "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko)";
  Object.defineProperties(window.navigator, {
    userAgent: { value: userAgent },
    language: { value: LANGUAGES[language][0] },
    languages: { value: Object.freeze([...LANGUAGES[language]]) },
  });
  Object.defineProperties(window, {
    innerWidth: { value: WINDOW.width },
    innerHeight: { value: WINDOW.height },
    // Nothing is laid out, so nothing is ever resized.
    ResizeObserver: { value: class { observe() {} unobserve() {} disconnect() {} } },
    // The page follows the system's light or dark look through CSS alone; nothing it draws
    // depends on the answer.
    matchMedia: { value: (query) => ({ matches: false, media: query, addEventListener() {}, removeEventListener() {} }) },
  });

  const answers = JSON.parse(readFileSync(join(ui, "src", "lib", "bindings", "new-user.json"), "utf8"));
  const asked = [];
  let stored;
  const screen = new Promise((resolve) => (stored = resolve));
  let nextId = 1;
  window.__TAURI_INTERNALS__ = {
    metadata: { currentWindow: { label: "main" }, currentWebview: { windowLabel: "main", label: "main" } },
    transformCallback: () => nextId++,
    async invoke(command, args) {
      asked.push(command);
      if (command in answers) return structuredClone(answers[command]);
      switch (command) {
        case "store_first_screen":
          stored(args.screen);
          return null;
        case "article_rest":
        case "desktop_ready":
          return [];
        case "plugin:event|listen":
          return nextId++;
        default:
          return null;
      }
    },
  };

  // The page's script sees jsdom's window as its globals, as a browser's script sees its own.
  // Node's own where it has one (timers, URL, …), but for the DOM's events and the navigator;
  // Node's performance stays (the page's marks need its User Timing).
  const own = new Set(["Event", "EventTarget", "CustomEvent", "navigator", "window", "self"]);
  for (const key of Object.getOwnPropertyNames(window)) {
    if (key in globalThis && !own.has(key)) continue;
    Object.defineProperty(globalThis, key, { configurable: true, get: () => window[key] });
  }

  await import(pathToFileURL(join(dist, script)).href);
  const timeout = new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`no first screen from the page after 30 s; it asked for: ${asked.join(", ")}`)), 30000),
  );
  const result = await Promise.race([screen, timeout]);
  if (!result.body.includes("data-block-id=")) throw new Error(`the first screen has no rows: ${result.body.slice(0, 300)}`);
  return result;
}
