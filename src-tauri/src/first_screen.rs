//! The first screen, kept as static HTML and shown before the page's script runs.
//!
//! A launch without a file shows the sample, which looks the same from one launch to the
//! next as long as the interface, the settings and the system's language stay the same.
//! When the live interface has painted it, the page sends a copy of that screen (the DOM of
//! `#app` with only the rows the window shows, and `<html>`'s attributes); it is stored in
//! the data directory under a key of everything it depends on that the shell can know
//! before the page exists (`key`). On the next launch with the same key, `index.html` is
//! served with the copy in it, in `#first-screen`, and the page's script held back until the
//! copy has painted (`first-screen.js` starts it); the page removes the copy in the frame its live interface has
//! painted the same screen underneath (`ui/src/lib/app/firstScreen.ts`). If what the live
//! page drew differs from the copy (something the key does not cover changed), the page
//! sends the new screen and the next launch shows that.
//!
//! A new user has no stored copy: the interface's build draws the sample's first screen for
//! each interface language (ui/scripts/prerender-first-screen.mjs runs the built page in
//! jsdom against a new install's answers), and a launch with no settings file and no copy
//! under its key is served the one of the system's language (`system_language`, Linux only: there
//! the page's language comes from the environment this reads). The page checks it against
//! what it drew as it checks a stored one, allowing for the rows below the window a
//! built-in screen holds (it was drawn without a layout).
//!
//! The copy is the page's own serialization of text the app rendered; it is still checked
//! before it is served (`is_inert`), and the page's CSP forbids inline script regardless.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use duizhao_core::settings::{Settings, SETTINGS_FILE_NAME};
use serde::{Deserialize, Serialize};
use tauri::utils::assets::{AssetKey, AssetsIter, CspHash};
use tauri::{Assets, Runtime, State};

use crate::error::Result;
use crate::state::AppState;

/// The stored copy's file in the data directory.
const FILE_NAME: &str = "first-screen.json";
/// A copy larger than this is not kept (the sample's first screen is ~33 KB).
const MAX_BYTES: usize = 512 * 1024;
/// Where the copy goes in `index.html`: just before the element the live page mounts into.
const MOUNT_POINT: &str = "<div id=\"app\"></div>";
/// Starts the page's script once the copy has painted, and reports it (`first_screen_painted`).
const PAINT_SCRIPT: &str = "<script src=\"/first-screen.js\" defer></script>";

/// The hash of the served `index.html` as built (it names the content-hashed script and
/// styles, so any change to the interface changes it), set when the assets are wrapped.
static INDEX_HASH: OnceLock<u64> = OnceLock::new();
/// Whether copies are served and stored in this run (`wrap`: a launch that shows the sample).
static ENABLED: OnceLock<bool> = OnceLock::new();

fn enabled() -> bool {
    ENABLED.get().copied().unwrap_or(false)
}

/// The stored copy of the first screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FirstScreen {
    /// `<html>`'s attributes when it was painted (lang, data-desktop, data-theme).
    pub html_attributes: Vec<(String, String)>,
    /// The inner HTML of `#app`: only the rows the window shows, no ids or test ids.
    pub body: String,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    key: String,
    #[serde(flatten)]
    screen: FirstScreen,
}

/// Everything the sample's first screen depends on that is known before the page runs: the
/// app's version, the interface as built, the settings file (reader preferences,
/// translation profiles and language) and the locale the page's "system" language comes
/// from. Keys in the keychain are not read (too slow for this path): the page's check after
/// painting covers the rest.
fn key(index_hash: u64, settings: Option<&[u8]>, locale: &[Option<String>]) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    index_hash.hash(&mut hasher);
    settings.hash(&mut hasher);
    locale.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// The locale variables the page's language can come from: WebKitGTK's navigator.language is
/// the locale of LC_CTYPE (LC_ALL, else LC_CTYPE, else LANG: `language_variables`); GLib's
/// messages follow LANGUAGE and LC_MESSAGES too, so the key covers those as well.
const LOCALE_VARIABLES: [&str; 5] = ["LANGUAGE", "LC_ALL", "LC_MESSAGES", "LC_CTYPE", "LANG"];

