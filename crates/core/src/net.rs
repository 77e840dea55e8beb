//! How requests reach the network: the proxy setting and the HTTP clients built
//! from it. Every request that leaves this computer — page fetches and every
//! provider and web engine — gets its client from `client_builder` (or the
//! `ClientCache` over it), so one setting covers them all; only the local-server
//! probe (`translate::discover`) builds its own, proxy-free client, since its
//! requests must never leave the machine.
//!
//! - `Proxy::System` (the default): what the operating system says. reqwest
//!   reads the Windows and macOS proxy settings and, everywhere, `HTTPS_PROXY`,
//!   `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` (upper or lower case).
//! - `Proxy::Direct`: no proxy, whatever the system says.
//! - `Proxy::Manual`: an HTTP, HTTPS or SOCKS5 proxy, with a bypass list and
//!   optional authentication. The user name is a setting; the password is a
//!   secret kept in the keychain under `proxy_entry`, never in the settings file.
//!
//! The app-wide proxy is `Settings.proxy`; a profile may override it
//! (`Profile.proxy`), and `Settings::proxy_for` gives the one a profile uses.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::secret::Secret;

/// The proxy requests go through.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "mode", rename_all = "lowercase")]
pub enum Proxy {
    /// The operating system's proxy settings and the usual environment variables.
    #[default]
    System,
    /// No proxy at all.
    Direct,
    /// This proxy.
    Manual(ManualProxy),
}

/// A proxy the user typed in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, rename_all = "camelCase")]
pub struct ManualProxy {
    /// `http://host:port`, `https://host:port`, `socks5://host:port` (names
    /// resolved here) or `socks5h://host:port` (names resolved by the proxy). A
    /// bare `host:port` means `http://`. Never with a user name or password in
    /// it: those are `username` and the keychain.
    pub url: String,
    /// Hosts reached directly, comma-separated: names (`example.com` also
    /// covers its subdomains, `.example.com` only them), IP addresses and
    /// networks (`10.0.0.0/8`), or `*` for everything.
    pub bypass: String,
    /// For a proxy that asks who is there; the password is in the keychain.
    pub username: Option<String>,
}

/// What a new manual proxy bypasses: this computer (local servers such as
/// Ollama should not go through a company proxy). Visible and editable.
pub const DEFAULT_BYPASS: &str = "localhost, 127.0.0.1, ::1";

impl Default for ManualProxy {
    fn default() -> ManualProxy {
        ManualProxy { url: String::new(), bypass: DEFAULT_BYPASS.to_owned(), username: None }
    }
}

/// The schemes a manual proxy may use.
pub const PROXY_SCHEMES: &[&str] = &["http", "https", "socks5", "socks5h"];

impl ManualProxy {
    /// The proxy's address as typed, with `http://` added to a bare `host:port`
    /// and without a trailing slash.
    pub fn normalized_url(&self) -> String {
        let url = self.url.trim().trim_end_matches('/');
        if url.contains("://") {
            url.to_owned()
        } else {
            format!("http://{url}")
        }
    }

    /// The proxy's `host:port`, for messages.
    pub fn host(&self) -> String {
        match url::Url::parse(&self.normalized_url()) {
            Ok(url) => match (url.host_str(), url.port_or_known_default()) {
                (Some(host), Some(port)) => format!("{host}:{port}"),
                (Some(host), None) => host.to_owned(),
                _ => self.url.trim().to_owned(),
            },
            Err(_) => self.url.trim().to_owned(),
        }
    }

