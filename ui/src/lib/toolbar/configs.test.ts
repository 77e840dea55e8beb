import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import { CONVERSION_CONFIGS } from "../bindings/constants";
import { configLabel, configOption, configScripts, configsFor, convertedScript } from "./configs";

const ALL = ["tw2sp", "tw2s", "hk2s", "hk2sp", "t2s", "s2t", "s2tw", "s2twp", "s2hk", "s2hkp", "t2tw", "t2hk", "tw2t", "hk2t", "t2jp", "jp2t"];
const configs = ALL.map((name) => ({ name, label: name }));

describe("the shell's configurations (bindings/constants.ts, from Config::ALL)", () => {
  it("are the ones the picker has words for, in the same order", () => {
    expect(CONVERSION_CONFIGS.map((c) => c.name)).toEqual(ALL);
    for (const { name } of CONVERSION_CONFIGS) expect(configLabel(name)).not.toBe(name);
  });
});

afterEach(() => setLocale("en"));

describe("configurations", () => {
  it("read and write the scripts their names say", () => {
    expect(configScripts("tw2sp")).toEqual({ from: "traditional", to: "simplified" });
    expect(configScripts("s2twp")).toEqual({ from: "simplified", to: "traditional" });
    expect(configScripts("hk2t")).toEqual({ from: "traditional", to: "traditional" });
    expect(configScripts("t2jp")).toEqual({ from: "traditional", to: "japanese" });
    expect(configScripts("jp2t")).toEqual({ from: "japanese", to: "traditional" });
  });

  it("offer a Traditional document only what reads Traditional, a Simplified one only what reads Simplified", () => {
    expect(configsFor("traditional", configs).map((c) => c.name)).toEqual(["tw2sp", "tw2s", "hk2s", "hk2sp", "t2s", "t2tw", "t2hk", "tw2t", "hk2t", "t2jp"]);
    expect(configsFor("simplified", configs).map((c) => c.name)).toEqual(["s2t", "s2tw", "s2twp", "s2hk", "s2hkp"]);
  });

  it("say what the second column holds", () => {
    expect(convertedScript("tw2sp", "traditional")).toBe("simplified");
    expect(convertedScript("s2twp", "simplified")).toBe("traditional");
    expect(convertedScript(null, "simplified")).toBe("simplified");
  });

  it("have a label in every interface language, and the OpenCC name only after it in the menu", () => {
    for (const name of ALL) expect(configLabel(name), name).not.toBe(name);
    expect(configLabel("tw2sp")).toBe("Taiwan usage → Simplified");
    expect(configOption("tw2sp")).toBe("Taiwan usage → Simplified (tw2sp)");
    expect(configOption("custom")).toBe("custom");
    setLocale("zh-Hant");
    expect(configLabel("tw2sp")).toBe("臺灣用語 → 簡體");
  });
});
