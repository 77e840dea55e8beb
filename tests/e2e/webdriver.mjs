// The minimal W3C WebDriver client that the e2e suite (tests/e2e/run.mjs), the installed
// package's launch check (scripts/check-package-launch.mjs) and the reader measurement
// (scripts/measure-reader.mjs) share, and their polling helper.
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * A function sending WebDriver commands to the server at `base` (tauri-driver): it resolves to
 * the answer's `value` and throws, with the driver's error and message, on a refused command.
 *
 * Each command on a connection of its own (node:http without an agent), not fetch's pooled
 * keep-alive ones: one command failed as "fetch failed" in a CI run (between two relaunches),
 * with nothing said of the cause; most likely written on a pooled connection the driver had
 * just closed, which a fresh connection cannot meet.
 * A connection that fails is said with its cause (the code, the method and path).
 */
export function webDriver(base) {
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
      req.end(payload);
    });
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
