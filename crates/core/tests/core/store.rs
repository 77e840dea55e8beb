//! The translation cache on real files: keys separate what they must, rows
//! survive reopening and a killed process, several writers share the file, and a
//! file that is not a database is reported, not overwritten.
//!
//! The crash tests run this very test binary again as a child process (selected
//! by an environment variable) that writes to the cache and then dies without any
//! clean-up: `std::process::abort()`, or SIGKILL from the parent.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use duizhao_core::store::{Cache, CacheKey, CacheKeyParts, StoreError};
use duizhao_core::translate::{Lang, ProviderKind};

/// Set in a child process to the database it should write to; the value of
/// `CHILD_MODE` says how it dies.
const CHILD_DB: &str = "DUIZHAO_STORE_TEST_CHILD_DB";
const CHILD_MODE: &str = "DUIZHAO_STORE_TEST_CHILD_MODE";
/// A file where the child appends the index of every `put` that has returned.
const CHILD_ACKS: &str = "DUIZHAO_STORE_TEST_CHILD_ACKS";

fn key_for(text: &str) -> CacheKey {
    let target = Lang::new("en");
    CacheKey::new(&CacheKeyParts {
        kind: ProviderKind::DeepL,
        base_url: "",
        model: None,
        source: Some(&Lang::new("zh-Hant")),
        target: &target,
        fingerprint: "",
        text,
    })
}

fn paragraph(i: usize) -> String {
    format!("第{i}段：臺灣的軟體產業")
}

fn translation(i: usize) -> String {
    format!("Paragraph {i}: Taiwan's software industry")
}

#[test]
fn a_stored_translation_reads_back_and_an_unknown_key_reads_as_none() {
    let cache = Cache::open_in_memory().expect("cache");
    let key = key_for("臺灣的軟體產業");
    assert_eq!(cache.get(&key).expect("get"), None);
    cache.put(&key, "Taiwan's software industry").expect("put");
    assert_eq!(cache.get(&key).expect("get").as_deref(), Some("Taiwan's software industry"));
    assert_eq!(cache.get(&key_for("別的段落")).expect("get"), None);
}

#[test]
fn putting_the_same_key_again_replaces_the_translation() {
    let cache = Cache::open_in_memory().expect("cache");
    let key = key_for("臺灣");
    cache.put(&key, "Taiwan (first try)").expect("put");
    cache.put(&key, "Taiwan").expect("put again");
    assert_eq!(cache.get(&key).expect("get").as_deref(), Some("Taiwan"));
    assert_eq!(cache.stats().expect("stats").rows, 1);
}

#[test]
fn every_part_that_changes_a_translation_changes_the_key() {
    let zh = Lang::new("zh-Hant");
    let en = Lang::new("en");
    let base = CacheKeyParts {
        kind: ProviderKind::OpenAi,
        base_url: "http://127.0.0.1:11434/v1",
        model: Some("qwen2.5:7b"),
        source: Some(&zh),
        target: &en,
        fingerprint: r#"{"v":1,"temperature":0.3}"#,
        text: "臺灣的軟體產業",
    };
    let ja = Lang::new("ja");
    let variants = [
        ("kind", CacheKeyParts { kind: ProviderKind::LibreTranslate, ..base }),
        ("base URL", CacheKeyParts { base_url: "http://127.0.0.1:8000/v1", ..base }),
        ("model", CacheKeyParts { model: Some("qwen2.5:14b"), ..base }),
        ("no model", CacheKeyParts { model: None, ..base }),
        ("source", CacheKeyParts { source: None, ..base }),
        ("target", CacheKeyParts { target: &ja, ..base }),
        ("prompt/options", CacheKeyParts { fingerprint: r#"{"v":1,"temperature":0.7}"#, ..base }),
        ("text", CacheKeyParts { text: "臺灣的硬體產業", ..base }),
    ];
    let original = CacheKey::new(&base);
    assert_eq!(original, CacheKey::new(&base), "the same parts give the same key");
    let mut seen = HashSet::from([original]);
    for (what, parts) in variants {
        assert!(seen.insert(CacheKey::new(&parts)), "changing the {what} did not change the key");
    }
}

#[test]
fn get_many_returns_exactly_the_cached_keys_of_a_large_document() {
    let cache = Cache::open_in_memory().expect("cache");
    // More keys than one query takes, so the chunking is exercised.
    let keys: Vec<CacheKey> = (0..1200).map(|i| key_for(&paragraph(i))).collect();
    for (i, key) in keys.iter().enumerate().filter(|(i, _)| i % 3 != 0) {
        cache.put(key, &translation(i)).expect("put");
    }
    let mut asked = keys.clone();
    asked.push(keys[1].clone());
    let found = cache.get_many(&asked).expect("get_many");
    assert_eq!(found.len(), 800);
    for (i, key) in keys.iter().enumerate() {
        assert_eq!(found.get(key), (i % 3 != 0).then(|| translation(i)).as_ref(), "paragraph {i}");
    }
    assert!(cache.get_many(&[]).expect("empty").is_empty());
}

#[test]
fn translations_survive_closing_and_reopening_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("nested").join("duizhao.sqlite3");
    {
        let cache = Cache::open(&path).expect("cache");
        for i in 0..10 {
            cache.put(&key_for(&paragraph(i)), &translation(i)).expect("put");
        }
    }
    let cache = Cache::open(&path).expect("reopen");
    let stats = cache.stats().expect("stats");
    assert_eq!(stats.rows, 10);
    assert!(stats.bytes_on_disk > 0);
    for i in 0..10 {
        assert_eq!(cache.get(&key_for(&paragraph(i))).expect("get"), Some(translation(i)));
    }
}

#[test]
fn the_cache_file_holds_no_api_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("duizhao.sqlite3");
    let api_key = "sk-test-0123456789abcdef";
    let profile = duizhao_core::settings::Profile::new("local", ProviderKind::OpenAi);
    let config = profile.provider_config(Some(duizhao_core::translate::Secret::new(api_key)));
    let target = Lang::new("en");
    let fingerprint = profile.cache_fingerprint();
    let key = CacheKey::new(&CacheKeyParts {
        kind: config.kind,
        base_url: &config.base_url,
        model: config.model.as_deref(),
        source: None,
        target: &target,
        fingerprint: &fingerprint,
        text: "臺灣",
    });
    let cache = Cache::open(&path).expect("cache");
    cache.put(&key, "Taiwan").expect("put");
    drop(cache);
    let mut bytes = Vec::new();
    for suffix in ["", "-wal"] {
        if let Ok(mut more) = std::fs::read(format!("{}{suffix}", path.display())) {
            bytes.append(&mut more);
        }
    }
    assert!(String::from_utf8_lossy(&bytes).contains("Taiwan"), "the translation itself is on disk");
    assert!(!bytes.windows(api_key.len()).any(|w| w == api_key.as_bytes()), "the key reached the cache file");
}

