//! Local translation servers found on this computer: Ollama, LM Studio,
//! LibreTranslate and a llama.cpp/vLLM server, each asked on 127.0.0.1 for
//! what it serves (`find_local_servers`), so Settings and `duizhao servers`
//! can offer each model as a one-click profile
//! (`settings::Settings::adopt_local_server`).
//!
//! The probe must be harmless when nothing is there, which is the usual case:
//! all candidates are asked at once, a connection gets `CONNECT_TIMEOUT` and the
//! whole probe `TOTAL_TIMEOUT`; a refused connection, a timeout, an error
//! status, a redirect, a body over `MAX_BODY_BYTES` or a body that is not the
//! server's real answer shape simply means "not found" — no error, no log. It
//! only ever asks loopback addresses (a candidate elsewhere is refused before
//! any request), never follows a redirect (one could lead off the machine),
//! never goes through a proxy (a system proxy would see the request leave the
//! machine), and never sends a key or any other credential.
//!
//! Callers: the desktop shell (when Settings opens) and the CLI (`duizhao
//! servers`). Both take the candidates from `candidates_from_env`, which reads
//! `DUIZHAO_LOCAL_SERVERS` so tests (and people with servers on other ports)
//! can say where to look; tests call `find_local_servers` with their own list
//! and never depend on the real ports.

use std::time::Duration;

use futures_util::StreamExt;
use serde::{Deserialize, Serialize};

use super::ProviderKind;

/// Where the probe looks instead of the usual ports: a comma-separated list of
/// `KIND=URL` (`ollama=http://127.0.0.1:11500,libretranslate=http://localhost:5001`;
/// kinds as in `ServerKind::name`), or `none` to look nowhere. Unset or empty:
/// the usual ports (`default_candidates`).
pub const LOCAL_SERVERS_ENV: &str = "DUIZHAO_LOCAL_SERVERS";

/// How long one connection may take to open. A loopback connection opens in
/// well under a millisecond or is refused at once; this only bounds a firewall
/// that drops packets.
pub const CONNECT_TIMEOUT: Duration = Duration::from_millis(300);

/// How long the whole probe may take, answers included: Settings shows the
/// list as soon as this is over, whatever did not answer is left out.
pub const TOTAL_TIMEOUT: Duration = Duration::from_millis(1500);

/// A model list larger than this is not a model list (or not one we can show).
pub const MAX_BODY_BYTES: usize = 512 * 1024;

/// Which local server software a candidate is, which decides the question it
/// is asked and the provider kind its profile uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ServerKind {
    /// Ollama: `GET /api/tags` → `models[].name`; chat at `/v1`.
    Ollama,
    /// LM Studio: `GET /v1/models` → `data[].id`.
    LmStudio,
    /// llama.cpp's `llama-server` or vLLM: `GET /v1/models` → `data[].id`.
    LlamaCpp,
    /// LibreTranslate: `GET /languages` → `[{code, name, targets}]`.
    LibreTranslate,
}

impl ServerKind {
    pub const ALL: [ServerKind; 4] =
        [ServerKind::Ollama, ServerKind::LmStudio, ServerKind::LlamaCpp, ServerKind::LibreTranslate];