    /// The bypass list as reqwest reads it: comma-separated, no blanks.
    pub fn bypass_list(&self) -> String {
        self.bypass
            .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Checks the address: a scheme from `PROXY_SCHEMES`, a host and a port, no
    /// credentials, path or query.
    pub fn validate(&self) -> Result<(), String> {
        let typed = self.url.trim();
        if typed.is_empty() {
            return Err("the proxy address is empty (for example http://proxy.example.com:8080)".into());
        }
        // A scheme alone ("http://") would lose its slashes in `normalized_url`
        // and read as a host called "http".
        if typed.contains("://") && !typed.trim_end_matches('/').contains("://") {
            return Err(format!("the proxy address {typed:?} has no host"));
        }
        let url = url::Url::parse(&self.normalized_url())
            .map_err(|e| format!("the proxy address {typed:?} is not valid: {e}"))?;
        if !PROXY_SCHEMES.contains(&url.scheme()) {
            return Err(format!(
                "the proxy address must start with {} (not {}://)",
                PROXY_SCHEMES.iter().map(|s| format!("{s}://")).collect::<Vec<_>>().join(", "),
                url.scheme()
            ));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(format!("the proxy address {typed:?} has no host"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(
                "put the proxy's user name in its own field and the password in the keychain, not in the address"
                    .into(),
            );
        }
        if (url.path() != "/" && !url.path().is_empty()) || url.query().is_some() || url.fragment().is_some() {
            return Err(format!("the proxy address {typed:?} must be only scheme, host and port"));
        }
        if url.port_or_known_default().is_none() {
            return Err(format!("the proxy address {typed:?} needs a port (for example :1080)"));
        }
        if let Some(name) = &self.username {
            if name.chars().any(char::is_control) || name.contains(':') {
                return Err("the proxy user name must not contain ':' or control characters".into());
            }
        }
        Ok(())
    }
}

impl Proxy {
    /// Checks a manual proxy; the others are always valid.
    pub fn validate(&self) -> Result<(), String> {
        match self {
            Proxy::Manual(manual) => manual.validate(),
            Proxy::System | Proxy::Direct => Ok(()),
        }
    }

    /// Trims what the user typed, drops a blank user name, and writes the
    /// bypass list in one form.
    pub fn normalized(self) -> Proxy {
        match self {
            Proxy::Manual(manual) => Proxy::Manual(ManualProxy {
                url: manual.url.trim().trim_end_matches('/').to_owned(),
                bypass: manual.bypass_list().replace(',', ", "),
                username: manual.username.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty()),
            }),
            other => other,
        }
    }

    /// For messages: "the proxy at host:port", or nothing for the others.
    pub fn describe(&self) -> Option<String> {
        match self {
            Proxy::Manual(manual) => Some(format!("the proxy at {}", manual.host())),
            Proxy::System | Proxy::Direct => None,
        }
    }
}

/// A proxy as given on a command line (`--proxy`): `system`, `direct` (or
/// `none`), or an address, which may carry `user:password@` as curl's `-x`
/// does (it goes to the proxy only, never into a file). The bypass list is
/// `bypass` (the caller passes `NO_PROXY`).
pub fn parse_command_line(value: &str, bypass: &str) -> Result<(Proxy, Option<Secret>), String> {
    let value = value.trim();
    match value.to_ascii_lowercase().as_str() {
        "system" => return Ok((Proxy::System, None)),
        "direct" | "none" => return Ok((Proxy::Direct, None)),
        _ => {}
    }
    let typed = if value.contains("://") { value.to_owned() } else { format!("http://{value}") };
    let mut url = url::Url::parse(&typed).map_err(|e| format!("the proxy address {value:?} is not valid: {e}"))?;
    let decode = |text: &str| percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned();
    let username = Some(decode(url.username())).filter(|u| !u.is_empty());
    let password = url.password().map(decode).map(Secret::new);
    let _ = url.set_username("");
    let _ = url.set_password(None);
    let manual =
        ManualProxy { url: url.as_str().trim_end_matches('/').to_owned(), bypass: bypass.to_owned(), username };
    manual.validate()?;
    Ok((Proxy::Manual(manual), password))
}

/// The keychain entry of a proxy's password: the app-wide proxy's (`None`) or
/// a profile's own. Profile names cannot start with this prefix
/// (`settings::Profile::validate`), so the entries never collide with keys.
pub fn proxy_entry(profile: Option<&str>) -> String {
    match profile {
        None => format!("{PROXY_ENTRY_PREFIX}*"),
        Some(name) => format!("{PROXY_ENTRY_PREFIX}{}", name.trim()),
    }
}

/// See `proxy_entry`.
pub const PROXY_ENTRY_PREFIX: &str = "duizhao-proxy:";

/// Why a client could not be made from a proxy setting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ProxyError(pub String);

/// A client builder that goes through `proxy` (authenticating with `username`
/// and `password` where set). Callers add their own timeouts and limits.
pub fn client_builder(proxy: &Proxy, password: Option<&Secret>) -> Result<reqwest::ClientBuilder, ProxyError> {
    let builder = reqwest::Client::builder();
    Ok(match proxy {
        // reqwest's default: the system settings and the environment.
        Proxy::System => builder,
        Proxy::Direct => builder.no_proxy(),
        Proxy::Manual(manual) => {
            manual.validate().map_err(ProxyError)?;
            let mut target = reqwest::Proxy::all(manual.normalized_url())
                .map_err(|e| ProxyError(format!("the proxy address {:?} is not valid: {e}", manual.url.trim())))?;
            if let Some(user) = &manual.username {
                target = target.basic_auth(user, password.map(Secret::expose).unwrap_or(""));
            }
            target = target.no_proxy(reqwest::NoProxy::from_string(&manual.bypass_list()));
            builder.proxy(target)
        }
    })
}

/// One client per proxy setting in use, so connections are reused across
/// jobs and a changed setting takes effect on the next request, without a
/// restart. Clients carry no timeouts: requests set their own.
#[derive(Default)]
pub struct ClientCache {
    clients: Mutex<HashMap<(Proxy, u64), reqwest::Client>>,
}

impl ClientCache {
    pub fn new() -> ClientCache {
        ClientCache::default()
    }

    /// The client for `proxy` with this password (a changed password is a new
    /// client; the map holds a hash of it, not the password).
    pub fn get(&self, proxy: &Proxy, password: Option<&Secret>) -> Result<reqwest::Client, ProxyError> {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        password.map(Secret::expose).hash(&mut hasher);
        let key = (proxy.clone(), hasher.finish());
        let mut clients = self.clients.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(client) = clients.get(&key) {
            return Ok(client.clone());
        }
        let client = client_builder(proxy, password)?
            .build()
            .map_err(|e| ProxyError(format!("cannot start the HTTP client: {e}")))?;
        // A handful of settings at most; an edited proxy leaves its old client
        // behind, so keep the map from growing without end.
        if clients.len() >= 16 {
            clients.clear();
        }
        clients.insert(key, client.clone());
        Ok(client)
    }
}

impl std::fmt::Debug for ClientCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCache").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manual(url: &str) -> ManualProxy {
        ManualProxy { url: url.into(), ..ManualProxy::default() }
    }

