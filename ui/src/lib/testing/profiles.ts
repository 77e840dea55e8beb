// Provider profiles for tests, as the shell sends them (a DeepL profile with its key in the
// keychain unless overridden). One place, so a new ProfileView field needs one default here.
import type { ProfileView } from "../ipc";

export function testProfile(name: string, overrides: Partial<ProfileView> = {}): ProfileView {
  return {
    name,
    kind: "deepl",
    baseUrl: "",
    model: null,
    temperature: null,
    systemPrompt: null,
    stream: false,
    region: null,
    concurrency: null,
    requestsPerSecond: null,
    timeoutSeconds: null,
    keyPlace: "keychain",
    proxyPassword: false,
    ...overrides,
  };
}