/// What WebKitGTK makes navigator.language of, in the order the C library reads them for
/// LC_CTYPE (WTF's LanguageUnix.cpp: `setlocale(LC_CTYPE, nullptr)`, "C" and "POSIX" being
/// "en-US"). Measured here: LANGUAGE and LC_MESSAGES set to zh_TW change nothing on the page;
/// LC_CTYPE or LANG set to zh_TW.UTF-8 make it Traditional Chinese.
fn language_variables() -> [Option<String>; 3] {
    ["LC_ALL", "LC_CTYPE", "LANG"].map(|name| std::env::var(name).ok())
}

/// What the first screen of a launch can be, as things are now (reads the settings file).
#[derive(Debug, PartialEq)]
enum Current {
    /// Not kept at all: with "translate on opening" on, the sample's first screen is caught
    /// in whatever state its translation has reached, different from one launch to the next.
    NotKept,
    /// The stored copy's key; `new_install` when there is no settings file (every
    /// preference at its default, as the build's screens were drawn with).
    Key { key: String, new_install: bool },
}

fn current(config_dir: &Path) -> Current {
    let settings = std::fs::read(config_dir.join(SETTINGS_FILE_NAME)).ok();
    if settings.as_deref().is_some_and(translates_on_opening) {
        return Current::NotKept;
    }
    let locale: Vec<Option<String>> = LOCALE_VARIABLES.iter().map(|name| std::env::var(name).ok()).collect();
    Current::Key {
        key: key(INDEX_HASH.get().copied().unwrap_or(0), settings.as_deref(), &locale),
        new_install: settings.is_none(),
    }
}

/// The interface language the page's "system" setting picks for these variables
/// (`language_variables`: the first one set decides), as `resolveSystemLocale`
/// (ui/src/lib/i18n/i18n.ts) picks it from navigator.language: Chinese of Taiwan, Hong
/// Kong or Macau, in the Traditional script, or Cantonese means Traditional, other Chinese
/// Simplified, anything else English. A locale the system does not have installed leaves
/// WebKit in "C" (English) where this reads its name: the page's check then shows the
/// difference once and stores its own screen.
fn system_language(variables: &[Option<String>]) -> &'static str {
    let Some(value) = variables.iter().flatten().find(|value| !value.is_empty()) else { return "en" };
    // "zh_TW.UTF-8@modifier" → "zh-tw"
    let tag = value.split(['.', '@']).next().unwrap_or_default().replace('_', "-").to_ascii_lowercase();
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default();
    let subtags: Vec<&str> = parts.collect();
    if !matches!(language, "zh" | "cmn" | "yue") {
        return "en";
    }
    if subtags.contains(&"hant") {
        return "zh-Hant";
    }
    if subtags.contains(&"hans") {
        return "zh-Hans";
    }
    if subtags.iter().any(|s| matches!(*s, "tw" | "hk" | "mo")) || language == "yue" {
        return "zh-Hant";
    }
    "zh-Hans"
}

/// Whether `settings` (settings.json's bytes) turn "translate on opening" on, read as the app
/// reads them (a file it cannot read gives no answer here either: off).
fn translates_on_opening(settings: &[u8]) -> bool {
    Settings::parse(settings, SETTINGS_FILE_NAME).is_ok_and(|settings| settings.reader.auto_translate)
}

