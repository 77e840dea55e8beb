// End-to-end tests of the real built app: Debian's WebKitWebDriver drives the Tauri window
// under Xvfb over W3C WebDriver (directly, not through tauri-driver: see webdriver.mjs). The
// clipboard is read back and written with xclip, so copies and "From clipboard"
// go through the real system clipboard; xdotool types into the native file
// dialog. Screenshots land in target/e2e/. The app never sees a keychain: its D-Bus
// session address leads nowhere (as on a desktop without a Secret Service), so no test
// key can land in the developer's own keychain, and the key-file flow runs as users
// without a keychain meet it.
//
// Run by scripts/test.sh inside xvfb-run; needs E2E_APP (the app binary) and
// WebKitWebDriver on PATH (E2E_DRIVER_PORT, default 4444, lets two runs share a machine). Prints "ok"/"not ok" per test and a closing
// "N passed, N failed" line; exits non-zero on any failure.

import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { appSession, startDriver, until, webDriver } from "./webdriver.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const app = process.env.E2E_APP;
if (!app) throw new Error("E2E_APP must name the built duizhao-desktop binary");
const shots = join(root, "target", "e2e");
mkdirSync(shots, { recursive: true });
// A fixture by its name, or any file by its absolute path.
const fixture = (name) => resolve(root, "tests", "fixtures", name);
const port = Number(process.env.E2E_DRIVER_PORT || 4444);
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), "duizhao-e2e-"));
const configDir = mkdtempSync(join(tmpdir(), "duizhao-e2e-config-"));
const exportDir = mkdtempSync(join(tmpdir(), "duizhao-e2e-export-"));
// A folder with no bus socket in it: the app's D-Bus address points there.
const noBusDir = mkdtempSync(join(tmpdir(), "duizhao-e2e-no-bus-"));

// ---- a local LibreTranslate- and DeepL-speaking server -----------------------------
// Translates "X" as "EN: X". The paragraph containing FLAKY fails once: in a
// batch with others the answer leaves it out (the scheduler splits the batch),
// and alone it is refused with 403, so exactly that block fails and the rest
// succeed; the next request for it succeeds (the retry). DeepL's POST /v2/translate
// answers only with DEEPL_KEY in its Authorization header (DeepL's own 403 otherwise).
const FLAKY = "這一段第一次會失敗";
const DEEPL_KEY = "e2e-deepl-key-0f3a9c:fx";
const provider = { requests: 0, flakyFailed: false, deeplAuth: [], web: [], texts: [], sources: [], inhouse: [] };
const providerServer = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    provider.requests++;
    const reply = (status, payload) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    // The free web engines' protocols: under /dead/ every engine answers 404 (an engine that
    // has gone away); Google's page translator answers "EN: <item>" in its own shape.
    if (req.url.startsWith("/dead/")) {
      provider.web.push(req.url);
      res.writeHead(404, { "content-type": "text/plain" });
      return res.end("");
    }
    if (req.url === "/v1/translateHtml") {
      provider.web.push(req.url);
      const items = JSON.parse(body)[0][0];
      return reply(200, [items.map((t) => `EN: ${t}`), items.map(() => "zh-TW")]);
    }
    // An in-house endpoint of a shape no provider speaks, reached through a custom template.
    if (req.url === "/inhouse/mt") {
      const sent = JSON.parse(body);
      provider.inhouse.push({ team: req.headers["x-team"] ?? null, body: sent });
      return reply(200, { result: { texts: sent.items.map((t) => `IH: ${t}`) } });
    }
    if (req.url === "/v2/translate") {
      provider.deeplAuth.push(req.headers.authorization ?? "");
      if (req.headers.authorization !== `DeepL-Auth-Key ${DEEPL_KEY}`) {
        res.writeHead(403);
        return res.end();
      }
      return reply(200, { translations: JSON.parse(body).text.map((t) => ({ text: `EN: ${t}` })) });
    }
    const q = JSON.parse(body).q;
    provider.texts.push(...q);
    provider.sources.push(JSON.parse(body).source);
    const flaky = q.findIndex((t) => t.includes(FLAKY));
    if (flaky >= 0 && !provider.flakyFailed) {
      if (q.length > 1) return reply(200, { translatedText: q.filter((_, i) => i !== flaky).map((t) => `EN: ${t}`) });
      provider.flakyFailed = true;
      return reply(403, { error: "Visible only in tests: refused once" });
    }
    reply(200, { translatedText: q.map((t) => `EN: ${t}`) });
  });
});

// ---- a local web server for the pages fixtures ----------------------------------
const pages = { "/news/tainan": "news-tainan.html" };
const pagesServer = createServer((req, res) => {
  const file = pages[req.url];
  if (!file) {
    res.writeHead(404, { "content-type": "text/plain" });
    return res.end("not found");
  }
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(readFileSync(fixture(join("pages", file))));
});
let pagesUrl = "";

// ---- a local Ollama (found by the app's probe through DUIZHAO_LOCAL_SERVERS) ------
// GET /api/tags lists one chat model and one embedding model (which must not be offered);
// POST /v1/chat/completions answers each <seg id="N">X</seg> with "LOCAL: X", streamed
// as Ollama's OpenAI-compatible endpoint does. Every request is recorded.
const OLLAMA_MODEL = "qwen2.5:7b";
const ollama = { requests: [] };
const ollamaServer = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    ollama.requests.push({ method: req.method, url: req.url, authorization: req.headers.authorization ?? null, body });
    if (req.method === "GET" && req.url === "/api/tags") {
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
      return res.end(
        JSON.stringify({
          models: [
            { name: OLLAMA_MODEL, model: OLLAMA_MODEL, size: 4683087332, details: { format: "gguf", family: "qwen2" } },
            { name: "nomic-embed-text:latest", model: "nomic-embed-text:latest", size: 274302450 },
          ],
        }),
      );
    }
    if (req.method === "POST" && req.url === "/v1/chat/completions") {
      const request = JSON.parse(body);
      const user = request.messages.find((m) => m.role === "user").content;
      const answer = [...user.matchAll(/<seg id="(\d+)">([\s\S]*?)<\/seg>/g)]
        .map(([, id, text]) => `<seg id="${id}">LOCAL: ${text}</seg>`)
        .join("\n");
      if (!request.stream) {
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ choices: [{ index: 0, message: { role: "assistant", content: answer }, finish_reason: "stop" }] }));
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { role: "assistant", content: answer } }] })}\n\n`);
      res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`);
      return res.end("data: [DONE]\n\n");
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("404 page not found");
  });
});

// ---- a local update server (tauri-plugin-updater's latest.json and bundles) -----------
// The debug app reads DUIZHAO_TEST_UPDATE_ENDPOINT/PUBKEY/TARGET (src-tauri/src/updates.rs;
// release builds ignore them). Key pairs are made at test time with the Tauri CLI: the app
// trusts `updateKeys.good`; `updateKeys.other` signs the bundle that must be refused. The
// "bundle" is an ELF file (what an AppImage update is); installing it replaces `updateTarget`.
// Until a test sets `update.release`, the server answers 204: no update.
const updateDir = mkdtempSync(join(tmpdir(), "duizhao-e2e-update-"));
const updateTarget = join(updateDir, "installed", "Duizhao.AppImage");
const update = { release: null, requests: [] };
const updateServer = createServer((req, res) => {
  update.requests.push(req.url);
  if (req.url === "/latest.json") {
    if (!update.release) return res.writeHead(204).end();
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify(update.release));
  }
  const bundle = { "/bundle/good": "good.AppImage", "/bundle/bad": "bad.AppImage" }[req.url];
  if (bundle) {
    const bytes = readFileSync(join(updateDir, bundle));
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.length });
    return res.end(bytes);
  }
  res.writeHead(404).end();
});
const updateUrl = () => `http://127.0.0.1:${updateServer.address().port}`;
/** The app's environment (main() fills it; a second launch in a test gets the same). */
const appEnv = {};

/** Two key pairs and the bundles they sign (the Tauri CLI's `signer`), before the app starts. */
function makeUpdateKeys() {
  const tauri = join(root, "ui", "node_modules", ".bin", "tauri");
  const password = "e2e-update-password";
  const keys = {};
  for (const name of ["good", "other"]) {
    const key = join(updateDir, `${name}.key`);
    execFileSync(tauri, ["signer", "generate", "--ci", "-w", key, "-p", password], { stdio: "ignore" });
    keys[name] = { key, pubkey: readFileSync(`${key}.pub`, "utf8").trim() };
  }
  // The same program twice: signed with the app's key, and with another one.
  for (const [bundle, signer] of [["good.AppImage", "good"], ["bad.AppImage", "other"]]) {
    writeFileSync(join(updateDir, bundle), readFileSync("/usr/bin/true"));
    execFileSync(tauri, ["signer", "sign", "-f", keys[signer].key, "-p", password, join(updateDir, bundle)], { stdio: "ignore" });
  }
  mkdirSync(dirname(updateTarget), { recursive: true });
  writeFileSync(updateTarget, "the installed Duizhao 0.1.0\n");
  return keys;
}

/** latest.json announcing 9.9.9 whose linux-x86_64 bundle is `bundle` ("good" or "bad"). */
function releaseWith(bundle) {
  return {
    version: "9.9.9",
    notes: "Faster conversion of long articles.\nA new reading mode for EPUB books.",
    pub_date: "2026-12-01T08:00:00Z",
    platforms: {
      "linux-x86_64": {
        url: `${updateUrl()}/bundle/${bundle}`,
        signature: readFileSync(join(updateDir, `${bundle}.AppImage.sig`), "utf8").trim(),
      },
    },
  };
}

// ---- a minimal W3C WebDriver client ----------------------------------------

const wd = webDriver(base);

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
let session = null;
/** WebKitWebDriver (`startDriver`), once main() has started it. */
let driver = null;
const s = (path) => `/session/${session}${path}`;

async function find(css, from) {
  const path = from ? s(`/element/${from}/element`) : s("/element");
  const v = await wd("POST", path, { using: "css selector", value: css });
  return v[ELEMENT];
}
async function findAll(css, from) {
  const path = from ? s(`/element/${from}/elements`) : s("/elements");
  const v = await wd("POST", path, { using: "css selector", value: css });
  return v.map((e) => e[ELEMENT]);
}
// WebKitWebDriver's "Get Element Text" returns "" for some visible elements;
// the rendered text (innerText) is what a reader sees and copies.
const text = async (el) => (await wd("GET", s(`/element/${el}/property/innerText`))).trim();
// WebKitWebDriver does not scroll an element inside a scrolled container (the settings
// dialog's body) out from under the dialog's footer before clicking it, and then calls it
// not interactable: an element another one covers at its centre is scrolled to the middle.
const click = async (el) => {
  await script(
    `const e = arguments[0], r = e.getBoundingClientRect();
     const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
     if (e.tagName !== "OPTION" && r.height > 0 && !(hit && (hit === e || e.contains(hit)))) e.scrollIntoView({ block: "center" });`,
    [{ [ELEMENT]: el }],
  );
  return wd("POST", s(`/element/${el}/click`), {});
};
const attr = async (el, name) => wd("GET", s(`/element/${el}/attribute/${name}`));
const script = async (body, args = []) => wd("POST", s("/execute/sync"), { script: body, args });

/** Waits until the clipboard holds `expected`, reporting what it held instead. */
async function untilClipboard(what, expected) {
  let held = "";
  try {
    await until(what, async () => (held = readClipboard()) === expected);
  } catch (e) {
    throw new Error(`${e.message}; the clipboard held ${JSON.stringify(held)}`);
  }
}


async function shiftClick(el) {
  // WebDriver actions: hold Shift, click the element, release.
  await wd("POST", s("/actions"), {
    actions: [
      {
        type: "key",
        id: "kbd",
        actions: [
          { type: "keyDown", value: "\uE008" },
          { type: "pause", duration: 0 },
          { type: "pause", duration: 0 },
          { type: "pause", duration: 0 },
          { type: "pause", duration: 0 },
          { type: "keyUp", value: "\uE008" },
        ],
      },
      {
        type: "pointer",
        id: "mouse",
        parameters: { pointerType: "mouse" },
        actions: [
          { type: "pause", duration: 0 },
          { type: "pointerMove", origin: { [ELEMENT]: el }, x: 0, y: 0 },
          { type: "pointerDown", button: 0 },
          { type: "pointerUp", button: 0 },
          { type: "pause", duration: 0 },
        ],
      },
    ],
  });
  await wd("DELETE", s("/actions"));
}

async function screenshot(name) {
  // Let the last state paint before capturing (a capture right after an assertion can be one
  // frame stale), and finite transitions end (a theme switched just before was captured half
  // way, every colour grey), for a second at most.
  await script(`return new Promise((done) => {
    const limit = performance.now() + 1000;
    const moving = () => document.getAnimations().some((a) => a.playState === "running" && a.effect?.getTiming().iterations !== Infinity);
    const settle = () => (moving() && performance.now() < limit ? requestAnimationFrame(settle) : requestAnimationFrame(() => requestAnimationFrame(() => done(true))));
    settle();
  })`);
  const png = await wd("GET", s("/screenshot"));
  const path = join(shots, name);
  writeFileSync(path, Buffer.from(png, "base64"));
  return path;
}

/**
 * Starts the app (a new WebDriver session) with `args`; the data and config dirs persist, but
 * not the window's saved size and position unless `keepWindow`: each launch starts at the
 * default size, whatever an earlier test did to the window.
 */
async function startApp(args = [], { keepWindow = false } = {}) {
  if (!keepWindow) rmSync(join(configDir, "window-state.json"), { force: true });
  const created = await wd("POST", "/session", appSession(app, args));
  session = created.sessionId;
}

/** Quits the app (ends the session) and waits until it has exited. */
async function stopApp() {
  if (session) await wd("DELETE", `/session/${session}`);
  session = null;
  // WebKitWebDriver answers before the app's process is gone: one still exiting could write
  // its files (the window's state, the database) over what the next test sets up. Seen once:
  // the window-state test's saved size lost (the next launch at the default size).
  if (driver) await until("the app to exit", () => driver.apps().length === 0, 30000);
}

// ---- the clipboard, through xclip -------------------------------------------

const readClipboard = () => execFileSync("xclip", ["-o", "-selection", "clipboard"], { encoding: "utf8" });
/** The clipboard's text, "" when it holds none (an emptied clipboard offers no text to read). */
function clipboardText() {
  try {
    return readClipboard();
  } catch {
    return "";
  }
}
function writeClipboard(value) {
  // xclip forks and keeps serving the selection until another owner takes it.
  // Its stdout and stderr must not be pipes, or this call would wait for that fork.
  execFileSync("xclip", ["-i", "-selection", "clipboard"], { input: value, stdio: ["pipe", "ignore", "ignore"] });
  // The forked xclip takes the selection a moment later; an app copy made before that
  // moment would be overwritten by it. Wait until the clipboard really holds `value`.
  for (let i = 0; i < 50 && clipboardText() !== value; i++) execFileSync("sleep", ["0.05"]);
}

// ---- the tests --------------------------------------------------------------