    #[test]
    fn proxy_addresses_are_checked_with_a_reason() {
        for good in
            ["http://proxy.example.com:8080", "proxy.example.com:3128", "socks5h://127.0.0.1:1080", "https://p:443/"]
        {
            assert_eq!(manual(good).validate(), Ok(()), "{good}");
        }
        let cases = [
            ("", "empty"),
            ("ftp://p:21", "must start with"),
            ("http://user:pw@p:8080", "not in the address"),
            ("http://p:8080/path", "only scheme, host and port"),
            ("http://p:8080?x=1", "only scheme, host and port"),
            ("socks5://p", "needs a port"),
            ("http://:8080", "not valid"),
            ("http://", "has no host"),
            ("socks5:///", "has no host"),
        ];
        for (bad, reason) in cases {
            let error = manual(bad).validate().unwrap_err();
            assert!(error.contains(reason), "{bad:?}: {error}");
        }
        let with_colon = ManualProxy { username: Some("a:b".into()), ..manual("http://p:1") };
        assert!(with_colon.validate().unwrap_err().contains("user name"));
    }

    #[test]
    fn a_bare_host_and_port_is_http_and_the_bypass_list_has_one_form() {
        let proxy = ManualProxy {
            url: " proxy.lan:3128/ ".into(),
            bypass: "localhost;  .corp.example\n10.0.0.0/8,,".into(),
            username: Some("  ".into()),
        };
        assert_eq!(proxy.normalized_url(), "http://proxy.lan:3128");
        assert_eq!(proxy.host(), "proxy.lan:3128");
        assert_eq!(proxy.bypass_list(), "localhost,.corp.example,10.0.0.0/8");
        let Proxy::Manual(normal) = Proxy::Manual(proxy).normalized() else { unreachable!() };
        assert_eq!(normal.url, "proxy.lan:3128");
        assert_eq!(normal.bypass, "localhost, .corp.example, 10.0.0.0/8");
        assert_eq!(normal.username, None);
    }