/// True when `html` is markup the app itself would render: no element or attribute that
/// could run, load or navigate to anything. Reads it as the page serialized it (text with
/// `<` escaped, attribute values in double quotes); anything it cannot read is refused.
fn is_inert(html: &str) -> bool {
    const ELEMENTS: [&str; 20] = [
        "script",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "link",
        "meta",
        "base",
        "form",
        "style",
        "img",
        "image",
        "video",
        "audio",
        "source",
        "animate",
        "set",
        "animatetransform",
        "animatemotion",
    ];
    const ATTRIBUTES: [&str; 7] = ["src", "srcset", "action", "formaction", "poster", "data", "xlink:href"];
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            // Where the HTML tokenizer ends a comment: `<!-->` and `<!--->` are whole ones,
            // and `--!>` ends one as `-->` does.
            let end = if let Some(after) = comment.strip_prefix('>') {
                after
            } else if let Some(after) = comment.strip_prefix("->") {
                after
            } else {
                let close = [comment.find("-->").map(|at| at + 3), comment.find("--!>").map(|at| at + 4)];
                let Some(close) = close.into_iter().flatten().min() else { return false };
                &comment[close..]
            };
            rest = end;
            continue;
        }
        let closing = rest.starts_with('/');
        let name_len =
            rest.bytes().skip(usize::from(closing)).take_while(|b| b.is_ascii_alphanumeric() || *b == b'-').count();
        let name = rest[usize::from(closing)..usize::from(closing) + name_len].to_ascii_lowercase();
        if name.is_empty() || ELEMENTS.contains(&name.as_str()) {
            return false;
        }
        rest = &rest[usize::from(closing) + name_len..];
        // Attributes up to the tag's end.
        loop {
            rest = rest.trim_start();
            if let Some(after) = rest.strip_prefix('>').or_else(|| rest.strip_prefix("/>")) {
                rest = after;
                break;
            }
            let attr_len = rest.bytes().take_while(|b| !b" \t\n\r=>/".contains(b)).count();
            if attr_len == 0 {
                return false;
            }
            let attr = rest[..attr_len].to_ascii_lowercase();
            rest = &rest[attr_len..];
            let mut value = "";
            if let Some(after) = rest.strip_prefix("=\"") {
                let Some(close) = after.find('"') else { return false };
                value = &after[..close];
                rest = &after[close + 1..];
            } else if rest.starts_with('=') {
                return false;
            }
            if attr.starts_with("on") || ATTRIBUTES.contains(&attr.as_str()) {
                return false;
            }
            if attr == "href" && !value.starts_with('#') {
                return false;
            }
        }
    }
    true
}

fn is_attribute_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 40
        && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
        && !name.starts_with("on")
}