/// Child side of the crash tests: put rows, acknowledging each one in the ack
/// file once `put` has returned, then die as `CHILD_MODE` says.
fn run_child_if_asked() {
    let (Ok(db), Ok(mode), Ok(acks)) = (std::env::var(CHILD_DB), std::env::var(CHILD_MODE), std::env::var(CHILD_ACKS))
    else {
        return;
    };
    let cache = Cache::open(Path::new(&db)).expect("child opens the cache");
    let mut acks = std::fs::OpenOptions::new().append(true).open(acks).expect("child opens the ack file");
    let mut ack = |i: usize| {
        // write(2) straight to the file: it is in the kernel once this returns,
        // so it outlives the abort that follows.
        acks.write_all(format!("{i}\n").as_bytes()).expect("child writes an ack");
    };
    match mode.as_str() {
        "abort" => {
            // Rows on the main thread, then a second thread putting in a loop
            // while the main thread aborts the process under it: a kill in the
            // middle of translating, not after a tidy pause.
            for i in 0..40 {
                cache.put(&key_for(&paragraph(i)), &translation(i)).expect("child puts");
                ack(i);
            }
            let cache = Arc::new(cache);
            let writer = Arc::clone(&cache);
            let mut late_acks = acks.try_clone().expect("child clones the ack file");
            std::thread::spawn(move || {
                for i in 40.. {
                    writer.put(&key_for(&paragraph(i)), &translation(i)).expect("child puts");
                    late_acks.write_all(format!("{i}\n").as_bytes()).expect("child writes an ack");
                }
            });
            std::thread::sleep(Duration::from_millis(150));
            std::process::abort();
        }
        "wait-for-kill" => {
            for i in 0.. {
                cache.put(&key_for(&paragraph(i)), &translation(i)).expect("child puts");
                ack(i);
            }
        }
        other => panic!("unknown child mode {other}"),
    }
}

