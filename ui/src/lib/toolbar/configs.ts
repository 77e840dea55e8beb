// What each OpenCC configuration does, in a reader's words: which script it reads and which it
// writes (from its name: `s2…` reads Simplified, `…2s`/`…2sp` write Simplified, `jp` is Japanese
// Shinjitai), a label in the interface's language ("Taiwan usage → Simplified"), and which of
// them fit a document — a Traditional article is offered only what reads Traditional.
import { t } from "../i18n/i18n.svelte";
import type { Script } from "../ipc";

export type ConfigScript = "simplified" | "traditional" | "japanese";

/** The script a configuration reads and the one it writes. */
export function configScripts(name: string): { from: ConfigScript; to: ConfigScript } {
  const [from, to] = name.toLowerCase().split("2");
  const side = (code: string | undefined, reading: boolean): ConfigScript => {
    if (code === undefined) return "traditional";
    if (code.startsWith("jp")) return "japanese";
    if (code === "s" || (!reading && code === "sp")) return "simplified";
    return "traditional";
  };
  return { from: side(from, true), to: side(to, false) };
}

/** The configurations that read the document's script, in the shell's order. */
export function configsFor<C extends { name: string }>(script: Script, configs: readonly C[]): C[] {
  return configs.filter((c) => configScripts(c.name).from === script);
}

const KNOWN = new Set([
  "tw2sp", "tw2s", "hk2s", "hk2sp", "t2s", "s2t", "s2tw", "s2twp",
  "s2hk", "s2hkp", "t2tw", "t2hk", "tw2t", "hk2t", "t2jp", "jp2t",
]);

/** "Taiwan usage → Simplified"; an unknown configuration by its own name. */
export function configLabel(name: string): string {
  const key = name.toLowerCase();
  return KNOWN.has(key) ? t(`config.${key}` as "config.t2s") : name;
}

/** A menu entry: the label, with OpenCC's own name after it for those who know it. */
export function configOption(name: string): string {
  const label = configLabel(name);
  return label === name ? name : `${label} (${name})`;
}

/** What the second column holds: the script a configuration writes; unconverted text keeps its own. */
export function convertedScript(config: string | null, original: Script): ConfigScript {
  return config ? configScripts(config).to : original;
}