    /// The name in `DUIZHAO_LOCAL_SERVERS`, the CLI's output and the wire.
    pub fn name(self) -> &'static str {
        match self {
            ServerKind::Ollama => "ollama",
            ServerKind::LmStudio => "lmstudio",
            ServerKind::LlamaCpp => "llamacpp",
            ServerKind::LibreTranslate => "libretranslate",
        }
    }

    pub fn from_name(name: &str) -> Option<ServerKind> {
        let name = name.trim().to_ascii_lowercase();
        ServerKind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// What people call it; also the first part of a profile's name.
    pub fn label(self) -> &'static str {
        match self {
            ServerKind::Ollama => "Ollama",
            ServerKind::LmStudio => "LM Studio",
            ServerKind::LlamaCpp => "llama.cpp",
            ServerKind::LibreTranslate => "LibreTranslate",
        }
    }

    /// The port the software listens on unless told otherwise.
    pub fn default_port(self) -> u16 {
        match self {
            ServerKind::Ollama => 11434,
            ServerKind::LmStudio => 1234,
            ServerKind::LlamaCpp => 8080,
            ServerKind::LibreTranslate => 5000,
        }
    }

    /// The provider kind a profile for this server uses: the LLM servers all
    /// speak OpenAI's chat completions under `/v1`.
    pub fn provider_kind(self) -> ProviderKind {
        match self {
            ServerKind::Ollama | ServerKind::LmStudio | ServerKind::LlamaCpp => ProviderKind::OpenAi,
            ServerKind::LibreTranslate => ProviderKind::LibreTranslate,
        }
    }

    /// The path asked to learn whether the server is there and what it serves.
    fn probe_path(self) -> &'static str {
        match self {
            ServerKind::Ollama => "/api/tags",
            ServerKind::LmStudio | ServerKind::LlamaCpp => "/v1/models",
            ServerKind::LibreTranslate => "/languages",
        }
    }

    /// The base URL a profile uses, from the server's root ("http://127.0.0.1:11434").
    fn profile_base_url(self, root: &str) -> String {
        match self.provider_kind() {
            ProviderKind::OpenAi => format!("{root}/v1"),
            _ => root.to_owned(),
        }
    }
}

/// One place to look: a kind and the server's root URL (scheme, loopback host
/// and port, no path), e.g. "http://127.0.0.1:11434".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub kind: ServerKind,
    pub root: String,
}

impl Candidate {
    /// A candidate at `root`; refused unless it is http(s) on a loopback host
    /// without credentials, path, query or fragment.
    pub fn new(kind: ServerKind, root: &str) -> Result<Candidate, DiscoverError> {
        let invalid = |reason: &str| DiscoverError::InvalidCandidate { entry: root.to_owned(), reason: reason.into() };
        let url = url::Url::parse(root.trim()).map_err(|_| invalid("not a URL"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid("must start with http:// or https://"));
        }
        if !is_loopback_url(url.as_str()) {
            return Err(invalid("only servers on this computer (127.0.0.1, ::1, localhost) are probed"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid("must not contain a user name or password"));
        }
        if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("must be just scheme, host and port, e.g. http://127.0.0.1:11434"));
        }
        Ok(Candidate { kind, root: url.as_str().trim_end_matches('/').to_owned() })
    }
}

/// A server that answered as its kind does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FoundServer {
    pub kind: ServerKind,
    /// The provider kind its profiles use.
    pub provider: ProviderKind,
    /// The base URL its profiles use: "http://127.0.0.1:11434/v1" for the LLM
    /// servers, the root for LibreTranslate.
    pub base_url: String,
    /// The models it serves, in its order (embedding models left out: they
    /// cannot chat). Always empty for LibreTranslate, which has no models; an
    /// LLM server with none installed is still listed, so the user learns it
    /// is there.
    pub models: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiscoverError {
    #[error("cannot use the local server {entry:?} from {LOCAL_SERVERS_ENV}: {reason}")]
    InvalidCandidate { entry: String, reason: String },
    #[error(
        "cannot read {LOCAL_SERVERS_ENV}: {entry:?} is not KIND=URL (kinds: ollama, lmstudio, llamacpp, \
         libretranslate; or the single word none)"
    )]
    InvalidEntry { entry: String },
}

impl DiscoverError {
    /// What went wrong, for the UI to choose its words by.
    pub fn kind(&self) -> crate::error::ErrorKind {
        use crate::error::ErrorKind;
        let _ = self;
        ErrorKind::LocalServers
    }
}

/// The usual ports of each kind on 127.0.0.1.
pub fn default_candidates() -> Vec<Candidate> {
    ServerKind::ALL
        .into_iter()
        .map(|kind| Candidate { kind, root: format!("http://127.0.0.1:{}", kind.default_port()) })
        .collect()
}

/// The candidates `DUIZHAO_LOCAL_SERVERS` names (see `LOCAL_SERVERS_ENV`), or
/// the usual ones when it is unset or empty.
pub fn candidates_from_env() -> Result<Vec<Candidate>, DiscoverError> {
    parse_candidates(std::env::var(LOCAL_SERVERS_ENV).ok().as_deref())
}

