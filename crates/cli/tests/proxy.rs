//! `duizhao translate` through real proxies (Debian's tinyproxy, pproxy's
//! SOCKS5), as a user sets them: `--proxy`, the usual `HTTP_PROXY`,
//! `ALL_PROXY` and `NO_PROXY`, and the proxy in the settings file. Each proxy's
//! own log is the proof of what went through it.

#![allow(clippy::unwrap_used, reason = "a test or a measuring tool: a panic is its report")]

#[path = "../../core/tests/core/support/proxies.rs"]
#[allow(dead_code, reason = "shared with the core's tests; this binary uses part of it")]
mod proxies;
mod support;

use support::{fixture, server, Env};

fn translate_args<'a>(source: &'a str, url: &'a str) -> Vec<&'a str> {
    vec!["translate", source, "--to", "en", "--provider", "libretranslate", "--base-url", url]
}

fn succeeded(out: &std::process::Output) {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("EN: 臺北捷運的新系統"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn the_proxy_flag_and_the_http_proxy_variable_send_requests_through_the_proxy_and_no_proxy_skips_it() {
    let proxy = proxies::tinyproxy(None);
    let (url, _) = server();
    let source = fixture("taiwan-big5.txt");
    let source = source.to_str().unwrap();
    let request = format!("POST {url}/translate");

    let out = Env::new().run(&[&translate_args(source, &url)[..], &["--proxy", &proxy.url("http")]].concat());
    succeeded(&out);
    assert!(proxy.log_mentions(&request), "tinyproxy's log:\n{}", proxy.log());
    let carried = proxy.log().matches(&request).count();

    let via_env = [("HTTP_PROXY", proxy.url("http")), ("NO_PROXY", String::new())];
    let vars: Vec<(&str, &str)> = via_env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    succeeded(&Env::new().run_with_env(&translate_args(source, &url), b"", &vars));
    assert!(proxy.log().matches(&request).count() > carried, "HTTP_PROXY was not used:\n{}", proxy.log());
    let carried = proxy.log().matches(&request).count();

    let bypassed = [("HTTP_PROXY", proxy.url("http")), ("NO_PROXY", "127.0.0.1".to_owned())];
    let vars: Vec<(&str, &str)> = bypassed.iter().map(|(k, v)| (*k, v.as_str())).collect();
    succeeded(&Env::new().run_with_env(&translate_args(source, &url), b"", &vars));
    // `--proxy` honours NO_PROXY too, as curl's -x does.
    succeeded(&Env::new().run_with_env(
        &[&translate_args(source, &url)[..], &["--proxy", &proxy.url("http")]].concat(),
        b"",
        &vars,
    ));
    // And "direct" wins over the environment.
    let env_only = [("HTTP_PROXY", proxy.url("http")), ("NO_PROXY", String::new())];
    let vars: Vec<(&str, &str)> = env_only.iter().map(|(k, v)| (*k, v.as_str())).collect();
    succeeded(&Env::new().run_with_env(
        &[&translate_args(source, &url)[..], &["--proxy", "direct"]].concat(),
        b"",
        &vars,
    ));
    assert_eq!(
        proxy.log().matches(&request).count(),
        carried,
        "a bypassed request reached the proxy:\n{}",
        proxy.log()
    );
}

#[test]
fn all_proxy_sends_requests_through_a_socks5_proxy() {
    let proxy = proxies::socks5(None);
    let (url, _) = server();
    let source = fixture("taiwan-big5.txt");
    let vars = [("ALL_PROXY", proxy.url("socks5")), ("NO_PROXY", String::new())];
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    succeeded(&Env::new().run_with_env(&translate_args(source.to_str().unwrap(), &url), b"", &vars));
    let port = url.rsplit(':').next().unwrap();
    assert!(proxy.log_mentions(&format!("-> 127.0.0.1:{port}")), "pproxy's log:\n{}", proxy.log());
}

#[test]
fn the_settings_proxy_carries_a_profile_and_a_profile_of_its_own_overrides_it() {
    let proxy = proxies::tinyproxy(None);
    let (url, _) = server();
    let source = fixture("taiwan-big5.txt");
    let settings = serde_json::json!({
        "version": 1,
        "proxy": { "mode": "manual", "url": proxy.url("http"), "bypass": "" },
        "translation_chosen": true,
        "profiles": [
            { "name": "Libre", "kind": "libretranslate", "base_url": url },
            { "name": "Libre direct", "kind": "libretranslate", "base_url": url, "proxy": { "mode": "direct" } }
        ],
        "default_profile": "Libre"
    });
    // Each run has its own data folder, so neither is answered from the other's cache.
    let with_settings = || {
        let env = Env::new();
        std::fs::write(env.config.path().join("settings.json"), settings.to_string()).unwrap();
        env
    };
    let no_env = [("HTTP_PROXY", ""), ("ALL_PROXY", ""), ("NO_PROXY", "")];
    let request = format!("POST {url}/translate");
    succeeded(&with_settings().run_with_env(
        &["translate", source.to_str().unwrap(), "--profile", "Libre direct"],
        b"",
        &no_env,
    ));
    assert!(!proxy.log().contains(&request), "the direct profile went through the proxy:\n{}", proxy.log());
    succeeded(&with_settings().run_with_env(&["translate", source.to_str().unwrap()], b"", &no_env));
    assert!(proxy.log_mentions(&request), "the settings' proxy was not used:\n{}", proxy.log());
}

#[test]
fn a_bad_proxy_flag_is_refused_before_any_request() {
    let (url, requests) = server();
    let source = fixture("taiwan-big5.txt");
    let out = Env::new()
        .run(&[&translate_args(source.to_str().unwrap(), &url)[..], &["--proxy", "ftp://127.0.0.1:21"]].concat());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--proxy: the proxy address must start with http://"), "{stderr}");
    assert_eq!(requests.load(std::sync::atomic::Ordering::SeqCst), 0);
}
