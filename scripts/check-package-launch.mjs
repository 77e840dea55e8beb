// Launches an installed Duizhao (scripts/check-package.sh) on a Big5 fixture through
// WebKitWebDriver (tests/e2e/webdriver.mjs) and checks what a reader sees: the title, and the Simplified column holding
// OpenCC's Taiwan-usage conversion — so the packaged binary found its UI, OpenCC and its
// dictionaries. Also checks the log file was written and holds no article text.
// Usage (inside xvfb-run): node scripts/check-package-launch.mjs BINARY FIXTURE
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appSession, startDriver, until, webDriver } from "../tests/e2e/webdriver.mjs";

const [app, fixture] = process.argv.slice(2);
if (!app || !fixture) throw new Error("usage: check-package-launch.mjs BINARY FIXTURE");
const port = 4460 + Math.floor(Math.random() * 400);
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), "duizhao-package-data-"));
const configDir = mkdtempSync(join(tmpdir(), "duizhao-package-config-"));
const noBus = mkdtempSync(join(tmpdir(), "duizhao-package-no-bus-"));

const wd = webDriver(base);

/** The suite's `until`, with the patience of a first start from an installed package. */
const waitFor = (what, probe) => until(what, probe, 30000, 150);

let driver = null;
let session = null;
let ok = false;
try {
  driver = await startDriver(
    port,
    {
      ...process.env,
      DUIZHAO_DATA_DIR: dataDir,
      DUIZHAO_CONFIG_DIR: configDir,
      DUIZHAO_WEBKIT_COMPOSITING: "1",
      DUIZHAO_LOCAL_SERVERS: "none",
      // No keychain and no other instance to hand the file to.
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(noBus, "bus")}`,
    },
    (d) => process.stderr.write(d),
  );
  session = (
    await wd("POST", "/session", appSession(app, [fixture]))
  ).sessionId;
  const script = (body) => wd("POST", `/session/${session}/execute/sync`, { script: body, args: [] });
  const cells = (column) =>
    script(`return [...document.querySelectorAll('[data-testid="cell-${column}"]')].map(e => e.innerText.trim())`);
  const title = await waitFor("the fixture's title", async () => {
    const t = await script(`return document.querySelector('[data-testid="doc-title"]')?.innerText.trim()`);
    return t === "臺北捷運的新系統" && t;
  });
  const simplified = await waitFor("the Simplified column", async () => {
    const c = await cells("simplified");
    return c.length === 4 && c;
  });
  const expected = "新系统的服务器采用更大的内存，软件也全面改写，让网络尖峰时段不再当机。";
  if (simplified[0] !== "台北捷运的新系统" || simplified[2] !== expected) {
    throw new Error(`the Simplified column holds ${JSON.stringify(simplified)}`);
  }
  console.log(`check-package: the installed app shows “${title}”, Simplified: ${simplified[0]} / ${simplified[2]}`);
  const logs = join(dataDir, "logs");
  const log = await waitFor("the log file", () => readFileSync(join(logs, "duizhao.log"), "utf8"));
  if (!/Duizhao \S+ starting on linux/.test(log)) throw new Error(`the log does not say the app started: ${log}`);
  if (log.includes("捷運") || log.includes("捷运")) throw new Error("the log holds article text");
  console.log(`check-package: log written (${readdirSync(logs).join(", ")}), no article text in it`);
  ok = true;
} finally {
  if (session) await wd("DELETE", `/session/${session}`).catch(() => {});
  await driver?.stop();
  for (const d of [dataDir, configDir, noBus]) rmSync(d, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