/// `candidates_from_env` with the variable's value given.
pub fn parse_candidates(value: Option<&str>) -> Result<Vec<Candidate>, DiscoverError> {
    let value = value.map(str::trim).unwrap_or_default();
    if value.is_empty() {
        return Ok(default_candidates());
    }
    if value.eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    value
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            let (kind, root) = entry.split_once('=').ok_or(DiscoverError::InvalidEntry { entry: entry.to_owned() })?;
            let kind = ServerKind::from_name(kind).ok_or(DiscoverError::InvalidEntry { entry: entry.to_owned() })?;
            Candidate::new(kind, root)
        })
        .collect()
}

/// Whether `url`'s host is this computer: `localhost`, 127.0.0.0/8 or ::1. An
/// unparsable URL is not. Names under `.localhost` are left out on purpose:
/// not every resolver answers them itself, and asking a DNS server would be a
/// request off this computer.
pub fn is_loopback_url(url: &str) -> bool {
    let Ok(url) = url::Url::parse(url.trim()) else { return false };
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost"
        }
        None => false,
    }
}

/// Asks every candidate at once what it serves and returns those that
/// answered as their kind does, in the candidates' order. Never fails and
/// never takes much longer than `TOTAL_TIMEOUT`: a candidate that is absent,
/// slow or answers anything else is left out.
pub async fn find_local_servers(candidates: &[Candidate]) -> Vec<FoundServer> {
    // Its own client: no proxy, no redirects, short timeouts, nothing shared
    // with the providers' (which may carry a proxy or longer timeouts).
    let Ok(client) = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(TOTAL_TIMEOUT)
        .user_agent(super::user_agent())
        .build()
    else {
        return Vec::new();
    };
    let probes = candidates.iter().map(|candidate| {
        let client = &client;
        async move {
            // `Candidate::new` checked the host; a hand-built one is checked here.
            if !is_loopback_url(&candidate.root) {
                return None;
            }
            tokio::time::timeout(TOTAL_TIMEOUT, probe(client, candidate)).await.ok().flatten()
        }
    });
    futures_util::future::join_all(probes).await.into_iter().flatten().collect()
}

async fn probe(client: &reqwest::Client, candidate: &Candidate) -> Option<FoundServer> {
    let url = format!("{}{}", candidate.root, candidate.kind.probe_path());
    let response = client.get(url).header(reqwest::header::ACCEPT, "application/json").send().await.ok()?;
    if !response.status().is_success() {
        return None;
    }
    let body = read_capped(response).await?;
    let models = parse_answer(candidate.kind, &body)?;
    Some(FoundServer {
        kind: candidate.kind,
        provider: candidate.kind.provider_kind(),
        base_url: candidate.kind.profile_base_url(&candidate.root),
        models,
    })
}

/// The body, unless it is larger than `MAX_BODY_BYTES` (then `None`, read no further).
async fn read_capped(response: reqwest::Response) -> Option<Vec<u8>> {
    if response.content_length().is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        return None;
    }
    let mut body = Vec::new();
    let mut stream = response.bytes_stream();
    while let Some(chunk) = stream.next().await {
        body.extend_from_slice(&chunk.ok()?);
        if body.len() > MAX_BODY_BYTES {
            return None;
        }
    }
    Some(body)
}

#[derive(Deserialize)]
struct OllamaTags {
    models: Vec<OllamaModel>,
}

#[derive(Deserialize)]
struct OllamaModel {
    name: String,
}

#[derive(Deserialize)]
struct ModelList {
    data: Vec<ModelEntry>,
}

#[derive(Deserialize)]
struct ModelEntry {
    id: String,
}

#[derive(Deserialize)]
struct LibreLanguage {
    code: String,
    #[allow(dead_code, reason = "required, so that only LibreTranslate's shape is accepted")]
    name: String,
}

