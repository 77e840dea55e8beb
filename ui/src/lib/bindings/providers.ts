// Generated from the Rust types by src-tauri/src/bindings.rs (`cargo nextest run`): do not edit.
// The provider registry's rows (crates/core/src/translate/provider.rs).
// scripts/test.sh fails when this file differs from what the Rust code generates.
import type { ProviderInfo, ProviderKind } from "./types";

/** Every provider, in the order Settings lists them (`ProviderKind::ALL`). */
export const PROVIDER_KINDS: readonly ProviderKind[] = ["web", "edge", "google-web", "transmart", "openai", "anthropic", "gemini", "deepl", "google", "azure", "baidu", "youdao", "tencent", "volcengine", "libretranslate", "deeplx", "custom"];

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
    },
    "llm": false,
    "region": null,
    "keyPair": null
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
    },
    "llm": false,
    "region": null,
    "keyPair": null
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
    },
    "llm": false,
    "region": null,
    "keyPair": null
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
    },
    "llm": false,
    "region": null,
    "keyPair": null
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
    },
    "llm": true,
    "region": null,
    "keyPair": null
  },
  "anthropic": {
    "kind": "anthropic",
    "label": "Anthropic Claude",
    "shortName": "Claude",
    "service": "Anthropic Claude",
    "needsKey": true,
    "web": false,
    "defaultBaseUrl": "https://api.anthropic.com/v1",
    "limits": {
      "maxTexts": 20,
      "maxChars": 6000,
      "concurrency": 2,
      "requestsPerSecond": 1.0
    },
    "llm": true,
    "region": null,
    "keyPair": null
  },
  "gemini": {
    "kind": "gemini",
    "label": "Google Gemini",
    "shortName": "Gemini",
    "service": "Google Gemini",
    "needsKey": true,
    "web": false,
    "defaultBaseUrl": "https://generativelanguage.googleapis.com/v1beta",
    "limits": {
      "maxTexts": 20,
      "maxChars": 6000,
      "concurrency": 2,
      "requestsPerSecond": 1.0
    },
    "llm": true,
    "region": null,
    "keyPair": null
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
    },
    "llm": false,
    "region": null,
    "keyPair": null
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
    },
    "llm": false,
    "region": null,
    "keyPair": null
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
    },
    "llm": false,
    "region": "",
    "keyPair": null
  },
  "baidu": {
    "kind": "baidu",
    "label": "Baidu Fanyi (百度翻译)",
    "shortName": "Baidu",
    "service": "Baidu Translate",
    "needsKey": true,
    "web": false,
    "defaultBaseUrl": "https://fanyi-api.baidu.com",
    "limits": {
      "maxTexts": 20,
      "maxChars": 980,
      "concurrency": 1,
      "requestsPerSecond": 1.0
    },
    "llm": false,
    "region": null,
    "keyPair": [
      "APP ID",
      "secret key"
    ]
  },
  "youdao": {
    "kind": "youdao",
    "label": "Youdao (有道智云)",
    "shortName": "Youdao",
    "service": "Youdao Translate",
    "needsKey": true,
    "web": false,
    "defaultBaseUrl": "https://openapi.youdao.com",
    "limits": {
      "maxTexts": 1,
      "maxChars": 5000,
      "concurrency": 1,
      "requestsPerSecond": 1.0
    },
    "llm": false,
    "region": null,
    "keyPair": [
      "app key",
      "app secret"
    ]
  },
  "tencent": {
    "kind": "tencent",
    "label": "Tencent Cloud TMT (腾讯云机器翻译)",
    "shortName": "Tencent TMT",
    "service": "Tencent Machine Translation",
    "needsKey": true,
    "web": false,
    "defaultBaseUrl": "https://tmt.tencentcloudapi.com",
    "limits": {
      "maxTexts": 20,
      "maxChars": 2000,
      "concurrency": 2,
      "requestsPerSecond": 4.0
    },
    "llm": false,
    "region": "ap-beijing",
    "keyPair": [
      "SecretId",
      "SecretKey"
    ]
  },
  "volcengine": {
    "kind": "volcengine",
    "label": "Volcengine translation (火山引擎)",
    "shortName": "Volcengine",
    "service": "Volcengine Translate",
    "needsKey": true,
    "web": false,
    "defaultBaseUrl": "https://translate.volcengineapi.com",
    "limits": {
      "maxTexts": 16,
      "maxChars": 5000,
      "concurrency": 2,
      "requestsPerSecond": 5.0
    },
    "llm": false,
    "region": null,
    "keyPair": [
      "Access Key ID",
      "Secret Access Key"
    ]
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
    },
    "llm": false,
    "region": null,
    "keyPair": null
  },
  "deeplx": {
    "kind": "deeplx",
    "label": "DeepLX (self-hosted DeepL bridge)",
    "shortName": "DeepLX",
    "service": "DeepL",
    "needsKey": false,
    "web": false,
    "defaultBaseUrl": "http://127.0.0.1:1188",
    "limits": {
      "maxTexts": 1,
      "maxChars": 5000,
      "concurrency": 2,
      "requestsPerSecond": 2.0
    },
    "llm": false,
    "region": null,
    "keyPair": null
  },
  "custom": {
    "kind": "custom",
    "label": "Custom HTTP endpoint (template)",
    "shortName": "Custom",
    "service": null,
    "needsKey": false,
    "web": false,
    "defaultBaseUrl": "",
    "limits": {
      "maxTexts": 20,
      "maxChars": 5000,
      "concurrency": 1,
      "requestsPerSecond": 1.0
    },
    "llm": false,
    "region": null,
    "keyPair": null
  },
};
