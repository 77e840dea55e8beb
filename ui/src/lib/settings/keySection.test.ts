import { describe, expect, it } from "vitest";
import type { KeychainState } from "../ipc";
import { keyPlaceWord, keySection } from "./keySection";

const available: KeychainState = { state: "available", detail: null };
const missing: KeychainState = {
  state: "unavailable",
  detail: "zbus error: Failed to connect to address unix:path=/run/user/0/bus",
};
const locked: KeychainState = { state: "locked", detail: "collection is locked" };

describe("keySection", () => {
  it("stores in the keychain when there is one, as before, and removes what is stored", () => {
    const view = keySection({ keychain: available, needsKey: true, place: null, fileConfirmed: false });
    expect(view).toMatchObject({ pasteTo: "keychain", warning: null, offerFile: false, canRemove: false });
    expect(view.state).toBe("profile.key.none");
    expect(view.explain).toBe("profile.key.explain");
    const stored = keySection({ keychain: available, needsKey: true, place: "keychain", fileConfirmed: false });
    expect(stored).toMatchObject({ state: "profile.key.stored", canRemove: true, present: true });
  });

  it("without a keychain warns, offers the file, and pastes nowhere until the user confirms", () => {
    const before = keySection({ keychain: missing, needsKey: true, place: null, fileConfirmed: false });
    expect(before).toMatchObject({ warning: "unavailable", offerFile: true, pasteTo: null, explain: null });
    const after = keySection({ keychain: missing, needsKey: true, place: null, fileConfirmed: true });
    expect(after).toMatchObject({ warning: null, offerFile: false, pasteTo: "file", explain: "profile.key.explainFile" });
  });

  it("says the keychain is locked rather than missing", () => {
    expect(keySection({ keychain: locked, needsKey: true, place: null, fileConfirmed: false }).warning).toBe("locked");
  });

  it("does not warn about the keychain for kinds that need no key", () => {
    const view = keySection({ keychain: missing, needsKey: false, place: null, fileConfirmed: false });
    expect(view).toMatchObject({ warning: null, quietNote: true, offerFile: true, state: "profile.key.noneOptional" });
  });

  it("a key already in the file is labelled as such, replaceable there and removable", () => {
    const view = keySection({ keychain: missing, needsKey: true, place: "file", fileConfirmed: false });
    expect(view).toMatchObject({ state: "profile.key.inFile", warning: null, pasteTo: "file", canRemove: true });
    // Once the keychain works again, a new paste goes there (and the shell drops the file's copy).
    expect(keySection({ keychain: available, needsKey: true, place: "file", fileConfirmed: false }).pasteTo).toBe("keychain");
  });

  it("a session key is shown, still explained, and cannot be removed from here", () => {
    const view = keySection({ keychain: missing, needsKey: true, place: "session", fileConfirmed: false });
    expect(view).toMatchObject({ state: "profile.key.session", warning: "unavailable", canRemove: false, present: true });
  });
});

describe("keyPlaceWord", () => {
  it("names each place for the profile list", () => {
    expect([null, "keychain", "file", "session"].map((p) => keyPlaceWord(p as never))).toEqual([
      "settings.profile.noKey",
      "settings.profile.keyInKeychain",
      "settings.profile.keyInFile",
      "settings.profile.keyFromSession",
    ]);
  });
});