/// The models in a probe's answer, or `None` when the body is not that kind's
/// answer at all (an HTML page, another server's JSON on the same port).
fn parse_answer(kind: ServerKind, body: &[u8]) -> Option<Vec<String>> {
    let names: Vec<String> = match kind {
        ServerKind::Ollama => {
            serde_json::from_slice::<OllamaTags>(body).ok()?.models.into_iter().map(|m| m.name).collect()
        }
        ServerKind::LmStudio | ServerKind::LlamaCpp => {
            serde_json::from_slice::<ModelList>(body).ok()?.data.into_iter().map(|m| m.id).collect()
        }
        ServerKind::LibreTranslate => {
            let languages: Vec<LibreLanguage> = serde_json::from_slice(body).ok()?;
            // An empty array could be anything's; a LibreTranslate always has languages.
            if languages.is_empty() || languages.iter().any(|l| l.code.trim().is_empty()) {
                return None;
            }
            return Some(Vec::new());
        }
    };
    let mut models: Vec<String> = Vec::new();
    for name in names.into_iter().map(|n| n.trim().to_owned()) {
        if !name.is_empty() && !is_embedding_model(&name) && !models.contains(&name) {
            models.push(name);
        }
    }
    Some(models)
}

/// Embedding models (nomic-embed-text, text-embedding-3-small, bge-m3 …) are
/// listed beside chat models by Ollama and LM Studio but cannot translate.
fn is_embedding_model(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.contains("embed") || name.starts_with("bge-") || name.contains("/bge-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts_are_told_from_the_rest() {
        for (url, local) in [
            ("http://127.0.0.1:11434/v1", true),
            ("http://127.8.9.10", true),
            ("http://localhost:5000", true),
            ("http://LOCALHOST.:5000", true),
            ("http://app.localhost", false),
            ("http://[::1]:8080/v1", true),
            ("", false),
            ("https://api.deepl.com", false),
            ("http://192.168.1.5:11434", false),
            ("http://localhost.example.com", false),
            ("http://0.0.0.0:8080", false),
            ("not a url", false),
        ] {
            assert_eq!(is_loopback_url(url), local, "{url}");
        }
    }

    #[test]
    fn the_environment_variable_names_candidates_or_none() {
        assert_eq!(parse_candidates(None), Ok(default_candidates()));
        assert_eq!(parse_candidates(Some("  ")), Ok(default_candidates()));
        assert_eq!(parse_candidates(Some("none")), Ok(Vec::new()));
        assert_eq!(
            parse_candidates(Some("ollama=http://127.0.0.1:4000/, libretranslate=http://localhost:4001")),
            Ok(vec![
                Candidate { kind: ServerKind::Ollama, root: "http://127.0.0.1:4000".into() },
                Candidate { kind: ServerKind::LibreTranslate, root: "http://localhost:4001".into() },
            ])
        );
        for bad in
            ["ollama", "gpt=http://127.0.0.1:1", "ollama=http://example.com:11434", "ollama=http://127.0.0.1:1/api"]
        {
            assert!(parse_candidates(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_usual_ports_map_to_the_right_profiles() {
        let roots: Vec<(ServerKind, String, String)> = default_candidates()
            .into_iter()
            .map(|c| (c.kind, c.root.clone(), c.kind.profile_base_url(&c.root)))
            .collect();
        assert_eq!(
            roots,
            vec![
                (ServerKind::Ollama, "http://127.0.0.1:11434".into(), "http://127.0.0.1:11434/v1".into()),
                (ServerKind::LmStudio, "http://127.0.0.1:1234".into(), "http://127.0.0.1:1234/v1".into()),
                (ServerKind::LlamaCpp, "http://127.0.0.1:8080".into(), "http://127.0.0.1:8080/v1".into()),
                (ServerKind::LibreTranslate, "http://127.0.0.1:5000".into(), "http://127.0.0.1:5000".into()),
            ]
        );
    }

    #[test]
    fn answers_of_the_wrong_shape_are_not_servers() {
        let ollama_shape = br#"{"models":[{"name":"qwen2.5:7b"},{"name":"nomic-embed-text:latest"}]}"#;
        assert_eq!(parse_answer(ServerKind::Ollama, ollama_shape), Some(vec!["qwen2.5:7b".to_owned()]));
        assert_eq!(parse_answer(ServerKind::LmStudio, ollama_shape), None);
        assert_eq!(parse_answer(ServerKind::LibreTranslate, b"[]"), None);
        assert_eq!(parse_answer(ServerKind::LibreTranslate, br#"[{"code":"en","name":"English"}]"#), Some(vec![]));
        assert_eq!(parse_answer(ServerKind::LlamaCpp, b"<html>It works</html>"), None);
        assert_eq!(parse_answer(ServerKind::LlamaCpp, br#"{"data":[]}"#), Some(vec![]));
    }
}
