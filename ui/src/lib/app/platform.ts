// Which desktop the page runs on, for what differs by platform: the font stacks (main.ts writes
// it on <html> as `data-desktop` before anything is mounted, and app.css and reader/lang.ts
// read it) and the shortcut keys (`isMac` in actions/shortcuts.ts: ⌘ rather than Ctrl).
//
// Why fonts differ: a font stack names the fonts of all three systems (PingFang on macOS,
// Microsoft YaHei on Windows, Noto on Linux), and on Windows and macOS a name that is not
// installed costs nothing. WebKitGTK asks fontconfig about every name it passes, for every size
// and weight on the page, and fontconfig answers a missing name by sorting all installed fonts:
// the cross-platform stacks cost 120 ms of fontconfig and 200 ms of the page's CPU before the
// first paint (perf, release build, Xvfb, Noto CJK installed). On Linux the stacks name only
// fonts Linux distributions ship, in the order that picks the same fonts as before.

export type Desktop = "linux" | "macos" | "windows" | "other";

/** The desktop a user agent string describes ("X11; Linux x86_64", "Macintosh", "Windows NT"). */
export function desktopOf(userAgent: string): Desktop {
  if (/Windows/.test(userAgent)) return "windows";
  if (/Macintosh|Mac OS X/.test(userAgent)) return "macos";
  if (/Linux|X11|FreeBSD|OpenBSD/i.test(userAgent) && !/Android/.test(userAgent)) return "linux";
  return "other";
}

export const desktop: Desktop = typeof navigator === "undefined" ? "other" : desktopOf(navigator.userAgent);