fn escape_attribute(value: &str) -> String {
    value.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

/// `index` with `screen` in it: `<html>` given the copy's attributes, the copy before the
/// mount point. None when `index` is not the page this expects (then it is served as is).
fn inject(index: &str, screen: &FirstScreen, built_in: bool) -> Option<String> {
    let html_start = index.find("<html")?;
    let html_end = html_start + index[html_start..].find('>')?;
    let mount = index.find(MOUNT_POINT)?;
    if mount < html_end {
        return None;
    }
    let kept: Vec<&(String, String)> =
        screen.html_attributes.iter().filter(|(name, _)| is_attribute_name(name)).collect();
    let attributes: String =
        kept.iter().map(|(name, value)| format!(" {name}=\"{}\"", escape_attribute(value))).collect();
    // The page's script is started by first-screen.js once the copy has been painted; its
    // fetch begins at once, from a modulepreload link. Started from <head>, as built, it holds
    // WebKit's first rendering of the page until the live interface is mounted (measured: the
    // copy painted ~210 ms into the page, just before the live rows; held back, ~110–150 ms,
    // where the floor's static page paints at ~90).
    let script_start = index.find("<script type=\"module\"")?;
    let script_end = script_start + index[script_start..].find("</script>")? + "</script>".len();
    let src_start = script_start + index[script_start..script_end].find(" src=\"")? + " src=\"".len();
    let src = &index[src_start..src_start + index[src_start..].find('"')?];
    if script_start < html_end || script_end > mount || !src.starts_with('/') || src.contains(['"', '<', '>']) {
        return None;
    }
    let mut page = String::with_capacity(index.len() + screen.body.len() + 300);
    page.push_str(&index[..html_start]);
    page.push_str("<html");
    page.push_str(&attributes);
    page.push_str(&index[html_end..script_start]);
    page.push_str(&format!("<link rel=\"modulepreload\" crossorigin href=\"{src}\">"));
    page.push_str(&index[script_end..mount]);
    // The attributes as the page will compare them with its own (firstScreen.ts).
    let listed = serde_json::to_string(&kept).unwrap_or_default();
    page.push_str("<div id=\"first-screen\" inert aria-hidden=\"true\"");
    if built_in {
        page.push_str(" data-built-in");
    }
    page.push_str(" data-html-attributes=\"");
    page.push_str(&escape_attribute(&listed));
    page.push_str("\" data-script=\"");
    page.push_str(src);
    page.push_str("\">");
    page.push_str(&screen.body);
    page.push_str("</div>");
    page.push_str(PAINT_SCRIPT);
    page.push_str(&index[mount..]);
    Some(page)
}

/// The stored copy if it was stored under `key` and is still safe to serve.
fn load(data_dir: &Path, key: &str) -> Option<FirstScreen> {
    let bytes = std::fs::read(data_dir.join(FILE_NAME)).ok()?;
    if bytes.len() > MAX_BYTES {
        return None;
    }
    let stored: Stored = serde_json::from_slice(&bytes).ok()?;
    (stored.key == key && is_inert(&stored.screen.body)).then_some(stored.screen)
}

/// A screen the build drew (ui/dist/first-screen/<language>.json, these its bytes) if it is
/// safe to serve.
fn parse_built_in(bytes: &[u8]) -> Option<FirstScreen> {
    if bytes.len() > MAX_BYTES {
        return None;
    }
    let screen: FirstScreen = serde_json::from_slice(bytes).ok()?;
    is_inert(&screen.body).then_some(screen)
}

/// Stores `screen` under `key`, replacing the file whole (a crash leaves the old one or
/// the new one, never half of either).
fn save(data_dir: &Path, key: &str, screen: FirstScreen) -> std::io::Result<()> {
    let bytes = serde_json::to_vec(&Stored { key: key.to_owned(), screen })?;
    std::fs::create_dir_all(data_dir)?;
    duizhao_core::fs::write_atomically(&data_dir.join(FILE_NAME), &bytes)
}

/// The app's assets, with `index.html` served with the stored first screen in it when the
/// launch shows the sample and the copy's key is current.
struct WithFirstScreen<R: Runtime> {
    inner: Box<dyn Assets<R>>,
    data_dir: PathBuf,
    config_dir: PathBuf,
}

impl<R: Runtime> Assets<R> for WithFirstScreen<R> {
    fn setup(&self, app: &tauri::App<R>) {
        self.inner.setup(app);
    }

    fn get(&self, key: &AssetKey) -> Option<Cow<'_, [u8]>> {
        let asset = self.inner.get(key)?;
        if !enabled() || key.as_ref() != "/index.html" {
            return Some(asset);
        }
        let Current::Key { key, new_install } = current(&self.config_dir) else {
            return Some(asset);
        };
        let (screen, built_in) = match load(&self.data_dir, &key) {
            Some(screen) => (screen, false),
            None if new_install && cfg!(target_os = "linux") => {
                let path = format!("first-screen/{}.json", system_language(&language_variables()));
                match self.inner.get(&AssetKey::from(path.as_str())).and_then(|bytes| parse_built_in(&bytes)) {
                    Some(screen) => (screen, true),
                    None => {
                        duizhao_core::trace::trace("first screen: none built in");
                        return Some(asset);
                    }
                }
            }
            None => {
                duizhao_core::trace::trace("first screen: none stored for this key");
                return Some(asset);
            }
        };
        let page = std::str::from_utf8(&asset).ok().and_then(|index| inject(index, &screen, built_in));
        duizhao_core::trace::trace(match (&page, built_in) {
            (Some(_), false) => "first screen: served",
            (Some(_), true) => "first screen: built in, served",
            (None, _) => "first screen: not injected",
        });
        Some(page.map_or(asset, |page| Cow::Owned(page.into_bytes())))
    }

    fn iter(&self) -> Box<AssetsIter<'_>> {
        self.inner.iter()
    }

    fn csp_hashes(&self, html_path: &AssetKey) -> Box<dyn Iterator<Item = CspHash<'_>> + '_> {
        self.inner.csp_hashes(html_path)
    }
}

