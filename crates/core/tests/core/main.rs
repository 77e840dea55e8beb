//! duizhao-core's integration tests, in one test binary: one link of the core
//! (with OpenCC's static library) instead of one per file, and the shared
//! helpers in `support` compiled once, without per-binary `#[path]` includes
//! or dead-code allowances. Each module is one subject; run one with
//! `cargo nextest run -E 'binary(core) and test(/^providers::/)'`.

#![allow(clippy::unwrap_used, reason = "a test or a measuring tool: a panic is its report")]

mod support;

mod already_in;
mod anthropic;
mod baidu;
mod change_marks;
mod custom_http;
mod export_formats;
mod extract_corpus;
mod fixtures;
mod gemini;
mod glossary;
mod import_formats;
mod import_regressions;
mod import_url;
mod llm_guidance;
mod local_servers;
mod long_paragraphs;
mod module_order;
mod opencc_cases;
mod peers;
mod providers;
mod proxy;
mod regions;
mod scheduler;
mod seed_article;
mod settings;
mod store;
mod tencent;
mod volcengine;
mod web_engines;
mod youdao;
