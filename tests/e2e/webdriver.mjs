// The minimal W3C WebDriver client that the e2e suite (tests/e2e/run.mjs), the installed
// package's launch check (scripts/check-package-launch.mjs) and the reader measurement
// (scripts/measure-reader.mjs) share, and their polling helper.
import { setTimeout as sleep } from "node:timers/promises";

/**
 * A function sending WebDriver commands to the server at `base` (tauri-driver): it resolves to
 * the answer's `value` and throws, with the driver's error and message, on a refused command.
 */
export function webDriver(base) {
  return async function wd(method, path, body) {
    const res = await fetch(base + path, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) {
      const v = json.value || {};
      throw new Error(`${method} ${path}: ${res.status} ${v.error || ""} ${v.message || ""}`);
    }
    return json.value;
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