/// Serves the stored first screen in `context`'s `index.html` for launches that show the
/// sample (no file given). Off with `DUIZHAO_FIRST_SCREEN=0`.
pub fn wrap<R: Runtime>(context: &mut tauri::Context<R>, shows_sample: bool) {
    let index = context.assets().get(&AssetKey::from("index.html"));
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    index.as_deref().hash(&mut hasher);
    let _ = INDEX_HASH.set(hasher.finish());
    // Without first-screen.js (which starts the page's script) the copy is never served.
    let has_script = context.assets().get(&AssetKey::from("first-screen.js")).is_some();
    let enabled = shows_sample && has_script && std::env::var_os("DUIZHAO_FIRST_SCREEN").is_none_or(|v| v != "0");
    let _ = ENABLED.set(enabled);
    let placeholder: Box<dyn Assets<R>> = Box::new(Empty);
    let inner = context.set_assets(placeholder);
    context.set_assets(Box::new(WithFirstScreen {
        inner,
        data_dir: duizhao_core::paths::default_data_dir(),
        config_dir: duizhao_core::paths::default_config_dir(),
    }));
}

/// Stands in for a moment while the real assets are moved into the wrapper.
struct Empty;

impl<R: Runtime> Assets<R> for Empty {
    fn get(&self, _: &AssetKey) -> Option<Cow<'_, [u8]>> {
        None
    }
    fn iter(&self) -> Box<AssetsIter<'_>> {
        Box::new(std::iter::empty())
    }
    fn csp_hashes(&self, _: &AssetKey) -> Box<dyn Iterator<Item = CspHash<'_>> + '_> {
        Box::new(std::iter::empty())
    }
}

/// The page's copy of its first screen, sent after its live interface painted it when no
/// copy was shown or the one shown differed. Kept only for a launch that shows the sample
/// and while the sample is the open document; anything else is ignored (Ok).
#[tauri::command]
pub async fn store_first_screen(state: State<'_, AppState>, screen: FirstScreen) -> Result<()> {
    let sample_open = state.current_document().is_ok_and(|d| d.source == "sample");
    if !enabled() || !sample_open || screen.body.len() > MAX_BYTES || !is_inert(&screen.body) {
        return Ok(());
    }
    let Current::Key { key, .. } = current(&duizhao_core::paths::default_config_dir()) else { return Ok(()) };
    if let Err(err) = save(&duizhao_core::paths::default_data_dir(), &key, screen) {
        log::warn!("the first screen could not be stored: {err}");
    }
    Ok(())
}