const rowsText = async (column) => {
  const rows = await findAll('[data-testid="row"]');
  const out = [];
  // The cell's text, without the marks under it ("edited", glossary terms not used).
  for (const r of rows) out.push(await text(await find(`[data-testid="cell-${column}"] [data-cell-text]`, r)));
  return out;
};

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test("opens the Big5 fixture given at launch with the Simplified column converted by tw2sp", async () => {
  const title = await until("document title", async () => {
    const t = await text(await find('[data-testid="doc-title"]'));
    return t === "臺北捷運的新系統" && t;
  });
  assertEqual(title, "臺北捷運的新系統");
  assertEqual(await text(await find('[data-testid="doc-encoding"]')), "Big5");
  const conversion = await text(await find('[data-testid="doc-conversion"]'));
  assert(conversion.includes("tw2sp"), `conversion state names tw2sp: ${conversion}`);
  const simplified = await rowsText("simplified");
  assertEqual(simplified.length, 4);
  assertEqual(simplified[0], "台北捷运的新系统");
  assertEqual(simplified[2], "新系统的服务器采用更大的内存，软件也全面改写，让网络尖峰时段不再当机。");
  const translation = await rowsText("translation");
  assert(translation.every((t) => t.toLowerCase().includes("not translated yet")), `translation placeholders: ${translation}`);
  // The changed characters are marked, and the mark shows the original.
  const marks = await findAll('[data-testid="cell-simplified"] mark');
  assert(marks.length > 10, `changed characters are marked (${marks.length})`);
  const memory = await script(
    "return [...document.querySelectorAll('[data-testid=\"cell-simplified\"] mark')].map(m => m.textContent + '=' + m.title).find(s => s.startsWith('内存'))",
  );
  assert(memory && memory.includes("記憶體"), `hovering 内存 shows 記憶體: ${memory}`);
  await screenshot("reader.png");
});

test("a row's copy button puts the Simplified text on the clipboard", async () => {
  const rows = await findAll('[data-testid="row"]');
  await click(await find('[data-testid="copy-simplified"]', rows[2]));
  await untilClipboard("clipboard to hold row 3", "新系统的服务器采用更大的内存，软件也全面改写，让网络尖峰时段不再当机。");
  await until("copied toast", async () => (await findAll('[data-testid="copied-toast"]')).length > 0);
});

test("several selected rows copy as original + simplified with paragraph breaks kept", async () => {
  const rows = await findAll('[data-testid="row"]');
  await click(rows[1]);
  await shiftClick(rows[2]);
  await until("two rows selected", async () => {
    const selected = await findAll('[data-testid="row"][aria-selected="true"]');
    return selected.length === 2;
  });
  await click(await find('[data-testid="copy-selection-both"]'));
  const expected = [
    "臺北捷運公司今天宣布，新一代的票證系統將於明年上線，乘客可以透過手機應用程式查詢即時資訊。",
    "台北捷运公司今天宣布，新一代的票证系统将于明年上线，乘客可以透过手机应用程序查找实时信息。",
    "",
    "新系統的伺服器採用更大的記憶體，軟體也全面改寫，讓網路尖峰時段不再當機。",
    "新系统的服务器采用更大的内存，软件也全面改写，让网络尖峰时段不再当机。",
  ].join("\n");
  await untilClipboard("clipboard to hold both rows", expected);
  await screenshot("selection.png");
});

test("switching the conversion to t2s converts without Taiwan phrases", async () => {
  const select = await find('[data-testid="config-select"]');
  await click(select);
  await click(await find('option[value="t2s"]', select));
  await until("t2s conversion", async () => (await rowsText("simplified"))[2].includes("记忆体"));
  const conversion = await text(await find('[data-testid="doc-conversion"]'));
  assert(conversion.includes("t2s"), conversion);
  // Back to automatic detection for the next tests.
  await click(select);
  await click(await find('option[value="auto"]', select));
  await until("auto conversion", async () => (await rowsText("simplified"))[2].includes("内存"));
});

test("Open file… shows the native dialog and opens the Markdown file typed into it", async () => {
  await openWithDialog(fixture("article.md"));
  await until("the chosen file", async () => (await text(await find('[data-testid="doc-title"]'))) === "資訊月開幕");
  const kinds = await script("return [...document.querySelectorAll('[data-testid=\"row\"]')].map(r => r.dataset.kind)");
  assertEqual(kinds.join(","), "heading,paragraph,quote,heading,list_item,list_item,list_item,image,paragraph");
  const image = await script("return document.querySelector('[data-kind=\"image\"] [data-testid=\"cell-original\"]').innerText");
  assert(image.includes("booth.png"), `the image placeholder names its file: ${image}`);
  assertEqual(await script("return document.querySelectorAll('img').length"), 0);
});

test("From clipboard opens Hong Kong text with hk2s", async () => {
  writeClipboard("港鐵新綫\n佢哋喺九龍搭巴士，而家好方便。\n");
  await click(await find('[data-testid="from-clipboard"]'));
  await until("clipboard document", async () => (await text(await find('[data-testid="doc-title"]'))) === "港鐵新綫");
  const conversion = await text(await find('[data-testid="doc-conversion"]'));
  assert(conversion.includes("hk2s"), conversion);
  assertEqual((await rowsText("simplified"))[1], "佢哋喺九龙搭巴士，而家好方便。");
});

test("Ctrl+V on the reader opens the clipboard's text as a new document", async () => {
  writeClipboard("臺灣的網路新聞\n軟體更新了。\n");
  await wd("POST", s("/actions"), {
    actions: [
      {
        type: "key",
        id: "kbd",
        actions: [
          { type: "keyDown", value: "\uE009" },
          { type: "keyDown", value: "v" },
          { type: "keyUp", value: "v" },
          { type: "keyUp", value: "\uE009" },
        ],
      },
    ],
  });
  await wd("DELETE", s("/actions"));
  await until("pasted document", async () => (await text(await find('[data-testid="doc-title"]'))) === "臺灣的網路新聞");
  assertEqual((await rowsText("simplified"))[1], "软件更新了。");
});

test("a failed open shows an error and keeps the open document intact", async () => {
  writeClipboard("   \n  ");
  await click(await find('[data-testid="from-clipboard"]'));
  const banner = await until("error banner", async () => (await findAll('[data-testid="error-banner"]'))[0]);
  assertEqual(await attr(banner, "data-kind"), "empty");
  assertEqual(await text(await find('[data-testid="doc-title"]')), "臺灣的網路新聞");
  assertEqual((await findAll('[data-testid="row"]')).length, 2);
  await screenshot("error.png");
});

const statuses = () =>
  script("return [...document.querySelectorAll('[data-testid=\"cell-translation\"]')].map(c => c.dataset.status)");

test("Translate fills the third column; the one failed block succeeds on retry; its copy is right", async () => {
  writeClipboard(`翻譯測試\n第一段：臺灣的軟體。\n第二段：${FLAKY}。\n第三段：網路資訊。\n`);
  await click(await find('[data-testid="from-clipboard"]'));
  await until("the document to translate", async () => (await text(await find('[data-testid="doc-title"]'))) === "翻譯測試");
  assertEqual((await statuses()).join(","), "pending,pending,pending,pending");
  await click(await find('[data-testid="translate"]'));
  const settled = await until("every block done or failed", async () => {
    const s = await statuses();
    return s.every((x) => x === "done" || x === "failed") && s;
  });
  assertEqual(settled.join(","), "done,done,failed,done");
  const translations = await rowsText("translation");
  assertEqual(translations[1], "EN: 第一段：臺灣的軟體。");
  assert(translations[2].includes("refused once"), `the failure says why: ${translations[2]}`);
  await screenshot("translation-failed.png");
  const rows = await findAll('[data-testid="row"]');
  await click(await find('[data-testid="retry-block"]', rows[2]));
  await until("the retried block", async () => (await statuses())[2] === "done");
  assertEqual((await rowsText("translation"))[2], `EN: 第二段：${FLAKY}。`);
  await click(await find('[data-testid="copy-translation"]', rows[3]));
  await untilClipboard("clipboard to hold the translation", "EN: 第三段：網路資訊。");
  await screenshot("translation.png");
});

test("translating the same document again is answered from the cache without a request", async () => {
  const before = provider.requests;
  const select = await find('[data-testid="target-select"]');
  await click(select);
  await click(await find('option[value="ja"]', select));
  await until("the column to reset", async () => (await statuses()).every((x) => x === "pending"));
  await click(select);
  await click(await find('option[value="en"]', select));
  await until("the column to reset", async () => (await statuses()).every((x) => x === "pending"));
  await click(await find('[data-testid="translate"]'));
  await until("cached translations", async () => (await statuses()).every((x) => x === "cached" || x === "done"));
  assertEqual(provider.requests, before);
  assertEqual((await rowsText("translation"))[2], `EN: 第二段：${FLAKY}。`);
});

test("another document's rows the cache answers are the shell's too: a copy has them", async () => {
  const original = `翻譯測試\n第一段：臺灣的軟體。\n第二段：${FLAKY}。\n第三段：網路資訊。\n`;
  const openClipboard = async (textToOpen, title) => {
    writeClipboard(textToOpen);
    await click(await find('[data-testid="from-clipboard"]'));
    await until(`the document ${title}`, async () => (await text(await find('[data-testid="doc-title"]'))) === title);
  };
  const translated = () => until("every row translated", async () => {
    const st = await statuses();
    return st.every((x) => x === "cached" || x === "done") && st;
  });
  // The same paragraphs under a new title: a new document, nothing held for it yet.
  await openClipboard(original.replace("翻譯測試", "快取測試"), "快取測試");
  const before = provider.requests;
  await click(await find('[data-testid="translate"]'));
  assertEqual((await translated()).join(","), "done,cached,cached,cached");
  assertEqual(provider.requests, before + 1);
  // The cached rows are stored together (before the title's request); the copy is the shell's.
  writeClipboard("before the copy");
  await click(await find('[data-testid="copy-translation"]', (await findAll('[data-testid="row"]'))[3]));
  await untilClipboard("clipboard to hold the cached translation", "EN: 第三段：網路資訊。");
  // The next tests read the first document, translated.
  await openClipboard(original, "翻譯測試");
  await click(await find('[data-testid="translate"]'));
  await translated();
});


// ---- issue 4: copy formats, columns, layouts, themes, library -----------------

/** Today's local date as YYYY-MM-DD, as the app writes it in citations. */
function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

async function copyAs(format) {
  await click(await find('[data-testid="copy-menu"]'));
  await click(await until(`copy-as-${format}`, () => find(`[data-testid="copy-as-${format}"]`)));
}

test("a two-row selection copies in each of the six formats, as read back from the clipboard", async () => {
  const rows = await findAll('[data-testid="row"]');
  await click(rows[1]);
  await shiftClick(rows[2]);
  await until("two rows selected", async () => (await findAll('[data-testid="row"][aria-selected="true"]')).length === 2);
  const [o1, o2] = (await rowsText("original")).slice(1, 3);
  const [s1, s2] = (await rowsText("simplified")).slice(1, 3);
  const [t1, t2] = [`EN: ${o1}`, `EN: ${o2}`];
  assertEqual((await rowsText("translation"))[1], t1);
  // The gutter counts paragraphs as a reader does, as citations and tables do: the title row
  // (row 0, the headline 翻譯測試) has no number, so the first paragraph is ¶1.
  const gutters = await Promise.all(rows.slice(0, 3).map(async (row) => text(await find('[data-testid="gutter"]', row))));
  assertEqual(gutters.join(","), ",1,2");
  writeClipboard("before");
  await copyAs("translation");
  await untilClipboard("translation copy", `${t1}\n\n${t2}`);
  await copyAs("original");
  await untilClipboard("original copy", `${o1}\n\n${o2}`);
  await copyAs("simplified");
  await untilClipboard("simplified copy", `${s1}\n\n${s2}`);
  await copyAs("bilingual");
  await untilClipboard("bilingual copy", `${o1}\n${t1}\n\n${o2}\n${t2}`);
  await copyAs("markdown_table");
  await untilClipboard(
    "Markdown table copy",
    [
      "| ¶ | Original | Simplified | Translation |",
      "| --: | --- | --- | --- |",
      `| 1 | ${o1} | ${s1} | ${t1} |`,
      `| 2 | ${o2} | ${s2} | ${t2} |`,
    ].join("\n"),
  );
  await copyAs("citation");
  await untilClipboard(
    "citation copy",
    `${t1}\n\n${t2}\n\n— 〈翻譯測試〉 (“EN: 翻譯測試”), ¶1–2. Machine-translated from Chinese by LibreTranslate, ${today()}.`,
  );
  // Ctrl+C copies in the default format (translation, unless the settings say otherwise).
  writeClipboard("before");
  await keys(["\uE009", "c"]);
  await untilClipboard("Ctrl+C copy", `${t1}\n\n${t2}`);
});

test("a mouse selection across two rows of one column copies exactly that column's text", async () => {
  await keys(["\uE00C"]); // clear the row selection
  const cells = await findAll('[data-testid="cell-simplified"] [data-cell-text]');
  const [first, second] = [cells[1], cells[2]];
  const rect = (el) => script("const r = arguments[0].getBoundingClientRect(); return [r.width, r.height]", [{ [ELEMENT]: el }]);
  const [w1, h1] = await rect(first);
  const [w2, h2] = await rect(second);
  // From just inside the start of row 2's first line to past the end of row 3's last line.
  await wd("POST", s("/actions"), {
    actions: [
      {
        type: "pointer",
        id: "mouse",
        parameters: { pointerType: "mouse" },
        actions: [
          { type: "pointerMove", origin: { [ELEMENT]: first }, x: Math.round(-w1 / 2 + 1), y: Math.round(-h1 / 2 + 8) },
          { type: "pointerDown", button: 0 },
          { type: "pointerMove", duration: 200, origin: { [ELEMENT]: second }, x: Math.round(w2 / 2 - 1), y: Math.round(h2 / 2 - 8) },
          { type: "pointerUp", button: 0 },
        ],
      },
    ],
  });
  await wd("DELETE", s("/actions"));
  const [s1, s2] = (await rowsText("simplified")).slice(1, 3);
  assertEqual((await findAll('[data-testid="row"][aria-selected="true"]')).length, 0);
  writeClipboard("before");
  await keys(["\uE009", "c"]);
  await untilClipboard("the column's text", `${s1}\n\n${s2}`);
  await script("window.getSelection().removeAllRanges()");
});

test("the whole document exports to an HTML file chosen in the save dialog", async () => {
  // An ASCII name: xdotool types other characters through temporary key remappings,
  // which a busy X server can drop.
  const out = join(exportDir, "export.html");
  await click(await find('[data-testid="export-menu"]'));
  const select = await until("the export panel", () => find('[data-testid="export-format"]'));
  await click(select);
  await click(await find('option[value="bilingual"]', select));
  await click(await find('[data-testid="export-html"]'));
  await focusDialog("Export the document");
  await sleep(500);
  execFileSync("xdotool", ["key", "ctrl+a"]);
  execFileSync("xdotool", ["type", "--delay", "5", out]);
  await sleep(500);
  execFileSync("xdotool", ["key", "Return"]);
  // A completion popup in the name field can take the first Return.
  await sleep(1500);
  if (!existsSync(out)) {
    try {
      execFileSync("xdotool", ["search", "--onlyvisible", "--name", "Export the document"]);
      execFileSync("xdotool", ["key", "Return"]);
    } catch {}
  }
  const html = await until("the exported file", async () => {
    try {
      return readFileSync(out, "utf8");
    } catch {
      return "";
    }
  });
  assert(html.startsWith("<!DOCTYPE html>"), `a standalone page: ${html.slice(0, 60)}`);
  assert(html.includes('lang="en"') && html.includes("zh-Hant"), "every text carries its language");
  assert(html.includes("第二段：這一段第一次會失敗。") && html.includes("EN: 第三段：網路資訊。"), "original and translation are both there");
  assert(!/<script|<img|<iframe/i.test(html), "nothing in it runs or loads");
  await until("the export toast", async () => (await findAll('[data-testid="copied-toast"], [role="status"]')).length > 0);
});