/// Starts this test binary again as the child for `test_name`, returns it and
/// the ack file's path.
fn spawn_child(test_name: &str, mode: &str, dir: &Path) -> (std::process::Child, std::path::PathBuf) {
    let db = dir.join("duizhao.sqlite3");
    let acks = dir.join("acks.txt");
    std::fs::write(&acks, "").expect("ack file");
    // The test's full name in this binary ("store::every_put_…"), as --exact wants it.
    let module = module_path!().split_once("::").map_or("", |(_, module)| module);
    let child = Command::new(std::env::current_exe().expect("test binary path"))
        .args([format!("{module}::{test_name}").as_str(), "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_DB, &db)
        .env(CHILD_MODE, mode)
        .env(CHILD_ACKS, &acks)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("child starts");
    (child, acks)
}

fn acknowledged(acks: &Path) -> Vec<usize> {
    std::fs::read_to_string(acks)
        .expect("ack file")
        .lines()
        .map(|line| line.parse().unwrap_or_else(|_| panic!("bad ack line {line:?}")))
        .collect()
}

/// Every acknowledged row must be there, with its translation, and the WAL must
/// still hold data: the child died before any clean close could checkpoint it,
/// so reading the rows back really exercised recovery from the WAL.
fn assert_every_acknowledged_put_survived(dir: &Path, acked: &[usize]) {
    let wal = dir.join("duizhao.sqlite3-wal");
    let wal_len = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    assert!(wal_len > 0, "the child left no WAL behind, so this test proves nothing about a crash");
    let cache = Cache::open(&dir.join("duizhao.sqlite3")).expect("parent opens the cache");
    let keys: Vec<CacheKey> = acked.iter().map(|&i| key_for(&paragraph(i))).collect();
    let found = cache.get_many(&keys).expect("get_many");
    for (&i, key) in acked.iter().zip(&keys) {
        assert_eq!(found.get(key), Some(&translation(i)), "acknowledged put {i} was lost");
    }
}

#[test]
fn every_put_survives_the_process_aborting_mid_translation() {
    run_child_if_asked();
    let dir = tempfile::tempdir().expect("temp dir");
    let (child, acks) = spawn_child("every_put_survives_the_process_aborting_mid_translation", "abort", dir.path());
    let output = child.wait_with_output().expect("child runs");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            output.status.signal(),
            Some(6),
            "the child should die of SIGABRT; stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    #[cfg(not(unix))]
    assert!(!output.status.success(), "the child should have aborted");
    let acked = acknowledged(&acks);
    assert!(acked.len() > 40, "the writer thread put nothing before the abort: {} acks", acked.len());
    assert_every_acknowledged_put_survived(dir.path(), &acked);
}

#[test]
fn every_put_survives_the_process_being_killed() {
    run_child_if_asked();
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut child, acks) = spawn_child("every_put_survives_the_process_being_killed", "wait-for-kill", dir.path());
    // However long 30 puts take here; a hang is nextest's timeout to catch.
    while acknowledged(&acks).len() < 30 {
        if let Some(status) = child.try_wait().expect("child status") {
            panic!("the child exited by itself ({status}) instead of waiting to be killed");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    // SIGKILL on Unix (TerminateProcess on Windows): no handler, no destructor runs.
    child.kill().expect("kill the child");
    child.wait().expect("reap the child");
    let acked = acknowledged(&acks);
    assert_every_acknowledged_put_survived(dir.path(), &acked);
}

#[test]
fn puts_from_many_threads_sharing_one_cache_all_land() {
    let cache = Arc::new(Cache::open_in_memory().expect("cache"));
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let cache = Arc::clone(&cache);
            std::thread::spawn(move || {
                for i in 0..50 {
                    let n = t * 1000 + i;
                    cache.put(&key_for(&paragraph(n)), &translation(n)).expect("put");
                    // Interleave reads too, as translating tasks do.
                    assert_eq!(cache.get(&key_for(&paragraph(n))).expect("get"), Some(translation(n)));
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("thread");
    }
    assert_eq!(cache.stats().expect("stats").rows, 400);
}

#[test]
fn separate_connections_to_one_file_write_concurrently_without_busy_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = Arc::new(dir.path().join("duizhao.sqlite3"));
    // Each thread opens its own connection, as separate processes would,
    // including the first open that creates the file and its schema.
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let path = Arc::clone(&path);
            std::thread::spawn(move || {
                let cache = Cache::open(&path).expect("open");
                for i in 0..50 {
                    let n = t * 1000 + i;
                    cache.put(&key_for(&paragraph(n)), &translation(n)).expect("put");
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("thread");
    }
    let cache = Cache::open(&path).expect("open");
    assert_eq!(cache.stats().expect("stats").rows, 200);
    assert_eq!(cache.get(&key_for(&paragraph(3049))).expect("get"), Some(translation(3049)));
}

#[test]
fn a_file_that_is_not_a_database_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("duizhao.sqlite3");
    let content = "these are my notes, not a database\n".repeat(200);
    std::fs::write(&path, &content).expect("write");
    let err = Cache::open(&path).expect_err("not a database");
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()) && message.contains("move the file aside"), "{message}");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), content, "the file was changed");
    assert!(!dir.path().join("duizhao.sqlite3-wal").exists(), "a WAL was started next to it");
}

#[test]
fn a_database_with_a_damaged_page_gives_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("duizhao.sqlite3");
    {
        let cache = Cache::open(&path).expect("cache");
        for i in 0..300 {
            cache.put(&key_for(&paragraph(i)), &translation(i).repeat(20)).expect("put");
        }
    }
    // Overwrite everything after the first page (the header stays valid) with
    // garbage, as a failing disk might.
    let mut bytes = std::fs::read(&path).expect("read");
    assert!(bytes.len() > 8192, "the database is bigger than a couple of pages");
    for (i, byte) in bytes.iter_mut().enumerate().skip(4096) {
        *byte = (i * 31 % 251) as u8;
    }
    std::fs::write(&path, &bytes).expect("write");
    let outcome = Cache::open(&path).and_then(|cache| {
        cache.get_many(&(0..300).map(|i| key_for(&paragraph(i))).collect::<Vec<_>>())?;
        cache.stats()
    });
    let err = outcome.expect_err("a damaged database is noticed");
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
}
