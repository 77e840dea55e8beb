// Generated from the Rust types by src-tauri/src/bindings.rs (`cargo nextest run`): do not edit.
// The provider registry's rows (crates/core/src/translate/provider.rs).
// scripts/test.sh fails when this file differs from what the Rust code generates.
import type { ProviderInfo, ProviderKind } from "./types";

/** Every provider, in the order Settings lists them (`ProviderKind::ALL`). */
export const PROVIDER_KINDS: readonly ProviderKind[] = ["web", "edge", "google-web", "transmart", "openai", "deepl", "google", "azure", "libretranslate"];

/** Each provider's row (`ProviderKind::meta`). */
export const PROVIDERS: Readonly<Record<ProviderKind, ProviderInfo>> = {
  "web": {
    "kind": "web",
    "label": "Free web engines (Microsoft, Google, Tencent)",
    "shortName": "Web engines",
    "service": null,
    "needsKey": false,
    "web": true,
    "defaultBaseUrl": "",
    "limits": {
      "maxTexts": 20,
      "maxChars": 10000,
      "concurrency": 3,
      "requestsPerSecond": 2.5
    }
  },
  "edge": {
    "kind": "edge",
    "label": "Microsoft Edge translator (web, no key)",
    "shortName": "Microsoft Edge",
    "service": "Microsoft Translator",
    "needsKey": false,
    "web": true,
    "defaultBaseUrl": "https://edge.microsoft.com",
    "limits": {
      "maxTexts": 20,
      "maxChars": 10000,
      "concurrency": 3,
      "requestsPerSecond": 2.5
    }
  },
  "google-web": {
    "kind": "google-web",
    "label": "Google page translator (web, no key)",
    "shortName": "Google (web)",
    "service": "Google Translate",
    "needsKey": false,
    "web": true,
    "defaultBaseUrl": "https://translate-pa.googleapis.com",
    "limits": {
      "maxTexts": 20,
      "maxChars": 10000,
      "concurrency": 3,
      "requestsPerSecond": 2.5
    }
  },
  "transmart": {
    "kind": "transmart",
    "label": "Tencent TranSmart (web, no key)",
    "shortName": "TranSmart",
    "service": "Tencent TranSmart",
    "needsKey": false,
    "web": true,
    "defaultBaseUrl": "https://transmart.qq.com",
    "limits": {
      "maxTexts": 20,
      "maxChars": 10000,
      "concurrency": 2,
      "requestsPerSecond": 2.0
    }
  },
  "openai": {
    "kind": "openai",
    "label": "OpenAI-compatible chat (OpenAI, DeepSeek, Qwen, Ollama, …)",
    "shortName": "OpenAI-compatible",
    "service": null,
    "needsKey": false,
    "web": false,
    "defaultBaseUrl": "https://api.openai.com/v1",
    "limits": {
      "maxTexts": 20,
      "maxChars": 6000,
      "concurrency": 2,
      "requestsPerSecond": 1.0
    }
  },
  "deepl": {
    "kind": "deepl",
    "label": "DeepL",
    "shortName": "DeepL",
    "service": "DeepL",
    "needsKey": true,
    "web": false,
    "defaultBaseUrl": "https://api.deepl.com",
    "limits": {
      "maxTexts": 50,
      "maxChars": 30000,
      "concurrency": 2,
      "requestsPerSecond": 2.0
    }
  },
  "google": {
    "kind": "google",
    "label": "Google Cloud Translation",
    "shortName": "Google Cloud",
    "service": "Google Translate",
    "needsKey": true,
    "web": false,
    "defaultBaseUrl": "https://translation.googleapis.com",
    "limits": {
      "maxTexts": 128,
      "maxChars": 5000,
      "concurrency": 4,
      "requestsPerSecond": 5.0
    }
  },
  "azure": {
    "kind": "azure",
    "label": "Azure AI Translator",
    "shortName": "Azure Translator",
    "service": "Microsoft Translator",
    "needsKey": true,
    "web": false,
    "defaultBaseUrl": "https://api.cognitive.microsofttranslator.com",
    "limits": {
      "maxTexts": 100,
      "maxChars": 10000,
      "concurrency": 2,
      "requestsPerSecond": 1.0
    }
  },
  "libretranslate": {
    "kind": "libretranslate",
    "label": "LibreTranslate",
    "shortName": "LibreTranslate",
    "service": "LibreTranslate",
    "needsKey": false,
    "web": false,
    "defaultBaseUrl": "https://libretranslate.com",
    "limits": {
      "maxTexts": 20,
      "maxChars": 5000,
      "concurrency": 1,
      "requestsPerSecond": 1.0
    }
  },
};