    #[test]
    fn the_settings_file_form_is_tagged_by_mode_and_a_missing_bypass_keeps_this_computer_direct() {
        assert_eq!(serde_json::to_string(&Proxy::System).unwrap(), r#"{"mode":"system"}"#);
        assert_eq!(serde_json::to_string(&Proxy::Direct).unwrap(), r#"{"mode":"direct"}"#);
        let read: Proxy = serde_json::from_str(r#"{"mode":"manual","url":"socks5://127.0.0.1:1080"}"#).unwrap();
        assert_eq!(
            read,
            Proxy::Manual(ManualProxy { url: "socks5://127.0.0.1:1080".into(), ..ManualProxy::default() })
        );
        let Proxy::Manual(m) = read else { unreachable!() };
        assert_eq!(m.bypass, DEFAULT_BYPASS);
        assert!(serde_json::from_str::<Proxy>(r#"{"mode":"pac"}"#).is_err());
    }

    #[test]
    fn clients_are_shared_per_setting_and_a_bad_manual_proxy_is_an_error_not_a_direct_client() {
        let cache = ClientCache::new();
        let proxy = Proxy::Manual(manual("http://127.0.0.1:3128"));
        assert!(cache.get(&proxy, None).is_ok());
        assert!(cache.get(&Proxy::Direct, None).is_ok());
        assert!(cache.get(&proxy, Some(&Secret::new("pw"))).is_ok());
        assert_eq!(cache.clients.lock().unwrap().len(), 3);
        assert!(cache.get(&proxy, None).is_ok());
        assert_eq!(cache.clients.lock().unwrap().len(), 3, "the same setting reuses its client");
        let error = cache.get(&Proxy::Manual(manual("gopher://x:70")), None).unwrap_err();
        assert!(error.0.contains("must start with"), "{error}");
    }

    #[test]
    fn password_entries_are_per_scope_and_marked() {
        assert_eq!(proxy_entry(None), "duizhao-proxy:*");
        assert_eq!(proxy_entry(Some(" DeepL ")), "duizhao-proxy:DeepL");
        assert!(proxy_entry(Some("x")).starts_with(PROXY_ENTRY_PREFIX));
    }

    #[test]
    fn a_command_line_proxy_may_carry_its_credentials_which_leave_the_address() {
        assert_eq!(parse_command_line("direct", "").unwrap().0, Proxy::Direct);
        assert_eq!(parse_command_line(" System ", "").unwrap().0, Proxy::System);
        let (proxy, password) = parse_command_line("socks5h://al%40ice:p%3Ass@127.0.0.1:1080", "example.org").unwrap();
        assert_eq!(
            proxy,
            Proxy::Manual(ManualProxy {
                url: "socks5h://127.0.0.1:1080".into(),
                bypass: "example.org".into(),
                username: Some("al@ice".into()),
            })
        );
        assert_eq!(password.unwrap().expose(), "p:ss");
        let (proxy, password) = parse_command_line("127.0.0.1:3128", "").unwrap();
        let Proxy::Manual(m) = proxy else { unreachable!() };
        assert_eq!((m.url.as_str(), password), ("http://127.0.0.1:3128", None));
        assert!(parse_command_line("ftp://x:1", "").unwrap_err().contains("must start with"));
    }

    #[test]
    fn describe_names_only_a_manual_proxy() {
        assert_eq!(Proxy::System.describe(), None);
        assert_eq!(
            Proxy::Manual(manual("socks5h://10.1.2.3:1080")).describe().as_deref(),
            Some("the proxy at 10.1.2.3:1080")
        );
    }
}
