// The minimal W3C WebDriver client that the e2e suite (tests/e2e/run.mjs), the installed
// package's launch check (scripts/check-package-launch.mjs), the reader measurement
// (scripts/measure-reader.mjs) and the benchmark's snapshot (bench/snapshot.mjs) share, the
// driver they talk to, and their polling helper.
//
// The driver is WebKitGTK's own (Debian's webkit2gtk-driver), not tauri-driver in front of it:
// on Linux tauri-driver only rewrites a new session's `tauri:options` into WebKitWebDriver's
// `webkitgtk:browserOptions` (`appSession` below does that), starts WebKitWebDriver with
// TAURI_WEBVIEW_AUTOMATION=true (`startDriver` does), and forwards every command over a
// pool of kept-alive connections, and when WebKitWebDriver has closed a pooled connection the
// command fails ("connection reset by peer" in tauri-driver 2.1's log; it does not retry) and
// tauri-driver drops ours without an answer. Seen as "fetch failed" in a CI run, then in 5 of
// 10 runs of the first-screen e2e test here, on a new session, a screenshot, a script, a
// session's end. Here each command goes on a connection of its own, straight to WebKitWebDriver.
import { execFileSync, spawn } from "node:child_process";
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * A function sending WebDriver commands to the server at `base` (WebKitWebDriver): it resolves to
 * the answer's `value` and throws, with the driver's error and message, on a refused command.
 *
 * Each command on a connection of its own (node:http without an agent): none is ever written
 * on a connection the driver has closed. A connection that fails is said with its cause, and a
 * command unanswered after `timeoutMs` fails (WebKitWebDriver has been seen to wait forever on a
 * window resize): a test fails, the run goes on.
 */
export function webDriver(base, timeoutMs = 120000) {
  const url = new URL(base);
  return function wd(method, path, body) {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname.replace(/\/$/, "") + path,
          method,
          agent: false,
          headers: {
            "content-type": "application/json",
            ...(payload === undefined ? {} : { "content-length": Buffer.byteLength(payload) }),
          },
        },
        (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("error", (e) => reject(new Error(`${method} ${path}: the answer broke off: ${e.code || ""} ${e.message}`)));
          res.on("end", () => {
            let json = {};
            try {
              json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
            } catch {
              // not JSON: said below by the status alone
            }
            if (res.statusCode < 200 || res.statusCode >= 300) {
              const v = json.value || {};
              reject(new Error(`${method} ${path}: ${res.statusCode} ${v.error || ""} ${v.message || ""}`));
            } else resolve(json.value);
          });
        },
      );
      req.on("error", (e) => reject(new Error(`${method} ${path}: no answer from the driver: ${e.code || ""} ${e.message}`)));
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`nothing in ${timeoutMs / 1000} s`)));
      req.end(payload);
    });
  };
}

/**
 * Starts WebKitWebDriver on 127.0.0.1:`port` with `env` (which the app it launches inherits),
 * its output going to `log`, and resolves once it answers, to its base URL, a client for it
 * a function that stops it and the app it launched, and one listing the app's processes.
 */
export async function startDriver(port, env, log = () => {}) {
  // What tauri-driver sets for it: the app's webview accepts automation only with this.
  // A process group of its own, so that stopping it also stops the app it launched.
  const driver = spawn("WebKitWebDriver", [`--port=${port}`, "--host=127.0.0.1"], {
    env: { ...env, TAURI_WEBVIEW_AUTOMATION: "true" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  driver.stdout.on("data", log);
  driver.stderr.on("data", log);
  const exited = new Promise((resolve) => driver.on("exit", (code, signal) => resolve(`exited (${code ?? signal})`)));
  const base = `http://127.0.0.1:${port}`;
  const wd = webDriver(base);
  const answered = until("WebKitWebDriver", () => wd("GET", "/status").then(() => true), 20000);
  const early = await Promise.race([answered, exited]);
  if (early !== true) throw new Error(`WebKitWebDriver ${early} before it answered`);
  const stop = async () => {
    if (driver.exitCode !== null || driver.signalCode !== null) return;
    try {
      process.kill(-driver.pid, "SIGTERM");
    } catch {
      driver.kill();
    }
    await exited;
  };
  /** The processes the driver runs: the app it launched, until that has exited. */
  const apps = () => {
    try {
      return execFileSync("pgrep", ["-P", String(driver.pid)], { encoding: "utf8" }).split("\n").filter(Boolean);
    } catch {
      return []; // pgrep: none
    }
  };
  return { base, wd, stop, apps };
}

/** A new session's body that launches the app binary `application` with `args`. */
export function appSession(application, args = []) {
  return {
    capabilities: {
      alwaysMatch: { browserName: "wry", "webkitgtk:browserOptions": { binary: application, args } },
    },
  };
}

/** Polls `probe` every `everyMs` until it returns a truthy value, or throws its last error after `timeoutMs`. */
export async function until(what, probe, timeoutMs = 15000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ""}`);
}