/** Presses a chord: every key down in order, then up in reverse. */
async function keys(chord) {
  await wd("POST", s("/actions"), {
    actions: [
      {
        type: "key",
        id: "kbd",
        actions: [...chord.map((k) => ({ type: "keyDown", value: k })), ...[...chord].reverse().map((k) => ({ type: "keyUp", value: k }))],
      },
    ],
  });
  await wd("DELETE", s("/actions"));
}

/** Opens the View panel (unless it is open already). */
async function openView() {
  if ((await findAll('[data-testid="view-panel"]')).length === 0) await click(await find('[data-testid="view-menu"]'));
  await until("the View panel", () => find('[data-testid="view-panel"]'));
}

const headers = () =>
  script("return [...document.querySelectorAll('[data-testid^=\"column-header-\"]')].map(h => h.dataset.testid.slice(14))");

test("hiding and reordering columns persists across a restart", async () => {
  assertEqual((await headers()).join(","), "original,simplified,translation");
  await openView();
  await click(await until("column toggles", () => find('[data-testid="column-visible-simplified"]')));
  // Past the hidden Simplified column, then past Original.
  await click(await find('[data-testid="column-left-translation"]'));
  await click(await find('[data-testid="column-left-translation"]'));
  await until("the new columns", async () => (await headers()).join(",") === "translation,original");
  await keys(["\uE00C"]); // Escape closes the panel
  await screenshot("columns-hidden.png");
  await stopApp();
  await startApp([fixture("taiwan-big5.txt")]);
  await until("the relaunched app", async () => (await text(await find('[data-testid="doc-title"]'))) === "臺北捷運的新系統");
  await until("the columns as left", async () => (await headers()).join(",") === "translation,original");
  // Back to all three, in the usual order, for the tests that follow.
  await openView();
  await click(await until("column toggles", () => find('[data-testid="column-visible-simplified"]')));
  await click(await find('[data-testid="column-right-translation"]'));
  await click(await find('[data-testid="column-right-translation"]'));
  await until("the usual columns", async () => (await headers()).join(",") === "original,simplified,translation");
  await keys(["\uE00C"]);
});

test("a narrow window switches to the interleaved layout; light and dark themes", async () => {
  const layout = () => script("return document.querySelector('[data-testid=\"reader-scroll\"]').dataset.layout");
  assertEqual(await layout(), "columns");
  await openView();
  await click(await until("theme buttons", () => find('[data-testid="theme-light"]')));
  await keys(["\uE00C"]);
  await screenshot("light.png");
  await openView();
  await click(await until("theme buttons", () => find('[data-testid="theme-dark"]')));
  await keys(["\uE00C"]);
  assertEqual(await script("return document.documentElement.dataset.theme"), "dark");
  await screenshot("dark.png");
  const before = await wd("GET", s("/window/rect"));
  // 800 high, as the window is: asked for 900 on this 900-pixel screen it stayed ~800, and the
  // next size asked for was then never reported done (WebKitWebDriver waited on, once in CI).
  await wd("POST", s("/window/rect"), { width: 760, height: 800 });
  await until("the interleaved layout", async () => (await layout()) === "interleaved");
  const labels = await script(
    "return [...document.querySelectorAll('[data-testid=\"row\"]')][1].innerText",
  );
  assert(labels.includes("臺北捷運公司") && labels.includes("台北捷运公司"), `one block shows both texts: ${labels}`);
  await screenshot("narrow.png");
  await wd("POST", s("/window/rect"), { width: before.width, height: before.height });
  await until("columns again", async () => (await layout()) === "columns");
  await openView();
  await click(await until("theme buttons", () => find('[data-testid="theme-system"]')));
  await keys(["\uE00C"]);
});

test("the library reopens a translated document with all three columns and no request", async () => {
  const before = provider.requests;
  await click(await find('[data-testid="open-library"]'));
  const panel = await until("the library", () => find('[data-testid="library-panel"]'));
  const search = await find('[data-testid="library-search"]', panel);
  await wd("POST", s(`/element/${search}/value`), { text: "翻譯" });
  const entry = await until("the translated document's entry", async () => {
    const entries = await findAll('[data-testid="library-entry"]');
    return entries.length === 1 && entries[0];
  });
  await screenshot("library.png");
  await click(await find('[data-testid="library-open"]', entry));
  await until("the reopened document", async () => (await text(await find('[data-testid="doc-title"]'))) === "翻譯測試");
  const statuses = await until("stored translations", async () => {
    const st = await script("return [...document.querySelectorAll('[data-testid=\"cell-translation\"]')].map(c => c.dataset.status)");
    return st.every((x) => x === "cached" || x === "done") && st;
  });
  assertEqual(statuses.length, 4);
  assertEqual((await rowsText("translation"))[3], "EN: 第三段：網路資訊。");
  assertEqual(provider.requests, before);
  // Each row still says who translated it.
  const engines = await script("return [...document.querySelectorAll('[data-testid=\"translation-text\"]')].map(e => e.dataset.engine)");
  assert(engines.length === 4 && engines.every((e) => e === "libretranslate"), `provenance after a reopen: ${engines}`);
  await screenshot("library-reopened.png");
});

test("a library entry is renamed in place, and the open document takes the title", async () => {
  await click(await find('[data-testid="open-library"]'));
  const panel = await until("the library", () => find('[data-testid="library-panel"]'));
  const search = await find('[data-testid="library-search"]', panel);
  await wd("POST", s(`/element/${search}/value`), { text: "翻譯" });
  const entry = await until("the entry", async () => {
    const entries = await findAll('[data-testid="library-entry"]');
    return entries.length === 1 && entries[0];
  });
  await click(await find('[data-testid="library-rename"]', entry));
  const field = await until("the title field", () => find('[data-testid="library-rename-input"]'));
  // The field has focus with its text selected. (WebDriver's Clear would blur it, which saves.)
  assertEqual(await script("return document.activeElement === arguments[0]", [{ [ELEMENT]: field }]), true);
  await script("arguments[0].value = '我的翻譯筆記'; arguments[0].dispatchEvent(new Event('input', { bubbles: true }))", [{ [ELEMENT]: field }]);
  // Enter ends the edit and takes the field away: pressed on the keyboard, not sent to the element.
  await wd("POST", s("/actions"), {
    actions: [{ type: "key", id: "kbd", actions: [{ type: "keyDown", value: "\uE007" }, { type: "keyUp", value: "\uE007" }] }],
  });
  await wd("DELETE", s("/actions"));
  await until("the new title listed", async () => (await text(await find('[data-testid="library-entry"]'))).includes("我的翻譯筆記"));
  await screenshot("library-renamed.png");
  await wd("POST", s(`/element/${await find('[data-testid="library-search"]')}/value`), { text: "\uE00C" });
  await until("the library closed", async () => (await findAll('[data-testid="library-panel"]')).length === 0);
  await until("the open document renamed", async () => (await text(await find('[data-testid="doc-title"]'))) === "我的翻譯筆記");
  assertEqual(await wd("GET", s("/title")), "我的翻譯筆記 — 对照 Duizhao");
});

// ---- issue 5: web pages, Word, hostile HTML -------------------------------------

test("a web page opens by its address with the article extracted", async () => {
  await click(await find('[data-testid="open-url-button"]'));
  const input = await until("the address field", () => find('[data-testid="url-input"]'));
  await wd("POST", s(`/element/${input}/value`), { text: `${pagesUrl}/news/tainan` });
  await click(await find('[data-testid="url-open"]'));
  await until("the page", async () => (await text(await find('[data-testid="doc-title"]'))).includes("百年糕餅店"));
  const originals = await rowsText("original");
  assert(originals.some((t) => t.includes("走進臺南神農街")), "the first paragraph is there");
  const all = originals.join("\n");
  for (const junk of ["熱門新聞", "留言", "廣告", "版權所有"]) {
    assert(!all.includes(junk), `boilerplate ${junk} is dropped: ${all.slice(0, 200)}`);
  }
  await screenshot("web-page.png");
});

test("a Word document opens from the file dialog, headings and lists kept", async () => {
  await openWithDialog(fixture("books/report.docx"));
  await until("the Word document", async () => (await text(await find('[data-testid="doc-title"]'))).includes("社區圖書館年度報告"));
  const kinds = await script("return [...document.querySelectorAll('[data-testid=\"row\"]')].slice(0, 6).map(r => r.dataset.kind)");
  assertEqual(kinds.join(","), "heading,heading,paragraph,paragraph,heading,list_item");
});

test("a hostile page opens as inert text: no script runs, nothing is embedded", async () => {
  await openWithDialog(fixture("pages/hostile.html"));
  await until("the hostile page", async () => (await text(await find('[data-testid="doc-title"]'))) === "夜市小吃地圖");
  // An alert would be open now if anything had run.
  const alert = await fetch(base + s("/alert/text")).then((r) => r.status);
  assertEqual(alert, 404);
  const embedded = await script(
    "return document.querySelectorAll('[data-testid=\"reader-scroll\"] :is(script, iframe, object, embed, svg:not([aria-hidden]), img, form, a[href])').length",
  );
  assertEqual(embedded, 0);
  const all = (await rowsText("original")).join("\n");
  assert(all.includes("士林夜市則以地下美食區聞名"), "the article text is kept");
  for (const code of ["alert(", "javascript:", "IFRAME-FALLBACK", "STYLE-TEXT"]) assert(!all.includes(code), `${code} is dropped`);
  await screenshot("hostile.png");
});

test("an EPUB opens with its chapter list, and a chapter jumps the reader to its first block", async () => {
  await openWithDialog(fixture("books/seasons.epub"));
  await until("the EPUB", async () => (await text(await find('[data-testid="doc-format"]'))) === "EPUB");
  await click(await find('[data-testid="chapters-menu"]'));
  const items = await until("the chapter list", async () => {
    const all = await findAll('[data-testid="chapter-item"]');
    return all.length === 4 && all;
  });
  const titles = [];
  for (const item of items) titles.push(await text(item));
  assertEqual(titles.join("|"), "封面|春：茶園|夏：海邊|秋：稻田");
  await screenshot("chapters.png");
  await click(items[3]);
  // 秋：稻田 starts at block 12 (index 11): that row is selected.
  const selected = await until("the chapter's first row selected", async () => {
    const rows = await findAll('[data-testid="row"][aria-selected="true"]');
    return rows.length === 1 && rows[0];
  });
  assertEqual(await attr(selected, "data-index"), "11");
  assert((await text(await find('[data-testid="cell-original"]', selected))).includes("秋"), "the row is the chapter's heading");
});

test("the interface switches to 繁體中文 and back, the reading columns keep their languages", async () => {
  await openSettings();
  const select = await until("the language picker", () => find('[data-testid="settings-ui-language"]'));
  await screenshot("settings.png");
  await click(select);
  await click(await find('option[value="zh-Hant"]', select));
  await until("a Traditional Chinese interface", async () => (await text(await find('[data-testid="translate"]'))) === "翻譯");
  assertEqual(await script("return document.documentElement.lang"), "zh-Hant");
  await click(await find('[data-testid="settings-close"]'));
  const langs = await script(
    "return ['original', 'simplified'].map(c => document.querySelector(`[data-testid=\"cell-${c}\"] [data-cell-text]`).closest('[lang]').lang).join(',')",
  );
  assertEqual(langs, "zh-Hant-TW,zh-Hans");
  await screenshot("zh-Hant.png");
  await openSettings();
  const again = await until("the language picker", () => find('[data-testid="settings-ui-language"]'));
  await click(again);
  await click(await find('option[value="en"]', again));
  await until("an English interface", async () => (await text(await find('[data-testid="translate"]'))) === "Translate");
  await click(await find('[data-testid="settings-close"]'));
});

test("without a keychain, Settings says so plainly and keeps a confirmed key in a file only the user can read", async () => {
  const keyFile = join(configDir, "api-keys.json");
  await openSettings();
  await until("the settings dialog", () => find('[data-testid="profile-add"]'));
  // The local LibreTranslate profile needs no key: no keychain warning for it.
  assertEqual((await findAll('[data-testid="keychain-warning"]')).length, 0);
  await click(await find('[data-testid="profile-add"]'));
  const kind = await until("the new profile's form", () => find('[data-testid="profile-kind"]'));
  await click(kind);
  await click(await find('option[value="deepl"]', kind));
  await typeInto("profile-base-url", providerServerUrl());
  await click(await find('[data-testid="profile-save"]'));
  const warning = await until("the no-keychain warning", () => find('[data-testid="keychain-warning"]'));
  assertEqual(await text(await find("strong", warning)), "This computer has no system keychain");
  // The D-Bus error is there only inside the closed "Details".
  const shown = await script(
    "const w = arguments[0]; return [...w.children].filter(c => c.tagName !== 'DETAILS').map(c => c.innerText).join(' ')",
    [{ [ELEMENT]: warning }],
  );
  assert(!/zbus|D-?Bus|unix:path/i.test(shown), `no technical text outside Details: ${shown}`);
  const details = await find('[data-testid="keychain-details"]', warning);
  assertEqual(await script("return arguments[0].open", [{ [ELEMENT]: details }]), false);
  assert((await script("return arguments[0].textContent", [{ [ELEMENT]: details }])).includes("Failed to connect"), "the details hold the D-Bus error");
  assertEqual((await findAll('[data-testid="key-from-clipboard"]')).length, 0);
  await screenshot("settings-no-keychain.png");
  // The same words in Simplified Chinese (the catalogs are unit-tested; this is to look at).
  const language = await find('[data-testid="settings-ui-language"]');
  await click(language);
  await click(await find('option[value="zh-Hans"]', language));
  await until("the Simplified Chinese warning", async () => (await text(await find('[data-testid="keychain-warning"] strong'))) === "这台电脑没有系统钥匙串");
  await script("arguments[0].scrollIntoView({ block: 'center' })", [{ [ELEMENT]: await find('[data-testid="keychain-warning"]') }]);
  await screenshot("settings-no-keychain-zh-Hans.png");
  await click(language);
  await click(await find('option[value="en"]', language));
  await until("the English warning again", async () => (await text(await find('[data-testid="keychain-warning"] strong'))) === "This computer has no system keychain");

  await click(await find('[data-testid="key-keep-in-file"]'));
  const question = await until("the confirmation", () => find('[data-testid="key-file-confirm"]'));
  assert((await text(question)).includes(keyFile), "the confirmation names the file");
  await screenshot("settings-key-file-confirm.png");
  await click(await find('[data-testid="key-file-confirm-yes"]'));
  writeClipboard(DEEPL_KEY);
  await click(await until("the paste button", () => find('[data-testid="key-from-clipboard"][data-store="file"]')));
  await until("the key in the file", async () => (await attr(await find('[data-testid="key-state"]'), "data-place")) === "file");
  assertEqual(await text(await find('[data-testid="key-state"]')), "Stored in a file on this computer, not encrypted");
  assert(clipboardText() !== DEEPL_KEY, "the clipboard no longer holds the key");
  assertEqual(statSync(keyFile).mode & 0o777, 0o600);
  assert(readFileSync(keyFile, "utf8").includes(DEEPL_KEY), "the key is in the key file");
  assert(!readFileSync(join(configDir, "settings.json"), "utf8").includes(DEEPL_KEY), "the key is not in settings.json");
  assertEqual(await script("return document.documentElement.outerHTML.includes(arguments[0])", [DEEPL_KEY]), false);

  // The key works against the local DeepL: sent in the header, and only there.
  await click(await find('[data-testid="test-connection"]'));
  const result = await until("the connection test", () => find('[data-testid="test-connection-result"]'));
  await until("a successful test", async () => (await text(result)).startsWith("Connected"));
  assertEqual(provider.deeplAuth.at(-1), `DeepL-Auth-Key ${DEEPL_KEY}`);
  await screenshot("settings-key-in-file.png");

  await click(await find('[data-testid="key-delete"]'));
  await until("the key removed", async () => (await attr(await find('[data-testid="key-state"]'), "data-place")) === "none");
  assert(!existsSync(keyFile), "the key file went with its last key");
  await click(await find('[data-testid="profile-delete"]'));
  await until("the DeepL profile removed", async () => (await findAll('[data-testid="profile-item"]')).length === 1);
  await click(await find('[data-testid="settings-close"]'));
});

