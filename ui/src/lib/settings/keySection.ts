// What the API-key part of a profile's form shows, as a pure function of the keychain's state,
// the provider kind, where the profile's key is and whether the user agreed to a key file:
//   - with a usable keychain, keys go there (as they always have);
//   - without one (none running, or locked), "Paste key from clipboard" waits until the user has
//     confirmed keeping keys in a file, which is offered instead; the warning that explains this
//     appears only for kinds that need a key, since a local LibreTranslate or OpenAI-compatible
//     server works without one and should not be greeted with a warning;
//   - Remove is there whenever a stored key is (keychain or file); a session key from
//     DUIZHAO_API_KEY cannot be removed from here.
import type { KeychainState, KeyPlace, KeyStore } from "../ipc";

type StateKey = "profile.key.stored" | "profile.key.inFile" | "profile.key.session" | "profile.key.none" | "profile.key.noneOptional";
type ExplainKey = "profile.key.explain" | "profile.key.explainFile";
type PlaceWordKey =
  | "settings.profile.keyInKeychain"
  | "settings.profile.keyInFile"
  | "settings.profile.keyFromSession"
  | "settings.profile.noKey";

export interface KeySectionInput {
  keychain: KeychainState;
  /** Whether the profile's kind needs a key to work at all. */
  needsKey: boolean;
  /** Where the profile's key is now (null: nowhere, or a profile not saved yet). */
  place: KeyPlace | null;
  fileConfirmed: boolean;
}

export interface KeySectionView {
  /** The line next to the "API key" heading. */
  state: StateKey;
  /** Whether the key is somewhere the user may want to notice (stored or session). */
  present: boolean;
  /** The warning explaining there is no usable keychain (null: none shown). */
  warning: "unavailable" | "locked" | null;
  /** For kinds that need no key: the quiet line saying a key could go in a file. */
  quietNote: boolean;
  /** Show "Keep the key in a file…" (which asks for confirmation first). */
  offerFile: boolean;
  /** Where "Paste key from clipboard" stores; null: the button is not offered yet. */
  pasteTo: KeyStore | null;
  /** The explanation under the heading. */
  explain: ExplainKey | null;
  canRemove: boolean;
}

const STATE: Record<KeyPlace, StateKey> = {
  keychain: "profile.key.stored",
  file: "profile.key.inFile",
  session: "profile.key.session",
};

export function keySection({ keychain, needsKey, place, fileConfirmed }: KeySectionInput): KeySectionView {
  const usable = keychain.state === "available";
  // A key already in the file was put there after the confirmation: replacing it stays there.
  const pasteTo: KeyStore | null = usable ? "keychain" : fileConfirmed || place === "file" ? "file" : null;
  // A key already kept in a file has been through the confirmation; its state line says what it is.
  const explaining = !usable && !fileConfirmed && place !== "file" && place !== "keychain";
  return {
    state: place ? STATE[place] : needsKey ? "profile.key.none" : "profile.key.noneOptional",
    present: place !== null,
    warning: explaining && needsKey ? (keychain.state === "locked" ? "locked" : "unavailable") : null,
    quietNote: explaining && !needsKey,
    offerFile: pasteTo === null,
    pasteTo,
    explain: pasteTo === "keychain" ? "profile.key.explain" : pasteTo === "file" ? "profile.key.explainFile" : null,
    canRemove: place === "keychain" || place === "file",
  };
}

/** The short word in the profile list. */
export function keyPlaceWord(place: KeyPlace | null): PlaceWordKey {
  switch (place) {
    case "keychain":
      return "settings.profile.keyInKeychain";
    case "file":
      return "settings.profile.keyInFile";
    case "session":
      return "settings.profile.keyFromSession";
    case null:
      return "settings.profile.noKey";
  }
}
