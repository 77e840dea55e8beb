//! `duizhao servers`: which local translation servers run on this computer
//! (Ollama, LM Studio, llama.cpp/vLLM, LibreTranslate), with their models and
//! the base URL a profile for each uses — the same probe the app's Settings
//! run (`translate::discover`). Where to look comes from
//! `DUIZHAO_LOCAL_SERVERS`, else the usual ports on 127.0.0.1. Finding
//! nothing is not an error (exit status 0); a malformed
//! `DUIZHAO_LOCAL_SERVERS` is (exit status 2).

use duizhao_core::translate::discover::{self, FoundServer};
use serde::Serialize;

use crate::{write_stdout, Failure};

#[derive(clap::Args)]
pub(crate) struct ServersArgs {
    /// Output: text (one server a line) or json (a list of {kind, label, provider, base_url, models}).
    #[arg(long, default_value = "text")]
    format: String,
}

/// One found server as `--format json` prints it.
#[derive(Serialize)]
struct ServerJson<'a> {
    kind: &'static str,
    label: &'static str,
    provider: &'static str,
    base_url: &'a str,
    models: &'a [String],
}

pub(crate) fn run(args: ServersArgs) -> Result<(), Failure> {
    let json = match args.format.as_str() {
        "text" => false,
        "json" => true,
        other => return Err(Failure(format!("unknown output format {other:?} (expected text or json)"))),
    };
    let candidates = discover::candidates_from_env()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure(format!("cannot start the async runtime: {e}")))?;
    let found = runtime.block_on(discover::find_local_servers(&candidates));
    let out = if json { servers_json(&found) + "\n" } else { servers_text(&found, candidates.len()) };
    write_stdout(out.as_bytes())
}

fn servers_json(found: &[FoundServer]) -> String {
    let rows: Vec<ServerJson> = found
        .iter()
        .map(|server| ServerJson {
            kind: server.kind.name(),
            label: server.kind.label(),
            provider: server.provider.name(),
            base_url: &server.base_url,
            models: &server.models,
        })
        .collect();
    serde_json::to_string_pretty(&rows).expect("strings and lists always serialize")
}

fn servers_text(found: &[FoundServer], looked_at: usize) -> String {
    if found.is_empty() {
        return format!("no local translation server found ({looked_at} places looked at on this computer)\n");
    }
    let mut out = String::new();
    for server in found {
        let models = match (server.models.is_empty(), server.provider.name()) {
            (false, _) => server.models.join(", "),
            (true, "libretranslate") => "(no models to choose)".to_owned(),
            (true, _) => "(no models installed)".to_owned(),
        };
        out.push_str(&format!("{:<15} {:<32} {models}\n", server.kind.label(), server.base_url));
    }
    out
}