test("Done in Settings keeps an edit made in the profile form, and refuses to drop one it cannot save", async () => {
  const file = join(configDir, "settings.json");
  const local = () => JSON.parse(readFileSync(file, "utf8")).profiles.find((p) => p.name === "Local LibreTranslate");
  await openSettings();
  await until("the profile form", () => find('[data-testid="profile-timeout"]'));
  await fill("profile-timeout", "700");
  await click(await find("footer .done"));
  // Out of range: the dialog stays, the field is marked and the footer says why.
  const error = await until("the refusal", () => find('[data-testid="settings-error"]'));
  assert((await text(error)).includes("cannot be saved as they are"), await text(error));
  assertEqual(await attr(await find('[data-testid="profile-timeout"]'), "aria-invalid"), "true");
  assertEqual(local().timeout_seconds ?? null, null);
  await fill("profile-timeout", "45");
  await click(await find("footer .done"));
  await until("the dialog closed", async () => (await findAll('[data-testid="settings-dialog"]')).length === 0);
  assertEqual(local().timeout_seconds, 45);
  // Put it back the same way.
  await openSettings();
  await until("the profile form", () => find('[data-testid="profile-timeout"]'));
  assertEqual(await script("return document.querySelector('[data-testid=\"profile-timeout\"]').value"), "45");
  await fill("profile-timeout", "");
  await click(await find('[data-testid="settings-close"]'));
  await until("the dialog closed", async () => (await findAll('[data-testid="settings-dialog"]')).length === 0);
  assertEqual(local().timeout_seconds ?? null, null);
});

test("Ctrl+F finds text in any column: 软件 finds the row whose original says 軟體, marked and scrolled to", async () => {
  writeClipboard("尋找測試\n第一段：臺灣的軟體產業。\n第二段：新系統上線。\n第三段：系統很穩定。\n");
  await click(await find('[data-testid="from-clipboard"]'));
  await until("the document", async () => (await text(await find('[data-testid="doc-title"]'))) === "尋找測試");
  assertEqual(await wd("GET", s("/title")), "尋找測試 — 对照 Duizhao");
  await click(await find('[data-testid="row"]'));
  await wd("POST", s("/actions"), {
    actions: [{ type: "key", id: "kbd", actions: [{ type: "keyDown", value: "\uE009" }, { type: "keyDown", value: "f" }, { type: "keyUp", value: "f" }, { type: "keyUp", value: "\uE009" }] }],
  });
  await wd("DELETE", s("/actions"));
  const input = await until("the find bar", () => find('[data-testid="find-input"]'));
  await wd("POST", s(`/element/${input}/value`), { text: "软件" });
  await until("one match", async () => (await text(await find('[data-testid="find-count"]'))) === "1 of 1");
  // The match is painted in the converted column of row 2, whose original says 軟體. (The keys
  // arrive one by one: "软" alone matches that row too, so wait for the whole query's marks.)
  let painted = null;
  try {
    await until("the marks of 软件", async () => {
      painted = await script(`
        const h = CSS.highlights && CSS.highlights.get("find-current");
        if (!h) return null;
        return [...h].map((r) => r.toString() + "@" + r.startContainer.parentElement.closest("[data-testid=row]").dataset.index);`);
      return JSON.stringify(painted) === JSON.stringify(["软件@1"]);
    });
  } catch (e) {
    throw new Error(`${e.message}; painted ${JSON.stringify(painted)}`);
  }
  await screenshot("find.png");
  await wd("POST", s(`/element/${input}/clear`), {});
  await wd("POST", s(`/element/${input}/value`), { text: "系統" });
  await until("two rows", async () => (await text(await find('[data-testid="find-count"]'))) === "1 of 2");
  await wd("POST", s(`/element/${input}/value`), { text: "\uE007" });
  await until("the second", async () => (await text(await find('[data-testid="find-count"]'))) === "2 of 2");
  await wd("POST", s(`/element/${input}/value`), { text: "\uE00C" });
  await until("the bar closed", async () => (await findAll('[data-testid="find-bar"]')).length === 0);
  assertEqual(await script("return CSS.highlights.has('find')"), false);
});