/// `first-screen.js` calls this when the stored copy has been painted (two frames after
/// it was parsed, as the live page's `mark_first_paint`). Trace only.
#[tauri::command]
pub fn first_screen_painted(state: State<'_, AppState>, page_ms: u64, ran_ms: u64) {
    if duizhao_core::trace::enabled() {
        let ms = state.since_start_ms();
        eprintln!("duizhao: first screen painted {ms} ms after start ({page_ms} ms after the page began loading; its script ran at {ran_ms})");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = "<!doctype html>\n<html lang=\"en\">\n  <head>\n    <title>Duizhao</title>\n    <script type=\"module\" crossorigin src=\"/assets/index-A1.js\"></script>\n    <link rel=\"stylesheet\" crossorigin href=\"/assets/index-B2.css\">\n  </head>\n  <body>\n    <div id=\"app\"></div>\n  </body>\n</html>\n";

    fn screen(body: &str) -> FirstScreen {
        FirstScreen {
            html_attributes: vec![("lang".into(), "zh-Hans".into()), ("data-desktop".into(), "linux".into())],
            body: body.into(),
        }
    }

    #[test]
    fn the_copy_goes_before_the_mount_point_with_the_html_attributes() {
        let page = inject(INDEX, &screen("<main class=\"reader\">讀者 &amp; 读者</main>"), false).unwrap();
        assert!(page.contains("<html lang=\"zh-Hans\" data-desktop=\"linux\">"), "{page}");
        assert!(page.contains(
            "<div id=\"first-screen\" inert aria-hidden=\"true\" data-html-attributes=\"[[&quot;lang&quot;,&quot;zh-Hans&quot;],[&quot;data-desktop&quot;,&quot;linux&quot;]]\" data-script=\"/assets/index-A1.js\"><main class=\"reader\">讀者 &amp; 读者</main></div><script src=\"/first-screen.js\" defer></script><div id=\"app\"></div>"
        ));
        // The page's script leaves <head> (first-screen.js starts it), preloaded there instead.
        assert!(page.contains(
            "<title>Duizhao</title>\n    <link rel=\"modulepreload\" crossorigin href=\"/assets/index-A1.js\">\n    <link rel=\"stylesheet\""
        ), "{page}");
        assert!(!page.contains("<script type=\"module\""));
        assert!(!page.contains("lang=\"en\""));
    }

    #[test]
    fn attribute_values_are_escaped_and_unexpected_names_dropped() {
        let mut copy = screen("<p>x</p>");
        copy.html_attributes.push(("data-theme".into(), "a\" onload=\"x".into()));
        copy.html_attributes.push(("onload".into(), "x".into()));
        copy.html_attributes.push(("data theme".into(), "x".into()));
        let page = inject(INDEX, &copy, false).unwrap();
        assert!(page.contains("data-theme=\"a&quot; onload=&quot;x\">"), "{page}");
        assert!(!page.contains(" onload=\"x\""));
        assert!(!page.contains("data theme"));
    }

    #[test]
    fn an_unexpected_index_is_served_as_it_is() {
        assert_eq!(inject("<html><body><div id=\"root\"></div></body></html>", &screen("<p>x</p>"), false), None);
    }

    #[test]
    fn markup_that_could_run_or_load_anything_is_refused() {
        assert!(is_inert(
            "<div class=\"row\" data-index=\"3\"><p lang=\"zh-Hant\" title=\"臺 > 台\">臺北 onto = x</p></div>"
        ));
        assert!(is_inert(
            "<button type=\"button\" aria-label=\"Copy\" disabled>Copy</button><!----><a href=\"#top\">x</a><br/>"
        ));
        assert!(is_inert(
            "<!----><p>a</p><!-- b -- c --><svg viewBox=\"0 0 16 16\"><rect x=\"5.5\"></rect><path d=\"M1 1\"></path></svg>"
        ));
        for bad in [
            "<p>x</p><script src=\"/x.js\"></script>",
            "<p>x</p><SCRIPT>alert(1)</SCRIPT>",
            "<div onclick=\"alert(1)\">x</div>",
            "<div class=\"a\"\tonmouseover = \"x\">x</div>",
            "<img src=x>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"https://example.com\">x</a>",
            "<div title='x' onclick='y'>x</div>",
            "<div><!-- unclosed",
            "<p><!-- a --!><img src=x> --></p>",
            "<p><!--><img src=x>--></p>",
            "<p><!---><img src=x>--></p>",
            "<svg><a href=\"#x\"><animate attributeName=\"href\" to=\"javascript:alert(1)\"/></a></svg>",
            "<svg><set attributeName=\"href\" to=\"x\"/></svg>",
            "<svg><use href=\"https://example.com/x.svg#a\"/></svg>",
            "<iframe src=\"https://example.com\"></iframe>",
            "<link rel=\"stylesheet\" href=\"x.css\">",
            "<meta http-equiv=\"refresh\" content=\"0;url=x\">",
        ] {
            assert!(!is_inert(bad), "{bad}");
        }
    }

    #[test]
    fn the_key_changes_with_the_interface_the_settings_and_the_locale() {
        let locale = vec![None, None, None, Some("en_US.UTF-8".to_owned())];
        let base = key(1, Some(b"{}"), &locale);
        assert_eq!(base, key(1, Some(b"{}"), &locale));
        assert_ne!(base, key(2, Some(b"{}"), &locale));
        assert_ne!(base, key(1, Some(b"{\"reader\":{}}"), &locale));
        assert_ne!(base, key(1, None, &locale));
        assert_ne!(base, key(1, Some(b"{}"), &[None, None, None, Some("zh_TW.UTF-8".to_owned())]));
    }

    #[test]
    fn with_translate_on_opening_no_first_screen_is_kept() {
        assert!(translates_on_opening(br#"{"version":1,"reader":{"fontSize":19,"autoTranslate":true}}"#));
        assert!(!translates_on_opening(br#"{"version":1,"reader":{"autoTranslate":false}}"#));
        assert!(!translates_on_opening(br#"{"version":1}"#));
        assert!(!translates_on_opening(b"not json"));
        let dir = std::env::temp_dir().join(format!("duizhao-first-screen-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert!(
            matches!(current(&dir), Current::Key { new_install: true, .. }),
            "no settings file: the defaults, a new install's"
        );
        let file = dir.join(SETTINGS_FILE_NAME);
        std::fs::write(&file, br#"{"version":1,"reader":{"autoTranslate":true}}"#).unwrap();
        assert_eq!(current(&dir), Current::NotKept);
        std::fs::write(&file, br#"{"version":1,"reader":{"autoTranslate":false}}"#).unwrap();
        assert!(matches!(current(&dir), Current::Key { new_install: false, .. }));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_copy_is_served_only_under_its_own_key_and_while_inert() {
        let dir = std::env::temp_dir().join(format!("duizhao-first-screen-{}", std::process::id()));
        let copy = screen("<main>讀者</main>");
        assert_eq!(load(&dir, "k1"), None, "nothing stored yet");
        save(&dir, "k1", copy.clone()).unwrap();
        assert_eq!(load(&dir, "k1"), Some(copy.clone()));
        assert_eq!(load(&dir, "k2"), None);
        // Replaced whole; no partial file left behind.
        save(&dir, "k2", screen("<main>读者</main>")).unwrap();
        assert_eq!(load(&dir, "k1"), None);
        assert_eq!(load(&dir, "k2").unwrap().body, "<main>读者</main>");
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, [FILE_NAME], "no partial file left behind");
        // A file altered to carry a script is not served; a broken one neither.
        save(&dir, "k3", screen("<main>x</main><script>alert(1)</script>")).unwrap();
        assert_eq!(load(&dir, "k3"), None);
        std::fs::write(dir.join(FILE_NAME), b"{\"key\":\"k4\",\"body\":").unwrap();
        assert_eq!(load(&dir, "k4"), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_built_in_screen_is_marked_and_checked_as_a_stored_one() {
        let page = inject(INDEX, &screen("<main>讀者</main>"), true).unwrap();
        assert!(
            page.contains("<div id=\"first-screen\" inert aria-hidden=\"true\" data-built-in data-html-attributes=")
        );
        let json = |body: &str| serde_json::to_vec(&screen(body)).unwrap();
        assert_eq!(parse_built_in(&json("<main>讀者</main>")), Some(screen("<main>讀者</main>")));
        assert_eq!(parse_built_in(&json("<main><img src=\"x\"></main>")), None);
        assert_eq!(parse_built_in(b"{\"body\":"), None);
        assert_eq!(parse_built_in(&json(&"x".repeat(MAX_BYTES))), None);
    }

    #[test]
    fn the_built_in_screen_is_the_language_the_page_picks_from_the_locale() {
        let vars = |lc_all: Option<&str>, lc_ctype: Option<&str>, lang: Option<&str>| {
            [lc_all, lc_ctype, lang].map(|v| v.map(str::to_owned))
        };
        let cases = [
            (vars(None, None, None), "en"),
            (vars(None, None, Some("C.UTF-8")), "en"),
            (vars(None, None, Some("POSIX")), "en"),
            (vars(None, None, Some("en_GB.UTF-8")), "en"),
            (vars(None, None, Some("fr_FR.UTF-8")), "en"),
            (vars(None, None, Some("zh_TW.UTF-8")), "zh-Hant"),
            (vars(None, None, Some("zh_HK.UTF-8")), "zh-Hant"),
            (vars(None, None, Some("zh_CN.UTF-8")), "zh-Hans"),
            (vars(None, None, Some("zh_SG")), "zh-Hans"),
            (vars(None, None, Some("yue_HK")), "zh-Hant"),
            // LC_ALL, then LC_CTYPE, then LANG; an empty one is skipped, as the C library does.
            (vars(None, Some("zh_TW.UTF-8"), Some("C.UTF-8")), "zh-Hant"),
            (vars(Some("en_US.UTF-8"), Some("zh_TW.UTF-8"), Some("zh_CN.UTF-8")), "en"),
            (vars(Some(""), Some("zh_CN.UTF-8"), Some("en_US.UTF-8")), "zh-Hans"),
        ];
        for (variables, language) in cases {
            assert_eq!(system_language(&variables), language, "{variables:?}");
        }
    }
}