test("a 1 MB article shows its first rows at once, then the whole of it: find reaches its last paragraph", async () => {
  // An open answers with the first screen of blocks; the rest follows (session.svelte.ts).
  const long = join(exportDir, "long.md");
  execFileSync("python3", [join(root, "scripts", "make-long-article.py"), long, "1"]);
  const lines = readFileSync(long, "utf8").split("\n").filter((l) => l.trim());
  const title = lines[0].replace(/^#+\s*/, "");
  const last = lines.filter((l) => !/^(#|!|- |> )/.test(l)).at(-1);
  await openWithDialog(long);
  await until("the article's first rows", async () =>
    (await text(await find('[data-testid="doc-title"]'))) === title && (await findAll('[data-testid="row"]')).length > 0,
  );
  await click(await find('[data-testid="row"]'));
  await wd("POST", s("/actions"), {
    actions: [{ type: "key", id: "kbd", actions: [{ type: "keyDown", value: "\uE009" }, { type: "keyDown", value: "f" }, { type: "keyUp", value: "f" }, { type: "keyUp", value: "\uE009" }] }],
  });
  await wd("DELETE", s("/actions"));
  const input = await until("the find bar", () => find('[data-testid="find-input"]'));
  const query = [...last].slice(-14).join("");
  await wd("POST", s(`/element/${input}/value`), { text: query });
  await until(`one match for ${query}`, async () => (await text(await find('[data-testid="find-count"]'))) === "1 of 1", 30000);
  await until("the last paragraph drawn", async () =>
    (await rowsText("original")).some((t) => t.includes(query)),
  );
  await wd("POST", s(`/element/${input}/value`), { text: "\uE00C" });
  await until("the bar closed", async () => (await findAll('[data-testid="find-bar"]')).length === 0);
});

test("a paragraph already in English is kept as it is, marked, and never sent", async () => {
  const notice = "This report is republished with permission. All rights are reserved by the original publisher.";
  writeClipboard(`保留英文\n第一段：臺灣的軟體。\n${notice}\n`);
  await click(await find('[data-testid="from-clipboard"]'));
  await until("the document", async () => (await text(await find('[data-testid="doc-title"]'))) === "保留英文");
  await click(await find('[data-testid="translate"]'));
  await until("every block translated", async () => (await statuses()).every((x) => x === "done" || x === "cached"));
  const translations = await rowsText("translation");
  assert(translations[2].startsWith(notice), `the notice kept as it is: ${translations[2]}`);
  assertEqual(translations[1], "EN: 第一段：臺灣的軟體。");
  const kept = await script("return [...document.querySelectorAll('[data-testid=\"translation-text\"]')].map(e => e.hasAttribute('data-kept'))");
  assertEqual(JSON.stringify(kept), JSON.stringify([false, false, true]));
  assert(!provider.texts.includes(notice), "the English notice was never sent");
  // What is sent is all Chinese: the provider is told so instead of guessing ("auto").
  assertEqual(provider.sources.at(-1), "zh-Hant");
  await screenshot("kept-english.png");
});

test("the shortcuts overlay lists the keys", async () => {
  await click(await find('[data-testid="help-button"]'));
  const dialog = await until("the help overlay", () => find('[data-testid="help-dialog"]'));
  const all = await text(dialog);
  for (const key of ["Ctrl", "F1"]) assert(all.includes(key), `the overlay names ${key}`);
  await screenshot("help.png");
  await click(await find('[data-testid="help-close"]'));
});

test("a local Ollama is found in Settings and used in one click: the column is translated on this computer", async () => {
  writeClipboard("本機翻譯\n第一段：臺灣的軟體。\n第二段：網路資訊。\n");
  await click(await find('[data-testid="from-clipboard"]'));
  await until("the document to translate", async () => (await text(await find('[data-testid="doc-title"]'))) === "本機翻譯");
  const probesBefore = ollama.requests.filter((r) => r.url === "/api/tags").length;
  await openSettings();
  const use = await until("the found model", async () => (await findAll('[data-testid="local-server-use"]'))[0]);
  assertEqual(ollama.requests.filter((r) => r.url === "/api/tags").length, probesBefore + 1);
  const offered = await findAll('[data-testid="local-server"]');
  assertEqual(offered.length, 1);
  const row = await text(offered[0]);
  assert(row.includes("Ollama") && row.includes(OLLAMA_MODEL) && !row.includes("embed"), `the offered row: ${row}`);
  await script("arguments[0].scrollIntoView({ block: 'center' })", [{ [ELEMENT]: offered[0] }]);
  await screenshot("settings-local-servers.png");
  await click(use);
  const notice = await until("the notice", () => find('[data-testid="settings-notice"]'));
  assertEqual(await text(notice), `Now translating with Ollama · ${OLLAMA_MODEL}.`);
  await until("the model in use", async () => (await findAll('[data-testid="local-server-in-use"]')).length === 1);
  const names = await script("return [...document.querySelectorAll('[data-testid=\"profile-item\"] .name')].map(n => n.textContent)");
  assert(names.includes(`Ollama · ${OLLAMA_MODEL}`), `the new profile is listed: ${names}`);
  const saved = JSON.parse(readFileSync(join(configDir, "settings.json"), "utf8"));
  assertEqual(saved.default_profile, `Ollama · ${OLLAMA_MODEL}`);
  await click(await find('[data-testid="settings-close"]'));

  await click(await find('[data-testid="translate"]'));
  await until("every block translated", async () => (await statuses()).every((x) => x === "done"));
  const translations = await rowsText("translation");
  assertEqual(translations[1], "LOCAL: 第一段：臺灣的軟體。");
  assertEqual(translations[2], "LOCAL: 第二段：網路資訊。");
  const chats = ollama.requests.filter((r) => r.url === "/v1/chat/completions");
  assert(chats.length >= 1, "the local server translated");
  for (const chat of chats) {
    assertEqual(JSON.parse(chat.body).model, OLLAMA_MODEL);
    assertEqual(chat.authorization, null);
  }
  assert(ollama.requests.every((r) => r.authorization === null), "no key was ever sent to the local server");
  await screenshot("translation-local-server.png");
});

/** Debian's tinyproxy on a free port of 127.0.0.1, logging each request it carries; `stop()` ends it. */
async function startTinyproxy() {
  const dir = mkdtempSync(join(tmpdir(), "duizhao-e2e-proxy-"));
  const free = createServer();
  const proxyPort = await new Promise((r) => free.listen(0, "127.0.0.1", () => r(free.address().port)));
  await new Promise((r) => free.close(r));
  const log = join(dir, "tinyproxy.log");
  const conf = join(dir, "tinyproxy.conf");
  writeFileSync(
    conf,
    `Port ${proxyPort}\nListen 127.0.0.1\nTimeout 30\nLogFile "${log}"\nLogLevel Connect\nMaxClients 32\nAllow 127.0.0.1\nDisableViaHeader Yes\n`,
  );
  const child = spawn("tinyproxy", ["-d", "-c", conf], { stdio: "ignore" });
  const exited = new Promise((r) => child.on("exit", r));
  await until("tinyproxy listening", async () => {
    const ok = await fetch(`http://127.0.0.1:${proxyPort}/`).then(() => true, () => false);
    return ok;
  }, 30000);
  return {
    url: `http://127.0.0.1:${proxyPort}`,
    log: () => (existsSync(log) ? readFileSync(log, "utf8") : ""),
    stop: async () => {
      child.kill();
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sets an input's value as typing would (inside `from`, if given), then leaves it (the change event a blur fires). */
async function fill(testid, value, from) {
  const input = await find(`[data-testid="${testid}"]`, from);
  // Inside the settings dialog's scrolled body WebKitWebDriver does not scroll it into view itself.
  await script("arguments[0].scrollIntoView({ block: 'center' })", [{ [ELEMENT]: input }]);
  await wd("POST", s(`/element/${input}/clear`), {});
  if (value !== "") await wd("POST", s(`/element/${input}/value`), { text: value });
  // WebDriver's Clear fires no input event in WebKit (typing does); then leaving the field fires change.
  await script(
    "arguments[0].dispatchEvent(new Event('input', { bubbles: true })); arguments[0].dispatchEvent(new Event('change', { bubbles: true }))",
    [{ [ELEMENT]: input }],
  );
}

/**
 * Opens Settings and waits for its look for local servers to end: the list it brings pushes
 * everything below it down, and a click sent while the page moves lands beside its target.
 */
async function openSettings() {
  // In 2 of ~8 full CI runs, right after a relaunch, the gear's click left the keyboard-shortcuts
  // dialog open instead of Settings (the update test's last step; not reproduced alone, cause
  // unknown). That dialog is closed, said on stderr, and the gear clicked again, twice at most;
  // any other failure to open Settings still fails the test.
  for (let attempt = 1; ; attempt++) {
    await click(await find('[data-testid="open-settings"]'));
    const opened = await until("Settings or another dialog", async () => {
      if ((await findAll('[data-testid="local-servers"]')).length === 1) return "settings";
      if ((await findAll('[data-testid="help-dialog"]')).length === 1) return "help";
      return false;
    });
    if (opened === "settings" || attempt === 3) break;
    console.error(`openSettings: the gear's click (attempt ${attempt}) left the shortcuts dialog open; closing it`);
    await keys(["\uE00C"]); // Escape
    await until("the shortcuts dialog closed", async () => (await findAll('[data-testid="help-dialog"]')).length === 0);
  }
  await until("Settings settled", async () =>
    (await findAll('[data-testid="local-servers"]')).length === 1 && (await findAll('[data-testid="local-servers-looking"]')).length === 0,
  );
}

/**
 * `fill`, then checks what the field holds: on a loaded machine WebKitWebDriver has been seen to
 * deliver one typed address twice ("http://…http://…"), which is WebDriver's doing (the app's
 * binding is a plain one), so the typing is done again rather than the test failing on it.
 */
async function typeInto(testid, value) {
  for (let attempt = 1; ; attempt++) {
    await fill(testid, value);
    const held = await script(`return document.querySelector('[data-testid="${testid}"]').value`);
    if (held === value) return;
    if (attempt === 3) throw new Error(`${testid} holds ${JSON.stringify(held)} after typing ${JSON.stringify(value)}`);
  }
}

test("a proxy typed in Settings carries page fetches and translations from the next request, without a restart", async () => {
  const proxy = await startTinyproxy();
  const file = join(configDir, "settings.json");
  try {
    await openSettings();
    const mode = await until("the Network section", () => find('[data-testid="app-proxy-mode"]'));
    await click(mode);
    await click(await find('option[value="manual"]', mode));
    await until("the address field", () => find('[data-testid="app-proxy-url"]'));
    // A wrong address is said beside the field and not stored.
    await fill("app-proxy-url", "socks5://127.0.0.1");
    const error = await until("the address's error", () => find('[data-testid="app-proxy-url-error"]'));
    assert((await text(error)).includes("needs a port"), await text(error));
    assertEqual(JSON.parse(readFileSync(file, "utf8")).proxy?.mode ?? "system", "system");
    await fill("app-proxy-url", proxy.url);
    // This computer is bypassed by default; these tests' servers are all on it, so go through.
    await fill("app-proxy-bypass", "");
    try {
      await until("the proxy saved", async () => {
        const saved = JSON.parse(readFileSync(file, "utf8")).proxy;
        return saved && saved.mode === "manual" && saved.url === proxy.url && saved.bypass === "";
      });
    } catch (e) {
      throw new Error(`${e.message}; the file has ${JSON.stringify(JSON.parse(readFileSync(file, "utf8")).proxy)}`);
    }
    const notice = await until("the notice", () => find('[data-testid="settings-notice"]'));
    assertEqual(await text(notice), "Proxy saved. It applies from the next request.");
    await script("document.querySelector('[data-testid=\"proxy-settings\"]').scrollIntoView({ block: 'center' })");
    await screenshot("settings-proxy.png");
    // Settings never scrolls sideways: nothing in its body is wider than the body.
    const wide = await script(`
      const body = document.querySelector('[data-testid="settings-dialog"] .body');
      const edge = body.getBoundingClientRect().right;
      const over = [...body.querySelectorAll("*")].filter((e) => e.getBoundingClientRect().right > edge + 0.5
        || (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === "visible" && e.clientWidth > 0));
      return { scroll: body.scrollWidth, client: body.clientWidth, left: body.scrollLeft,
               over: over.slice(0, 8).map((e) => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right - edge) + " " + e.scrollWidth + "/" + e.clientWidth) };`);
    assert(wide.scroll <= wide.client, `Settings scrolls sideways: ${JSON.stringify(wide)}`);
    await click(await find('[data-testid="settings-close"]'));

    // A page by its address goes through the proxy…
    await click(await find('[data-testid="open-url-button"]'));
    const input = await until("the address field", () => find('[data-testid="url-input"]'));
    await wd("POST", s(`/element/${input}/value`), { text: `${pagesUrl}/news/tainan` });
    await click(await find('[data-testid="url-open"]'));
    await until("the page", async () => (await text(await find('[data-testid="doc-title"]'))).includes("百年糕餅店"));
    assert(proxy.log().includes(`GET ${pagesUrl}/news/tainan`), `the page fetch went through the proxy:\n${proxy.log()}`);
    // …and so does every provider request.
    const chatsBefore = ollama.requests.filter((r) => r.url === "/v1/chat/completions").length;
    await click(await find('[data-testid="translate"]'));
    await until("every block translated", async () => (await statuses()).every((x) => x === "done" || x === "cached"), 30000);
    assert(ollama.requests.filter((r) => r.url === "/v1/chat/completions").length > chatsBefore, "the page was translated afresh");
    const ollamaUrl = `http://127.0.0.1:${ollamaServer.address().port}`;
    assert(proxy.log().includes(`POST ${ollamaUrl}/v1/chat/completions`), `the translation went through the proxy:\n${proxy.log()}`);

    // Back to the system's settings: the next request goes direct again.
    await openSettings();
    const again = await until("the Network section", () => find('[data-testid="app-proxy-mode"]'));
    await click(again);
    await click(await find('option[value="system"]', again));
    await until("the proxy reset", async () => JSON.parse(readFileSync(file, "utf8")).proxy?.mode === "system");
    await click(await find('[data-testid="settings-close"]'));
  } finally {
    await proxy.stop();
  }
});

test("a provider nobody answers on fails at once, said once above the column with the way to its profile", async () => {
  const free = createServer();
  const deadPort = await new Promise((r) => free.listen(0, "127.0.0.1", () => r(free.address().port)));
  await new Promise((r) => free.close(r));
  const file = join(configDir, "settings.json");
  const dead = "LibreTranslate on a dead port";
  const current = JSON.parse(readFileSync(file, "utf8"));
  current.profiles.push({ name: dead, kind: "libretranslate", base_url: `http://127.0.0.1:${deadPort}` });
  writeFileSync(file, JSON.stringify(current));
  writeClipboard("連不上的服務\n第一段：臺灣的軟體。\n第二段：網路資訊。\n第三段：記憶體。\n");
  await click(await find('[data-testid="from-clipboard"]'));
  await until("the document", async () => (await text(await find('[data-testid="doc-title"]'))) === "連不上的服務");
  // Settings reads the file afresh; the toolbar then offers the new profile.
  await openSettings();
  await until("the settings", () => find('[data-testid="profile-item"]'));
  await click(await find('[data-testid="settings-close"]'));
  const select = await find('[data-testid="profile-select"]');
  await click(select);
  await click(await find(`option[value="${dead}"]`, select));
  await click(await find('[data-testid="translate"]'));
  const notice = await until("the notice", () => find('[data-testid="unreachable-notice"]'), 30000);
  assertEqual(
    (await text(notice)).split("\n")[0],
    `Can't reach ${dead} at 127.0.0.1:${deadPort} — is it running?`,
  );
  const st = await statuses();
  assert(st.every((x) => x === "failed"), `every row failed: ${st}`);
  const rows = await findAll('[data-testid="translation-error"]');
  for (const row of rows) assert((await text(row)).includes("Not reached"), `a short status per row: ${await text(row)}`);
  assertEqual((await findAll('[data-testid="offline-notice"]')).length, 0);
  await screenshot("unreachable.png");
  await click(await find('[data-testid="unreachable-settings"]'));
  const chosen = await until("the profile in Settings", () => find('[data-testid="profile-item"][aria-current="true"]'));
  assert((await text(chosen)).includes(dead), await text(chosen));
  await click(await find('[data-testid="settings-close"]'));
});

test("with Fully offline on, a profile off this computer is refused before any request", async () => {
  const file = join(configDir, "settings.json");
  const remote = "Remote chat service";
  const current = JSON.parse(readFileSync(file, "utf8"));
  current.profiles.push({ name: remote, kind: "openai", base_url: "https://translate.example.com/v1", model: "m" });
  writeFileSync(file, JSON.stringify(current));
  await openSettings();
  await until("the offline switch", () => find('[data-testid="settings-offline-only"]'));
  // Settings' found-servers list arrives after the dialog opens and pushes the switch down; a
  // click sent while it moved lands beside it (seen on a loaded machine). So: click until checked.
  await until("fully offline saved", async () => {
    const offline = await find('[data-testid="settings-offline-only"]');
    if (!(await script("return arguments[0].checked", [{ [ELEMENT]: offline }]))) await click(offline);
    return JSON.parse(readFileSync(file, "utf8")).offline_only === true;
  });
  await click(await find('[data-testid="settings-close"]'));
  const select = await find('[data-testid="profile-select"]');
  await click(select);
  await click(await find(`option[value="${remote}"]`, select));
  await until("the remote profile chosen", async () => (await statuses()).every((x) => x === "pending"));
  await click(await find('[data-testid="translate"]'));
  const banner = await until("the refusal", () => find('[data-testid="translation-error-banner"]'));
  assertEqual(await attr(banner, "data-kind"), "offline_only");
  const words = await text(banner);
  assert(words.includes("Fully offline is on") && words.includes("translate.example.com"), `the refusal says why: ${words}`);
  // Refused before any request: no block was ever sent, none failed.
  assert((await statuses()).every((x) => x === "pending"), "no block was sent");
  await screenshot("offline-refused.png");
});

/** Waits for the native dialog titled `title` (a separate X window, out of WebDriver's reach) and focuses it. */
async function focusDialog(title) {
  await until(`the "${title}" dialog`, async () => {
    try {
      return execFileSync("xdotool", ["search", "--onlyvisible", "--name", title], { encoding: "utf8" }).trim();
    } catch {
      return "";
    }
  });
  execFileSync("xdotool", ["search", "--onlyvisible", "--name", title, "windowfocus", "--sync"]);
}

/** Opens `path` through Open file… and the native dialog, typing the path with xdotool. */
async function openWithDialog(path) {
  await click(await find('[data-testid="open-file"]'));
  await focusDialog("Open an article");
  execFileSync("xdotool", ["key", "ctrl+l"]);
  await sleep(300);
  execFileSync("xdotool", ["type", "--delay", "5", path]);
  await sleep(500);
  execFileSync("xdotool", ["key", "Return"]);
}

// ---- first run: the free web engines, and offline -------------------------------
// Last, because they replace the settings file and restart the app: a new install's settings
// (the web profile, no choice made yet), its engines at the local server: Edge there answers
// 404 (dead) and Google's page translator translates.

/** Restarts the app on a fixture (`title` is its title) with `settings` as the whole settings file. */
async function restartWithSettings(settings, file = "taiwan-big5.txt", title = "臺北捷運的新系統") {
  await stopApp();
  writeFileSync(join(configDir, "settings.json"), JSON.stringify(settings));
  await startApp([fixture(file)]);
  await until("the relaunched app", async () => (await text(await find('[data-testid="doc-title"]'))) === title);
}

// Leaves the custom profile as the default: the first-run tests after it restart with their own settings.
test("a custom endpoint set up in Settings from a template alone translates the column", async () => {
  writeClipboard("內部端點\n第一段：臺灣的軟體。\n第二段：網路資訊。\n");
  await click(await find('[data-testid="from-clipboard"]'));
  await until("the document to translate", async () => (await text(await find('[data-testid="doc-title"]'))) === "內部端點");
  await openSettings();
  await click(await until("the settings dialog", () => find('[data-testid="profile-add"]')));
  const kind = await until("the new profile's form", () => find('[data-testid="profile-kind"]'));
  // A signed service first: its form asks for the region and says how its key pair is pasted.
  await click(kind);
  await click(await find('option[value="tencent"]', kind));
  const pairHint = await until("the key pair's hint", () => find('[data-testid="key-pair-hint"]'));
  assert((await text(pairHint)).includes("SecretId:SecretKey"), await text(pairHint));
  assertEqual(await attr(await find('[data-testid="profile-region"]'), "placeholder"), "ap-beijing");
  assertEqual((await findAll('[data-testid="profile-model"]')).length, 0);
  await script("arguments[0].scrollIntoView({ block: 'center' })", [{ [ELEMENT]: pairHint }]);
  await screenshot("settings-tencent-provider.png");
  await click(kind);
  await click(await find('option[value="custom"]', kind));
  await until("the template's fields", () => find('[data-testid="template-body"]'));
  // A template that cannot work is refused where it is wrong.
  await typeInto("profile-base-url", `${providerServerUrl()}/inhouse/mt`);
  await fill("template-headers", "X-Team: news");
  await fill("template-body", '{"items": "fixed", "lang": "{{to}}"}');
  await fill("template-translations", "result.texts");
  await click(await find('[data-testid="profile-save"]'));
  const bodyError = await until("the body's error", () => find('[data-testid="template-body"][aria-invalid="true"]'));
  assert(bodyError, "the body is marked");
  await fill("template-body", '{"items": "{{texts}}", "lang": "{{to}}"}');
  await click(await find('[data-testid="profile-save"]'));
  const file = join(configDir, "settings.json");
  const custom = () => JSON.parse(readFileSync(file, "utf8")).profiles.find((p) => p.kind === "custom");
  await until("the custom profile saved", async () => custom()?.template?.translations === "result.texts");
  assertEqual(custom().template.body, '{"items": "{{texts}}", "lang": "{{to}}"}');
  assertEqual(custom().template.headers["X-Team"], "news");
  const makeDefault = await until("the default button", async () => {
    const button = await find('[data-testid="profile-make-default"]');
    return (await attr(button, "disabled")) === null ? button : null;
  });
  await click(makeDefault);
  await until("the custom profile the default", async () => JSON.parse(readFileSync(file, "utf8")).default_profile === custom().name);
  await script("document.querySelector('[data-testid=\"profile-template\"]').scrollIntoView({ block: 'center' })");
  await screenshot("settings-custom-provider.png");
  await click(await find('[data-testid="settings-close"]'));

  // The toolbar keeps the profile chosen there earlier; choose the new one (an endpoint on this
  // computer, so "Fully offline", left on by an earlier test, allows it).
  const select = await find('[data-testid="profile-select"]');
  await click(select);
  await click(await find(`option[value="${custom().name}"]`, select));
  await click(await find('[data-testid="translate"]'));
  await until("every block translated", async () => (await statuses()).every((x) => x === "done"));
  const translations = await rowsText("translation");
  assertEqual(translations[1], "IH: 第一段：臺灣的軟體。");
  assertEqual(translations[2], "IH: 第二段：網路資訊。");
  assert(provider.inhouse.length >= 1, "the in-house endpoint was asked");
  for (const request of provider.inhouse) {
    assertEqual(request.team, "news");
    assert(Array.isArray(request.body.items), `the texts went as an array: ${JSON.stringify(request.body)}`);
    assertEqual(request.body.lang, "en");
  }
  await screenshot("translation-custom-provider.png");

  // The profile box shows a long profile name ("Custom · 127.0.0.1:PORT (default)") whole at
  // 1280×800 and 760 px wide, light and dark, and names it in full on hover.
  const nameFits = () =>
    script(`const box = document.querySelector('[data-testid="profile-select"]');
      const style = getComputedStyle(box);
      const ctx = document.createElement("canvas").getContext("2d");
      ctx.font = style.font;
      const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return { text: box.selectedOptions[0].text, width: ctx.measureText(box.selectedOptions[0].text).width, room,
        title: box.title, right: box.getBoundingClientRect().right, window: window.innerWidth };`);
  const before = await wd("GET", s("/window/rect"));
  for (const [width, height] of [[1280, 800], [760, 800]]) {
    await wd("POST", s("/window/rect"), { width, height });
    await until(`a ${width} px window`, async () => (await script("return window.innerWidth")) <= width);
    for (const theme of ["light", "dark"]) {
      await openView();
      await click(await until("theme buttons", () => find(`[data-testid="theme-${theme}"]`)));
      await keys(["\uE00C"]);
      const box = await nameFits();
      assert(box.text.includes(custom().name), `the box shows the profile: ${JSON.stringify(box)}`);
      assert(box.width <= box.room + 1, `the whole name fits the box at ${width} px: ${JSON.stringify(box)}`);
      assert(box.right <= box.window, `the box stays inside the window at ${width} px: ${JSON.stringify(box)}`);
      assert(box.title.includes(custom().name), `the tooltip names the profile in full: ${JSON.stringify(box)}`);
      await screenshot(`profile-${width}-${theme}.png`);
    }
  }
  await wd("POST", s("/window/rect"), { width: before.width, height: before.height });
  await openView();
  await click(await until("theme buttons", () => find('[data-testid="theme-system"]')));
  await keys(["\uE00C"]);
});

test("first run asks once how to translate; the free web engines translate at once, past a dead engine", async () => {
  const url = providerServerUrl();
  await restartWithSettings({
    version: 1,
    target_language: "en",
    profiles: [{ name: "Web engines", kind: "web", engines: { edge: `${url}/dead`, "google-web": url } }],
  });
  const choice = await until("the first-run choice", () => find('[data-testid="first-run-choice"]'));
  const note = await text(choice);
  assert(note.includes("Microsoft") && note.includes("Google") && note.includes("Tencent"), `says where text goes: ${note}`);
  assertEqual(provider.web.length, 0);
  assert((await statuses()).every((x) => x === "pending"), "nothing is translated before the choice");
  await screenshot("first-run-choice.png");
  await click(await find('[data-testid="choose-web"]'));
  const settled = await until("every block translated", async () => {
    const s = await statuses();
    return s.every((x) => x === "done") && s;
  }, 30000);
  assertEqual(settled.length, 4);
  assertEqual((await rowsText("translation"))[0], "EN: 臺北捷運的新系統");
  assertEqual((await findAll('[data-testid="first-run-choice"]')).length, 0);
  const engines = await script(
    "return [...document.querySelectorAll('[data-testid=\"translation-text\"]')].map(e => e.dataset.engine + '|' + e.title)",
  );
  assert(engines.every((e) => e === "google-web|Translated by Google Translate"), `provenance on hover: ${engines}`);
  assertEqual(provider.web.filter((u) => u.startsWith("/dead/")).length, 1);
  const saved = JSON.parse(readFileSync(join(configDir, "settings.json"), "utf8"));
  assertEqual(saved.translation_chosen, true);
  assertEqual(saved.reader.autoTranslate, true);
  await screenshot("first-run-translated.png");
});

test("with every engine unreachable the column says calmly that the computer is offline", async () => {
  const dead = () => {
    const probe = createServer();
    return new Promise((r) => probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => r(`http://127.0.0.1:${port}`));
    }));
  };
  await restartWithSettings({
    version: 1,
    target_language: "en",
    translation_chosen: true,
    reader: { autoTranslate: true },
    profiles: [{ name: "Web engines", kind: "web", engines: { edge: await dead(), "google-web": await dead(), transmart: await dead() } }],
  }, "article.md", "資訊月開幕"); // a document the web engines have not translated before (no cache)
  // Translated automatically on opening; every engine refuses the connection.
  const notice = await until("the offline notice", () => find('[data-testid="offline-notice"]'), 60000);
  assert((await text(notice)).includes("offline"), await text(notice));
  // Every row but the image (never sent) failed.
  const st = await statuses();
  assertEqual(st.filter((x) => x === "failed").length, st.length - 1);
  await screenshot("offline.png");
});

// ---- desktop integration (issue 13): window state, one instance, updates, logs ----------

const windowStateFile = () => join(configDir, "window-state.json");
const windowRect = () => wd("GET", s("/window/rect"));
const SCREEN = { width: 1400, height: 900 }; // xvfb-run's -screen

/** Quits and starts the app again on the Big5 fixture, with the settings as they are. */
async function relaunch({ keepWindow = false } = {}) {
  await stopApp();
  await startApp([fixture("taiwan-big5.txt")], { keepWindow });
  await until("the relaunched app", async () => (await text(await find('[data-testid="doc-title"]'))) === "臺北捷運的新系統");
}

test("the window's size and position are remembered; one saved off-screen comes back on the screen", async () => {
  await wd("POST", s("/window/rect"), { x: 120, y: 90, width: 1000, height: 700 });
  await until("the new size", async () => (await windowRect()).width === 1000);
  // Saved shortly after the window stopped moving (not only on a clean exit).
  const saved = await until("window-state.json with the new size", () => {
    const state = JSON.parse(readFileSync(windowStateFile(), "utf8")).main;
    return state.width === 1000 && state.height === 700 && state.x === 120 && state.y === 90 && state;
  });
  await relaunch({ keepWindow: true });
  let rect = await windowRect();
  assertEqual(JSON.stringify([rect.x, rect.y, rect.width, rect.height]), JSON.stringify([120, 90, 1000, 700]));
  // Saved on a monitor that is gone (a title bar above this screen, then a window right of it).
  const onScreen = (r) => r.x >= 0 && r.y >= 0 && r.x + r.width <= SCREEN.width && r.y + r.height <= SCREEN.height;
  for (const [x, y] of [[100, -650], [3000, 200]]) {
    await stopApp();
    writeFileSync(windowStateFile(), JSON.stringify({ main: { ...saved, x, y, prev_x: x, prev_y: y } }));
    await startApp([fixture("taiwan-big5.txt")], { keepWindow: true });
    await until("the relaunched app", async () => (await text(await find('[data-testid="doc-title"]'))) === "臺北捷運的新系統");
    rect = await windowRect();
    assert(onScreen(rect), `saved at ${x},${y}: the window is on the ${SCREEN.width}x${SCREEN.height} screen: ${JSON.stringify(rect)}`);
    assertEqual(rect.width, 1000);
  }
  await screenshot("window-restored.png");
});

test("opening a file while Duizhao runs opens it in the running window; the second launch exits", async () => {
  // The app finds other instances on the D-Bus session bus: a private bus at the address the
  // app is given (which leads nowhere in the other tests), with no services to start — so
  // still no keychain.
  const busConfig = join(noBusDir, "bus.conf");
  writeFileSync(
    busConfig,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:path=${join(noBusDir, "bus")}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>`,
  );
  const bus = spawn("dbus-daemon", [`--config-file=${busConfig}`, "--nofork"], { stdio: "ignore" });
  try {
    await until("the private bus", () => existsSync(join(noBusDir, "bus")));
    await relaunch();
    const env = { ...process.env, ...appEnv };
    const launch = (args, cwd) =>
      new Promise((resolve, reject) => {
        const second = spawn(app, args, { env, cwd, stdio: "ignore" });
        const timer = setTimeout(() => {
          second.kill();
          reject(new Error(`the second launch ${args} did not exit: it runs as an instance of its own`));
        }, 20000);
        second.on("exit", (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
    assertEqual(await launch([fixture("article.md")], root), 0);
    await until("the file opened in the running window", async () => (await text(await find('[data-testid="doc-title"]'))) === "資訊月開幕");
    // A relative path is the second launch's, from its own working directory.
    assertEqual(await launch(["taiwan-big5.txt"], join(root, "tests", "fixtures")), 0);
    await until("the relative path opened", async () => (await text(await find('[data-testid="doc-title"]'))) === "臺北捷運的新系統");
    assertEqual((await rowsText("simplified"))[0], "台北捷运的新系统");
    await screenshot("second-launch.png");
    await stopApp();
  } finally {
    bus.kill();
    await until("the private bus to end", () => bus.exitCode !== null || bus.signalCode !== null);
    rmSync(join(noBusDir, "bus"), { force: true });
  }
  await relaunch();
});

test("an update found at start shows its version and notes; a bad signature installs nothing; a signed one installs", async () => {
  update.release = releaseWith("bad");
  await relaunch();
  const notice = await until("the update notice", () => find('[data-testid="update-notice"]'));
  assertEqual(await text(await find('[data-testid="update-version"]', notice)), "Duizhao 9.9.9 is available");
  assert((await text(notice)).includes("You have 0.1.0."), await text(notice));
  assertEqual(await text(await find('[data-testid="update-notes"]')), releaseWith("bad").notes);
  assert(!update.requests.some((u) => u.startsWith("/bundle/")), "nothing is downloaded before Install");
  await screenshot("update-notice.png");
  await click(await find('[data-testid="update-install"]'));
  const failed = await until("the refusal", () => find('[data-testid="update-failed"]'));
  assertEqual(await attr(failed, "data-reason"), "signature");
  assert((await text(failed)).includes("signature does not match"), await text(failed));
  assertEqual(readFileSync(updateTarget, "utf8"), "the installed Duizhao 0.1.0\n");
  assert(update.requests.includes("/bundle/bad"), "the bad bundle was downloaded");
  await screenshot("update-bad-signature.png");
  await click(await find('[data-testid="update-not-now"]'));
  // The release is fixed; Settings checks again and installs it when asked.
  update.release = releaseWith("good");
  await openSettings();
  await click(await until("Check for updates", () => find('[data-testid="update-check"]')));
  await click(await until("the Install button", () => find('[data-testid="update-install"]')));
  await until("the installed update", () => find('[data-testid="update-installed"]'));
  assert(readFileSync(updateTarget).equals(readFileSync(join(updateDir, "good.AppImage"))), "the signed bundle replaced the app");
  await script("document.querySelector('[data-testid=\"update-settings\"]').scrollIntoView({ block: 'center' })");
  await screenshot("settings-update-installed.png");
  await click(await find('[data-testid="settings-close"]'));
  update.release = null;
  // Nothing on offer: Settings says this is the newest version.
  await relaunch();
  await openSettings();
  await click(await until("Check for updates", () => find('[data-testid="update-check"]')));
  await until("up to date", async () => (await text(await find('[data-testid="update-status"]'))) === "Duizhao 0.1.0 is the newest version.");
  await click(await find('[data-testid="settings-close"]'));
});

test("Show logs in the help dialog names the log folder; the log has the start and the update checks, no article text or key", async () => {
  await click(await find('[data-testid="help-button"]'));
  await until("the help dialog", () => find('[data-testid="help-dialog"]'));
  await click(await find('[data-testid="show-logs"]'));
  const where = await until("the log folder", () => find('[data-testid="logs-folder"]'));
  assertEqual(await attr(where, "data-folder"), join(dataDir, "logs"));
  await script("document.querySelector('[data-testid=\"logs\"]').scrollIntoView({ block: 'center' })");
  await screenshot("help-logs.png");
  await click(await find('[data-testid="help-close"]'));
  const log = readFileSync(join(dataDir, "logs", "duizhao.log"), "utf8");
  assert(/Duizhao 0\.1\.0 starting on linux/.test(log), "the start is logged");
  assert(log.includes("update check: 9.9.9 is available") && log.includes("not installed"), "the update checks are logged");
  assert(log.includes("a second launch handed over a file to open"), "the second launch is logged");
  for (const secret of [DEEPL_KEY, "臺北", "台北", "資訊月", "軟體", "內部端點"]) assert(!log.includes(secret), `the log holds ${secret}`);
});

// ---- harness ----------------------------------------------------------------

// ---- issue 14: glossary terms from the reader, edits, the comparison column ----------------
/** The LibreTranslate profile ("EN: …") and the local Ollama ("LOCAL: …"), both without keys. */
function twoProfiles() {
  return {
    version: 1,
    target_language: "en",
    default_profile: "Local LibreTranslate",
    profiles: [
      { name: "Local LibreTranslate", kind: "libretranslate", base_url: providerServerUrl() },
      { name: "Local Ollama", kind: "openai", base_url: `http://127.0.0.1:${ollamaServer.address().port}/v1`, model: OLLAMA_MODEL, stream: false },
    ],
    translation_chosen: true,
  };
}

/** Translates with the toolbar's button and waits for every prose row of the column. */
async function translateAndWait(column = "translation") {
  await click(await find('[data-testid="translate"]'));
  await until(`the ${column} column`, async () => {
    const st = await script(`return [...document.querySelectorAll('[data-testid="cell-${column}"]')].map(c => c.dataset.status)`);
    return st.length > 0 && st.every((x) => x === "done" || x === "cached");
  });
}

/** Selects `word` in the first original cell holding it, as a mouse would (the selection, then mouseup). */
async function selectInOriginal(word) {
  await script(
    `
    const word = arguments[0];
    const cell = [...document.querySelectorAll('[data-testid="cell-original"]')].find(c => c.textContent.includes(word));
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode()) && !node.data.includes(word));
    const range = document.createRange();
    range.setStart(node, node.data.indexOf(word));
    range.setEnd(node, node.data.indexOf(word) + word.length);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    cell.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
  `,
    [word],
  );
}

test("a term added from a selection in the original flags the row whose translation ignores it", async () => {
  await restartWithSettings(twoProfiles());
  await translateAndWait();
  assertEqual((await findAll('[data-testid="missing-terms"][data-terms*="票證"]')).length, 0);
  await selectInOriginal("票證");
  await click(await until("the Add term button", () => find('[data-testid="add-term-pick"]')));
  await until("the Add term dialog", () => find('[data-testid="add-term-dialog"]'));
  assertEqual(await script('return document.querySelector(\'[data-testid="add-term-source"]\').value'), "票證");
  await typeInto("add-term-target", "fare card");
  await screenshot("glossary-add-term.png");
  await click(await find('[data-testid="add-term-save"]'));
  await until("the dialog to close", async () => (await findAll('[data-testid="add-term-dialog"]')).length === 0);
  // LibreTranslate is not told the terms: its "EN: …" misses the rendering, and the row says so
  // at once (the rows are checked again when a term is added), and after translating again.
  const flagged = await until("the flagged row", async () => {
    const rows = await script(`return [...document.querySelectorAll('[data-testid="row"]')]
      .filter(r => r.querySelector('[data-testid="missing-terms"][data-terms*="票證"]'))
      .map(r => r.querySelector('[data-testid="cell-original"]').textContent)`);
    return rows.length > 0 && rows;
  });
  assertEqual(flagged.length, 1);
  assert(flagged[0].includes("票證"), `flagged row: ${flagged[0]}`);
  const title = await script(`return document.querySelector('[data-testid="missing-terms"][data-terms*="票證"]').title`);
  assert(title.includes("票證 → fare card"), `the mark's hover: ${title}`);
  await screenshot("glossary-flagged.png");
  await translateAndWait();
  assertEqual((await findAll('[data-testid="missing-terms"][data-terms*="票證"]')).length, 1);
});

test("a term for this document only is listed with the document's terms in Settings, and removed there", async () => {
  await selectInOriginal("伺服器");
  await click(await until("the Add term button", () => find('[data-testid="add-term-pick"]')));
  await until("the Add term dialog", () => find('[data-testid="add-term-dialog"]'));
  await typeInto("add-term-target", "server");
  await click(await find('[data-testid="add-term-scope-document"]'));
  await click(await find('[data-testid="add-term-save"]'));
  await until("the mark", async () => (await findAll('[data-testid="missing-terms"][data-terms*="伺服器"]')).length === 1);
  await openSettings();
  const own = await until("the document's terms", () => find('[data-testid="document-glossary"]'));
  const sources = await script(
    "return [...arguments[0].querySelectorAll('[data-testid=\"glossary-source\"]')].map(i => i.value)",
    [{ [ELEMENT]: own }],
  );
  assertEqual(JSON.stringify(sources), JSON.stringify(["伺服器"]));
  // Not in the user's glossary, which holds the term added for every document.
  const global = await script(
    "return [...document.querySelectorAll('[data-testid=\"glossary-settings\"] [data-testid=\"glossary-source\"]')].map(i => i.value)",
  );
  assert(!global.includes("伺服器") && global.includes("票證"), `the user's glossary: ${global}`);
  await script("arguments[0].scrollIntoView({ block: 'center' })", [{ [ELEMENT]: own }]);
  await screenshot("settings-document-terms.png");
  await click(await find('[data-testid="glossary-delete"]', own));
  await until("the row removed", async () => (await findAll('[data-testid="glossary-row"]', own)).length === 0);
  await click(await find('[data-testid="settings-close"]'));
  await until("the mark gone", async () => (await findAll('[data-testid="missing-terms"][data-terms*="伺服器"]')).length === 0);
});

test("an edited cell is marked, shows the machine version on hover, and comes back from the library", async () => {
  const rows = await findAll('[data-testid="row"]');
  const row = rows[2];
  const machine = await text(await find('[data-testid="cell-translation"] [data-cell-text]', row));
  assert(machine.startsWith("EN: "), `machine text: ${machine}`);
  // Hovered, the cell shows its edit and translate-again buttons beside the copy button.
  const cell = await find('[data-testid="cell-translation"]', row);
  await wd("POST", s("/actions"), {
    actions: [{ type: "pointer", id: "mouse", actions: [{ type: "pointerMove", origin: { [ELEMENT]: cell }, x: 0, y: 0 }] }],
  });
  await wd("DELETE", s("/actions"));
  await screenshot("cell-actions.png");
  await click(await find('[data-testid="edit-cell"]', row));
  await until("the editor", () => find('[data-testid="edit-area"]', row));
  await typeInto("edit-area", "The new system's servers have more memory; the software was rewritten.");
  await screenshot("edit-cell.png");
  await click(await find('[data-testid="edit-save"]', row));
  await until("the edited cell", async () => (await findAll('[data-testid="edited-mark"]', row)).length === 1);
  assertEqual((await rowsText("translation"))[2], "The new system's servers have more memory; the software was rewritten.");
  const hover = await script("return arguments[0].querySelector('[data-testid=\"edited-mark\"]').title", [{ [ELEMENT]: row }]);
  assert(hover.includes(machine), `the mark's hover: ${hover}`);
  // A citation of the row says the translation was edited.
  await click(await find('[data-testid="gutter"]', row));
  await copyAs("citation");
  await until("the citation", async () => readClipboard().includes("and edited"));
  // Translate again: the edit is kept (Translate never overwrites it).
  await translateAndWait();
  assertEqual((await rowsText("translation"))[2], "The new system's servers have more memory; the software was rewritten.");
  // Another document, then this one again from the library: the edit is still there.
  writeClipboard("另一篇\n內容。\n");
  await click(await find('[data-testid="from-clipboard"]'));
  await until("the other document", async () => (await text(await find('[data-testid="doc-title"]'))) === "另一篇");
  await click(await find('[data-testid="open-library"]'));
  const panel = await until("the library", () => find('[data-testid="library-panel"]'));
  await wd("POST", s(`/element/${await find('[data-testid="library-search"]', panel)}/value`), { text: "臺北捷運" });
  const entry = await until("the entry", async () => {
    const entries = await findAll('[data-testid="library-entry"]');
    return entries.length === 1 && entries[0];
  });
  await click(await find('[data-testid="library-open"]', entry));
  await until("the reopened document", async () => (await text(await find('[data-testid="doc-title"]'))) === "臺北捷運的新系統");
  await until("the edit, back", async () => (await rowsText("translation"))[2] === "The new system's servers have more memory; the software was rewritten.");
  const reopened = (await findAll('[data-testid="row"]'))[2];
  assertEqual((await findAll('[data-testid="edited-mark"]', reopened)).length, 1);
  // The glossary's marks are worked out again for the reopened rows.
  await until("the glossary mark, back", async () => (await findAll('[data-testid="missing-terms"][data-terms*="票證"]')).length === 1);
  // Undo: the machine version again.
  await click(await find('[data-testid="undo-edit"]', reopened));
  await until("the machine version", async () => (await rowsText("translation"))[2] === machine);
});

test("a second profile's translation fills a fourth column; a Markdown table copies both", async () => {
  const before = ollama.requests.length;
  await openView();
  const select = await find('[data-testid="compare-profile"]');
  await click(await find('option[value="Local Ollama"]', select));
  await screenshot("view-compare.png");
  await until("the comparison column", async () => {
    const st = await script(`return [...document.querySelectorAll('[data-testid="cell-compare"]')].map(c => c.dataset.status)`);
    return st.length > 0 && st.every((x) => x === "done" || x === "cached");
  });
  await keys(["\uE00C"]); // Esc closes the View panel
  const headers = await script(`return [...document.querySelectorAll('[role="columnheader"]')].map(h => h.dataset.testid).filter(Boolean)`);
  assertEqual(JSON.stringify(headers), JSON.stringify(["column-header-original", "column-header-simplified", "column-header-translation", "column-header-compare"]));
  const compared = await rowsText("compare");
  assert(compared[1].startsWith("LOCAL: "), `comparison: ${compared[1]}`);
  assert(ollama.requests.length > before, "the second profile was asked");
  // The chat model got the document's title as context.
  const sent = ollama.requests.slice(before).map((r) => r.body).join("\n");
  assert(sent.includes("臺北捷運的新系統"), "the title went with the request as context");
  await screenshot("compare-four-columns.png");
  // Find reads the comparison column too: "LOCAL:" is only there.
  await click(await find('[data-testid="row"]'));
  await keys(["\uE009", "f"]);
  const findInput = await until("the find bar", () => find('[data-testid="find-input"]'));
  await wd("POST", s(`/element/${findInput}/value`), { text: "LOCAL:" });
  await until("a match in every prose row", async () => (await text(await find('[data-testid="find-count"]'))).endsWith(` of ${compared.length}`));
  await keys(["\uE00C"]);
  await until("the find bar closed", async () => (await findAll('[data-testid="find-input"]')).length === 0);
  const rows = await findAll('[data-testid="row"]');
  await click(await find('[data-testid="gutter"]', rows[1]));
  await shiftClick(await find('[data-testid="gutter"]', rows[2]));
  await copyAs("markdown_table");
  const table = await until("the table", async () => {
    const held = readClipboard();
    return held.includes("| Comparison") && held;
  });
  const header = table.split("\n")[0];
  assert(/\| Translation \(LibreTranslate\) \| Comparison \(qwen2\.5:7b\) \|/.test(header), `header: ${header}`);
  const line = table.split("\n")[2];
  assert(line.includes("| EN: ") && line.includes("| LOCAL: "), `row: ${line}`);
  // Closing the comparison leaves three columns.
  await openView();
  await click(await find('option[value=""]', await find('[data-testid="compare-profile"]')));
  await until("three columns", async () => (await findAll('[data-testid="column-header-compare"]')).length === 0);
  await keys(["\uE00C"]);
});

test("selected rows are translated again with another profile; the rest of the column stays", async () => {
  const before = await rowsText("translation");
  assert(before.every((t) => t.startsWith("EN: ")), `before: ${before}`);
  const rows = await findAll('[data-testid="row"]');
  await click(await find('[data-testid="gutter"]', rows[3]));
  await click(await find('[data-testid="retranslate-menu"]'));
  const withOllama = await until("the profile", () => find('[data-testid="retranslate-with"][data-profile="Local Ollama"]'));
  await screenshot("selection-retranslate.png");
  await click(withOllama);
  await until("the row from the other profile", async () => (await rowsText("translation"))[3].startsWith("LOCAL: "));
  const after = await rowsText("translation");
  assertEqual(JSON.stringify(after.slice(0, 3)), JSON.stringify(before.slice(0, 3)));
  // One row again, past the cache, with the toolbar's profile (the ↻ beside the pencil).
  const requests = provider.requests;
  await click(await find('[data-testid="retranslate-cell"]', rows[3]));
  await until("the row from the toolbar's profile", async () => (await rowsText("translation"))[3].startsWith("EN: "));
  assert(provider.requests > requests, "the row was sent again, not taken from the cache");
  await keys(["\uE00C"]);
});

// ---- The glossary in Settings, and the estimate before a long job (issue 14) ----------------

/** twoProfiles(), with prices on the chat model and `first` as the default profile. */
function pricedProfiles(first = "Local Ollama") {
  const settings = twoProfiles();
  settings.default_profile = first;
  settings.profiles[1] = { ...settings.profiles[1], price_input: 0.15, price_output: 0.6 };
  return settings;
}

/** The glossary section's count of saved terms, as it reads. */
const termCount = (n) => (n === 1 ? "1 term" : `${n} terms`);

/** The glossary table's rows as [source, rendering, note, region]. */
const glossaryRows = () =>
  script(`return [...document.querySelectorAll('[data-testid="glossary-row"]')].map(r =>
    ["glossary-source", "glossary-target", "glossary-note", "glossary-region"].map(id => r.querySelector('[data-testid="' + id + '"]').value))`);

/** Types into the last glossary row's fields, then clicks the section's heading: focus leaves the row, which saves it. */
async function fillGlossaryRow(values) {
  const rows = await findAll('[data-testid="glossary-row"]');
  const row = rows[rows.length - 1];
  for (const [testid, value] of Object.entries(values)) await fill(testid, value, row);
  await click(await find("#glossary-title"));
}

/** Answers the native file dialog titled `title` with `path` (ASCII, see the HTML export). */
async function answerFileDialog(title, path, { location = false } = {}) {
  await focusDialog(title);
  await sleep(500);
  execFileSync("xdotool", ["key", location ? "ctrl+l" : "ctrl+a"]);
  await sleep(300);
  execFileSync("xdotool", ["type", "--delay", "5", path]);
  await sleep(500);
  execFileSync("xdotool", ["key", "Return"]);
}

test("the glossary is edited in Settings, exported to a CSV and imported back", async () => {
  await restartWithSettings(pricedProfiles("Local LibreTranslate"));
  await openSettings();
  const section = await find('[data-testid="glossary-settings"]');
  await script("arguments[0].scrollIntoView({ block: 'start' })", [{ [ELEMENT]: section }]);
  const before = (await glossaryRows()).length;

  await click(await find('[data-testid="glossary-add"]'));
  await fillGlossaryRow({ "glossary-source": "立委", "glossary-target": "legislator" });
  await click(await find('[data-testid="glossary-add"]'));
  await fillGlossaryRow({ "glossary-source": "捷運", "glossary-target": "MRT", "glossary-note": "Taipei metro" });
  const regions = await findAll('[data-testid="glossary-region"]');
  const region = regions[regions.length - 1];
  await click(region);
  await click(await find('option[value="tw"]', region));
  await until("the two terms saved", async () => (await text(await find('[data-testid="glossary-count"]'))) === termCount(before + 2));
  const savedTerms = () => {
    const saved = JSON.parse(readFileSync(join(configDir, "glossary.json"), "utf8"));
    return JSON.stringify(saved.terms.map((t) => [t.source, t.target, t.note ?? null, t.region ?? null]));
  };
  await until("the region saved", async () => savedTerms().includes(JSON.stringify(["捷運", "MRT", "Taipei metro", "tw"])));
  await click(await find("#glossary-title"));
  await until("the region shown", async () => (await script("return arguments[0].selectedOptions[0].textContent", [{ [ELEMENT]: region }])) === "Taiwan");
  await script("arguments[0].scrollIntoView({ block: 'start' })", [{ [ELEMENT]: section }]);
  await screenshot("settings-glossary.png");
  await click(await find('[data-testid="glossary-starter-list"] summary'));
  await script("arguments[0].scrollIntoView({ block: 'start' })", [{ [ELEMENT]: section }]);
  await screenshot("settings-glossary-starter.png");
  await click(await find('[data-testid="glossary-starter-list"] summary'));

  // Export… writes the saved terms where the save dialog says.
  const out = join(exportDir, "glossary.csv");
  await click(await find('[data-testid="glossary-export"]'));
  await answerFileDialog("Export the glossary", out);
  const csv = await until("the exported glossary", async () => {
    try {
      return readFileSync(out, "utf8");
    } catch {
      return "";
    }
  });
  const lines = csv.trimEnd().split("\r\n");
  assertEqual(lines[0], "source,target,note,region");
  assert(lines.includes("立委,legislator,,") && lines.includes("捷運,MRT,Taipei metro,tw"), `the CSV: ${JSON.stringify(csv)}`);
  assertEqual(lines.length, before + 3);
  await until("the export notice", async () => (await text(await find('[data-testid="glossary-notice"]'))).includes("glossary.csv"));

  // Remove a row, change the file (a new rendering, a new term), and import it back.
  const index = (await glossaryRows()).findIndex((r) => r[0] === "立委");
  await click((await findAll('[data-testid="glossary-delete"]'))[index]);
  await until("the row removed and saved", async () => (await text(await find('[data-testid="glossary-count"]'))) === termCount(before + 1));
  writeFileSync(out, csv.replace("捷運,MRT,Taipei metro,tw", "捷運,Taipei Metro,Taipei metro,tw") + "北市府,Taipei City Government,,tw\r\n");
  await click(await find('[data-testid="glossary-import"]'));
  await answerFileDialog("Import a glossary", out, { location: true });
  await until("the import notice", async () =>
    (await text(await find('[data-testid="glossary-notice"]'))) === `Imported ${before + 3} terms: 2 new, 1 changed. Saved.`,
  );
  const rows = await glossaryRows();
  assert(rows.some((r) => r.join("|") === "立委|legislator||"), `立委 is back: ${JSON.stringify(rows)}`);
  assert(rows.some((r) => r.join("|") === "捷運|Taipei Metro|Taipei metro|tw"), `the changed rendering: ${JSON.stringify(rows)}`);
  assert(rows.some((r) => r.join("|") === "北市府|Taipei City Government||tw"), `the new term: ${JSON.stringify(rows)}`);
  assertEqual(rows.length, before + 3);
  const stored = readFileSync(join(configDir, "glossary.json"), "utf8");
  assert(stored.includes("Taipei City Government") && stored.includes("Taipei Metro"), `imported terms are saved: ${stored}`);
  await click(await find('[data-testid="settings-close"]'));
});

test("a long job shows its size and estimated cost first; Cancel sends nothing, Translate starts it", async () => {
  // A long article of distinct paragraphs (the estimate counts each distinct text once).
  const long = join(exportDir, "long.txt");
  const paragraphs = Array.from({ length: 400 }, (_, i) => `第${i + 1}段：臺北市政府今天公布新的交通計畫，捷運路網將延伸到更多地區，市民可以透過手機查詢即時資訊，官員表示工程將分階段進行。`);
  writeFileSync(long, `長文測試\n\n${paragraphs.join("\n\n")}\n`);
  await restartWithSettings(pricedProfiles(), long, "長文測試");

  // The chat profile's form shows the prices it was given.
  await openSettings();
  await click(await until("the Ollama profile", async () => {
    for (const item of await findAll('[data-testid="profile-item"]')) if ((await text(item)).includes("Local Ollama")) return item;
    return null;
  }));
  await until("its prices", async () => (await script('return document.querySelector(\'[data-testid="profile-price-input"]\')?.value')) === "0.15");
  assertEqual(await script('return document.querySelector(\'[data-testid="profile-price-output"]\').value'), "0.6");
  await script("document.querySelector('[data-testid=\"profile-prices\"]').scrollIntoView({ block: 'center' })");
  await screenshot("settings-profile-prices.png");
  await click(await find('[data-testid="settings-close"]'));
  await until("Settings closed", async () => (await findAll('[data-testid="settings-dialog"]')).length === 0);

  const chats = () => ollama.requests.filter((r) => r.url.includes("/chat/")).length;
  const asked = chats();
  await click(await find('[data-testid="translate"]'));
  await until("the estimate", () => find('[data-testid="estimate-dialog"]'));
  const chars = Number((await text(await find('[data-testid="estimate-chars"]'))).replaceAll(",", ""));
  assert(chars > 20000, `characters: ${chars}`);
  assert((await text(await find('[data-testid="estimate-tokens"]'))).includes(" in, "), "a chat model's tokens");
  assert((await text(await find('[data-testid="estimate-cost"]'))).startsWith("about $"), "an estimated cost");
  assert((await text(await find('[data-testid="estimate-basis"]'))).includes("Local Ollama"), "what the cost rests on");
  await screenshot("estimate-dialog.png");
  await click(await find('[data-testid="estimate-cancel"]'));
  await until("the estimate closed", async () => (await findAll('[data-testid="estimate-dialog"]')).length === 0);
  await sleep(500);
  assertEqual(chats(), asked);

  // Translate starts the job.
  await click(await find('[data-testid="translate"]'));
  await click(await until("the estimate again", () => find('[data-testid="estimate-confirm"]')));
  await until("a request to the model", async () => chats() > asked);
  await find('[data-testid="stop-translation"]').then(click).catch(() => {});

});

// ---- the first screen kept as static HTML (issue 15: start-up) ------------------------------

/** The page's start-up marks ("duizhao:…"), by name, in ms after the page began loading. */
const pageMarks = async () =>
  Object.fromEntries(
    await script(
      "return performance.getEntriesByType('mark').filter(m => m.name.startsWith('duizhao:')).map(m => [m.name.slice(8), m.startTime])",
    ),
  );
const firstScreenFile = () => join(dataDir, "first-screen.json");

/** The page's marks once its first paint is over (the first screen settled: matched, stored or none). */
const firstPaintMarks = () =>
  until("the first paint's marks", async () => {
    const marks = await pageMarks();
    return ["matched", "stored", "none"].some((how) => marks[`first-screen-${how}`] !== undefined) && marks;
  });

/** Quits and starts the app with no file (the sample), and waits for its first paint's marks. */
async function launchSample() {
  await stopApp();
  await startApp([]);
  await until("the sample's rows", async () => (await findAll('[data-testid="row"]')).length > 3);
  return firstPaintMarks();
}

test("a launch without a file paints its stored first screen before the script runs; the live one takes over unchanged", async () => {
  // "Translate on opening" off (an earlier test may have turned it on; see the end of this one).
  const settingsFile = join(configDir, "settings.json");
  const settings = JSON.parse(readFileSync(settingsFile, "utf8"));
  writeFileSync(settingsFile, JSON.stringify({ ...settings, reader: { ...settings.reader, autoTranslate: false } }));
  // Whatever an earlier launch left: this one stores the screen (or finds it current).
  const first = await launchSample();
  assert(!first["first-screen-none"], JSON.stringify(first));
  await until("the stored first screen", () => existsSync(firstScreenFile()));
  const stored = readFileSync(firstScreenFile(), "utf8");
  const copy = JSON.parse(stored);
  // The toolbar and the rows of one screen, not the whole sample; nothing WebDriver could
  // find instead of the live interface's elements.
  assert(copy.body.includes('class="toolbar') && !copy.body.includes("data-testid"), copy.body.slice(0, 300));
  const rowsInCopy = copy.body.split("data-block-id=").length - 1;
  const rowsLive = (await findAll('[data-testid="row"]')).length;
  assert(rowsInCopy > 3 && rowsInCopy < rowsLive, `${rowsInCopy} rows stored of ${rowsLive}`);

  // Next launch: served with the copy, painted before the page's own script ran, and the live
  // interface drew exactly the same screen under it (so nothing is stored again).
  const second = await launchSample();
  assert(second["first-screen-matched"] !== undefined, JSON.stringify(second));
  assert(second["first-screen-painted"] < second.script, JSON.stringify(second));
  // The first document and the settings were asked for by the copy's script, while it painted.
  assert(second["early-from-copy"] !== undefined, JSON.stringify(second));
  assertEqual(await script("return window.__duizhaoEarly"), null);
  assertEqual(await script("return document.getElementById('first-screen')"), null);
  assertEqual(readFileSync(firstScreenFile(), "utf8"), stored);
  await screenshot("first-screen-taken-over.png");

  // A copy altered to load something is not served: the live page draws and stores its own.
  writeFileSync(firstScreenFile(), JSON.stringify({ ...copy, body: copy.body + '<img src="x">' }));
  const altered = await launchSample();
  assert(altered["first-screen-stored"] !== undefined && altered["first-screen-painted"] === undefined, JSON.stringify(altered));
  await until("the copy stored again", () => {
    const again = JSON.parse(readFileSync(firstScreenFile(), "utf8"));
    return !again.body.includes("<img") && again.body.includes("data-block-id=");
  });

  // Another preference: the stored copy's key no longer matches, so it is not shown.
  const reader = { ...settings.reader, autoTranslate: false };
  writeFileSync(settingsFile, JSON.stringify({ ...settings, reader: { ...reader, fontSize: (reader.fontSize ?? 17) + 2 } }));
  const changed = await launchSample();
  assert(changed["first-screen-stored"] !== undefined && changed["first-screen-painted"] === undefined, JSON.stringify(changed));
  // With "translate on opening" on, the first screen is caught mid-translation: none is kept.
  const kept = readFileSync(firstScreenFile(), "utf8");
  writeFileSync(settingsFile, JSON.stringify({ ...settings, reader: { ...reader, autoTranslate: true } }));
  const translating = await launchSample();
  assert(translating["first-screen-none"] !== undefined && translating["first-screen-painted"] === undefined, JSON.stringify(translating));
  await stopApp();
  assertEqual(readFileSync(firstScreenFile(), "utf8"), kept);
  writeFileSync(settingsFile, JSON.stringify(settings));

  // A launch with a file is never served the sample's screen.
  await relaunch();
  const withFile = await firstPaintMarks();
  assert(withFile["first-screen-none"] !== undefined && withFile["first-screen-painted"] === undefined, JSON.stringify(withFile));
});

test("a new user's first launch paints the build's first screen of the system's language; the live one matches it", async () => {
  // Launched as a user does (outside WebDriver, whose sessions share one environment), on a
  // data and a config directory of its own that nothing has written: a new install. The
  // shell's start-up trace has the page's marks.
  await stopApp();
  // WebKitGTK's language is the locale of LC_CTYPE (scripts/setup.sh generates zh_TW.UTF-8;
  // without it WebKit would read "C" and draw English).
  assert(/^zh_TW\.utf8$/m.test(execFileSync("locale", ["-a"], { encoding: "utf8" })), "the zh_TW.UTF-8 locale is not installed (scripts/setup.sh --test)");
  for (const [locale, lang] of [[{ LANG: "C.UTF-8" }, "en"], [{ LANG: "zh_TW.UTF-8" }, "zh-Hant"]]) {
    const fresh = mkdtempSync(join(tmpdir(), "duizhao-e2e-new-user-"));
    const env = { ...process.env, ...appEnv, LANGUAGE: "", LC_ALL: "", LC_CTYPE: "", LC_MESSAGES: "", ...locale, DUIZHAO_TRACE_STARTUP: "1" };
    Object.assign(env, { DUIZHAO_DATA_DIR: join(fresh, "data"), DUIZHAO_CONFIG_DIR: join(fresh, "config") });
    const launched = spawn(app, [], { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    launched.stderr.on("data", (chunk) => (stderr += chunk));
    try {
      const marksLine = await until("the page's marks", () => /page marks[^\n]*\n/.exec(stderr)?.[0], 60000).catch((e) => {
        // What the launch said, and what else runs (a running instance takes a second launch's place).
        let others = "";
        try {
          others = execFileSync("pgrep", ["-a", "-f", "duizhao"], { encoding: "utf8" });
        } catch {
          others = "(none)";
        }
        throw new Error(`${lang}: ${e.message}; its stderr:\n${stderr.slice(-3000)}\nprocesses:\n${others}`);
      });
      const marks = Object.fromEntries(
        marksLine.split(": ").slice(1).join(": ").trim().split(", ").map((m) => [m.slice(0, m.lastIndexOf(" ")), Number(m.slice(m.lastIndexOf(" ") + 1))]),
      );
      assert(stderr.includes("first screen: built in, served"), `${lang}: ${stderr}`);
      // Painted before the page's own script ran, and what the live page then drew is the same
      // screen (so nothing is stored for next time).
      assert(marks["first-screen-painted"] < marks.script, `${lang}: ${marksLine}`);
      assert(marks["first-screen-built-in"] !== undefined && marks["first-screen-matched"] !== undefined, `${lang}: ${marksLine}`);
      assert(!existsSync(join(fresh, "data", "first-screen.json")), `${lang}: a screen was stored`);
    } finally {
      launched.kill();
      await new Promise((resolve) => (launched.exitCode === null ? launched.on("exit", resolve) : resolve()));
      rmSync(fresh, { recursive: true, force: true });
    }
  }
  // The interface's languages each have their screen in the build.
  for (const lang of ["en", "zh-Hans", "zh-Hant"]) {
    const screen = JSON.parse(readFileSync(join(root, "ui", "dist", "first-screen", `${lang}.json`), "utf8"));
    assert(screen.htmlAttributes.some(([name, value]) => name === "lang" && value === lang), `${lang}: ${JSON.stringify(screen.htmlAttributes)}`);
  }
  await relaunch();
});

test("closing the window writes the database's journal into its file: the file alone has the document just opened", async () => {
  // Outside WebDriver, whose "close" kills the app: launched as a user does, closed with the
  // window manager's close message (tests/e2e/wm-close.py; Debian's python3-xlib, hence the
  // system python rather than whichever python3 is first on the PATH). Last of the suite, as
  // the one test that drives a window outside WebDriver.
  await stopApp();
  const db = join(dataDir, "duizhao.sqlite3");
  // A path no earlier test opened: its library entry can only be in the journal until the exit.
  const copyDir = mkdtempSync(join(tmpdir(), "duizhao-e2e-db-"));
  const opened = join(copyDir, "closing.md");
  writeFileSync(opened, readFileSync(fixture("article.md")));
  const launched = spawn(app, [opened], {
    env: { ...process.env, ...appEnv, DUIZHAO_TRACE_STARTUP: "1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  launched.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => launched.on("exit", (code) => resolve(code)));
  try {
    await until("the document painted", () => stderr.includes("first article painted"), 30000);
    // Opening remembered the document in the library: in the journal so far, not in the file.
    assert(statSync(`${db}-wal`).size > 0, "the open wrote nothing to the journal");
    execFileSync("/usr/bin/python3", [join(root, "tests", "e2e", "wm-close.py"), String(launched.pid)], { timeout: 10000 });
    assertEqual(await Promise.race([exited, sleep(20000).then(() => "still running")]), 0);
  } finally {
    if (launched.exitCode === null) launched.kill();
  }
  assertEqual(statSync(`${db}-wal`).size, 0);
  // The file copied alone (a backup that leaves the journal behind) has the entry.
  const copy = join(copyDir, "copy.sqlite3");
  writeFileSync(copy, readFileSync(db));
  const title = execFileSync(
    "/usr/bin/python3",
    ["-c", "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT title FROM library WHERE source = ?', (sys.argv[2],)).fetchone()[0])", copy, opened],
    { encoding: "utf8" },
  ).trim();
  assertEqual(title, "資訊月開幕");
  rmSync(copyDir, { recursive: true, force: true });
  await relaunch();
});

function providerServerUrl() {
  return `http://127.0.0.1:${providerServer.address().port}`;
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}
function assertEqual(actual, expected) {
  if (actual !== expected) throw new Error(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

async function main() {
  await new Promise((r) => providerServer.listen(0, "127.0.0.1", r));
  const providerUrl = providerServerUrl();
  await new Promise((r) => pagesServer.listen(0, "127.0.0.1", r));
  pagesUrl = `http://127.0.0.1:${pagesServer.address().port}`;
  await new Promise((r) => ollamaServer.listen(0, "127.0.0.1", r));
  await new Promise((r) => updateServer.listen(0, "127.0.0.1", r));
  const updateKeys = makeUpdateKeys();
  // The app's environment, for every launch (a second launch in a test gets the same).
  Object.assign(appEnv, {
    DUIZHAO_DATA_DIR: dataDir,
    DUIZHAO_CONFIG_DIR: configDir,
    DUIZHAO_TEST_UPDATE_ENDPOINT: `${updateUrl()}/latest.json`,
    DUIZHAO_TEST_UPDATE_PUBKEY: updateKeys.good.pubkey,
    DUIZHAO_TEST_UPDATE_TARGET: updateTarget,
    // WebKit's compositing stays on here: in the app's default non-composited mode (see
    // configure_webkit in src-tauri/src/lib.rs) WebKitWebDriver's screenshot command can
    // hang once a translation has failed. The measurement scripts run the default mode.
    DUIZHAO_WEBKIT_COMPOSITING: "1",
    // Settings' probe finds the fake Ollama, and never a developer's own servers.
    DUIZHAO_LOCAL_SERVERS: `ollama=http://127.0.0.1:${ollamaServer.address().port}`,
    // No keychain (see the top of this file); a set address also stops GLib from
    // starting a bus of its own.
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(noBusDir, "bus")}`,
  });
  writeFileSync(
    join(configDir, "settings.json"),
    JSON.stringify({
      version: 1,
      target_language: "en",
      default_profile: "Local LibreTranslate",
      profiles: [{ name: "Local LibreTranslate", kind: "libretranslate", base_url: providerUrl }],
      translation_chosen: true,
    }),
  );
  let driverLog = "";
  let passed = 0;
  let failed = 0;
  const started = Date.now();
  try {
    driver = await startDriver(port, { ...process.env, ...appEnv }, (d) => (driverLog += d));
    await startApp([fixture("taiwan-big5.txt")]);
    // E2E_ONLY=REGEX runs only the tests whose names match (while working on them).
    const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY) : null;
    for (const t of tests.filter((t) => !only || only.test(t.name))) {
      try {
        await t.fn();
        passed++;
        console.log(`ok - ${t.name}`);
      } catch (e) {
        failed++;
        console.log(`not ok - ${t.name}\n  ${e.message}`);
        if (e.message.includes("no answer from the driver")) {
          // The driver itself failed or hangs: what it said; then a new driver and the app
          // again, so the tests after this one run (a stuck one would hold every command).
          console.log(`  the driver's output, last 3000 characters:\n${driverLog.slice(-3000)}`);
          await driver.stop();
          session = null;
          driver = await startDriver(port, { ...process.env, ...appEnv }, (d) => (driverLog += d));
          await startApp([fixture("taiwan-big5.txt")]).catch((e2) => console.log(`  the app again: ${e2.message}`));
        } else await screenshot(`failed-${passed + failed}.png`).catch(() => {});
      }
    }
  } catch (e) {
    failed++;
    console.log(`not ok - e2e setup\n  ${e.message}\n${driverLog}`);
  } finally {
    await stopApp().catch(() => {});
    await driver?.stop();
    providerServer.close();
    pagesServer.close();
    ollamaServer.close();
    updateServer.close();
    rmSync(updateDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(configDir, { recursive: true, force: true });
    rmSync(exportDir, { recursive: true, force: true });
    rmSync(noBusDir, { recursive: true, force: true });
  }
  console.log(`e2e wall time: ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${shots}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

await main();
