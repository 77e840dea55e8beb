//! What the chat-model providers (OpenAI-compatible, Anthropic Messages,
//! Gemini) share: the prompt, the `<seg>` batch format and how an answer is
//! read back into segments, the partial text reported while an answer
//! streams, and the server-sent-event reader their streams arrive through.
//! Each provider module keeps only its own HTTP shapes: the request body, the
//! answer and stream event shapes, and its error codes.
//!
//! The batch format: each segment is sent as `<seg id="N">text</seg>` with
//! N = 1, 2, … in batch order, and the model must answer with the same
//! elements. Tags rather than JSON because a streamed answer can be attributed
//! to its segment while it arrives (a half-written JSON string cannot, without
//! a tolerant incremental JSON parser), because models often break JSON by
//! leaving quotation marks in translated prose unescaped, and because small
//! local models keep XML-like tags more reliably than a JSON schema. The ids
//! make merged, missing and extra segments visible: any answer that does not
//! have exactly ids 1..=N, each once, is `TranslateError::Misaligned` and the
//! scheduler splits the batch; text is never moved onto another segment. A
//! one-segment batch answered without tags is accepted, since it cannot be
//! misattributed (unless the model was cut off). A leading `<think>…</think>`
//! block (reasoning models served locally) is ignored. Text outside `<seg>`
//! elements (a preface the model added despite the prompt) is dropped.

use serde_json::{json, Value};

use super::http;
use super::{Delta, Guidance, Lang, ProviderConfig, Segment, TranslateError};

/// The instructions used when a profile has no prompt of its own. The target
/// language and its script rules are appended to whichever prompt is used,
/// and the user message restates the format, so a custom prompt only needs to
/// say how to translate.
pub const DEFAULT_SYSTEM_PROMPT: &str = "You are a professional translator. Translate faithfully and \
completely: keep the meaning, tone, names, numbers and paragraph structure of the original, and do not \
summarise, explain, censor or add anything.\n\
The text comes as numbered segments, each wrapped as <seg id=\"N\">…</seg>. Translate every segment on \
its own and answer with exactly one <seg id=\"N\">…</seg> element per input segment, with the same id, \
in the same order. Never merge, split, skip or reorder segments, even when a sentence runs across two of \
them. Output only the <seg> elements: no preface, no notes, no code fences.";

/// The profile's model, which every chat API needs.
pub(crate) fn model(config: &ProviderConfig) -> Result<&str, TranslateError> {
    config
        .model
        .as_deref()
        .map(str::trim)
        .filter(|model| !model.is_empty())
        .ok_or_else(|| TranslateError::Config { detail: "no model is set".into() })
}

/// A temperature as JSON, through f64 with rounding: 0.3f32 would otherwise
/// be sent as 0.30000001192092896.
pub(crate) fn temperature(temperature: f32) -> Value {
    json!((f64::from(temperature) * 1000.0).round() / 1000.0)
}

/// The system message: the profile's prompt (or the default) followed by the
/// target language and its script rules, which must hold whatever the prompt says.
pub(crate) fn system_prompt(config: &ProviderConfig, source: Option<&Lang>, target: &Lang) -> String {
    let base = config.system_prompt.as_deref().map(str::trim).filter(|prompt| !prompt.is_empty());
    format!("{}\n\n{}", base.unwrap_or(DEFAULT_SYSTEM_PROMPT), language_rules(source, target))
}

fn language_rules(source: Option<&Lang>, target: &Lang) -> String {
    let mut rules = format!("Translate into {}.", language_name(target));
    if let Some(source) = source {
        rules.push_str(&format!(" The source language is {}.", language_name(source)));
    }
    if target.is_traditional_chinese() {
        rules.push_str(
            " Write only Traditional Chinese characters (繁體字/正體字), never Simplified characters, \
             even where the source is Simplified.",
        );
        match region(target) {
            Some("tw") => rules.push_str(" Use the vocabulary and phrasing of Taiwan (for example 軟體, 網路, 資訊, 影片, 計程車)."),
            Some("hk") => rules.push_str(
                " Use the vocabulary and phrasing of Hong Kong in standard written Chinese (for example 軟件, 網絡, 資訊, 的士).",
            ),
            Some("mo") => rules.push_str(" Use the vocabulary and phrasing of Macau, as in Hong Kong (for example 軟件, 網絡, 的士)."),
            _ => {}
        }
    } else if target.is_simplified_chinese() {
        rules.push_str(" Write only Simplified Chinese characters (简体字), never Traditional characters.");
    }
    rules
}

/// The region subtag of a tag, lowercased ("tw" for "zh-Hant-TW").
fn region(lang: &Lang) -> Option<&'static str> {
    let tag = lang.as_str().to_ascii_lowercase().replace('_', "-");
    ["tw", "hk", "mo"].into_iter().find(|region| tag.split('-').skip(1).any(|part| part == *region))
}

/// A name a model understands, with the tag for precision: "Traditional
/// Chinese as used in Taiwan (zh-TW)", "English (en)". Every chat provider's
/// `target_code`.
pub(crate) fn language_name(lang: &Lang) -> String {
    let tag = lang.as_str();
    if lang.is_traditional_chinese() {
        return match region(lang) {
            Some("tw") => format!("Traditional Chinese as used in Taiwan ({tag})"),
            Some("hk") => format!("Traditional Chinese as used in Hong Kong ({tag})"),
            Some("mo") => format!("Traditional Chinese as used in Macau ({tag})"),
            _ => format!("Traditional Chinese ({tag})"),
        };
    }
    if lang.is_simplified_chinese() {
        return format!("Simplified Chinese ({tag})");
    }
    let name = match lang.primary().as_str() {
        "en" => "English",
        "ja" => "Japanese",
        "ko" => "Korean",
        "fr" => "French",
        "de" => "German",
        "es" => "Spanish",
        "pt" => "Portuguese",
        "it" => "Italian",
        "ru" => "Russian",
        "vi" => "Vietnamese",
        "th" => "Thai",
        "id" => "Indonesian",
        "ms" => "Malay",
        "ar" => "Arabic",
        "nl" => "Dutch",
        "pl" => "Polish",
        "tr" => "Turkish",
        "uk" => "Ukrainian",
        "zh" => "Chinese",
        _ => return format!("the language with the BCP-47 tag {tag}"),
    };
    format!("{name} ({tag})")
}

/// The user message: a one-line restatement of the task and the format (so a
/// custom system prompt cannot lose it); the context (the document's title and
/// the paragraph before, marked as not to be translated) and the glossary
/// terms found in the batch, when there are any; then the numbered segments.
pub(crate) fn user_message(segments: &[Segment], target: &Lang, guidance: &Guidance) -> String {
    let count = segments.len();
    let mut message = format!(
        "Translate the {count} segment{} below into {}. Answer with exactly {count} <seg> element{}, ids 1 to {count}, and nothing else.\n",
        if count == 1 { "" } else { "s" },
        language_name(target),
        if count == 1 { "" } else { "s" },
    );
    if guidance.title.is_some() || guidance.previous.is_some() {
        message.push_str(
            "\nContext, to understand the segments only: do not translate it and do not include it in the answer.\n",
        );
        if let Some(title) = &guidance.title {
            message.push_str(&format!("<context kind=\"title\">{}</context>\n", title.trim()));
        }
        if let Some(previous) = &guidance.previous {
            message.push_str(&format!("<context kind=\"previous paragraph\">{}</context>\n", previous.trim()));
        }
    }
    if !guidance.terms.is_empty() {
        message.push_str("\nUse these renderings wherever the terms occur (alternatives separated by \"/\"):\n");
        for term in &guidance.terms {
            message.push_str(&format!("- {}\n", crate::glossary::instruction(term)));
        }
    }
    for (number, segment) in segments.iter().enumerate() {
        message.push_str(&format!("\n<seg id=\"{}\">{}</seg>", number + 1, segment.text));
    }
    message
}

/// Reports each segment's text so far while a stream arrives, once per change.
pub(crate) struct Progress {
    reported: Vec<String>,
}

impl Progress {
    pub(crate) fn new(count: usize) -> Progress {
        Progress { reported: vec![String::new(); count] }
    }

    /// Reports what changed in `content`, the answer so far.
    pub(crate) fn report(&mut self, content: &str, segments: &[Segment], on_delta: &mut (dyn FnMut(Delta) + Send)) {
        let content = strip_thinking(content);
        let pieces = scan(content);
        let mut texts: Vec<Option<&str>> = vec![None; segments.len()];
        if pieces.is_empty() && segments.len() == 1 {
            let text = content.trim();
            if !could_be_tag(text) {
                texts[0] = Some(text);
            }
        }
        for piece in pieces {
            let Some(index) = piece.id.and_then(|id| id.checked_sub(1)).filter(|&index| index < segments.len()) else {
                continue;
            };
            if texts[index].is_none() {
                let text = if piece.closed { piece.text } else { without_partial_tag(piece.text) };
                texts[index] = Some(text.trim());
            }
        }
        for ((segment, reported), text) in segments.iter().zip(&mut self.reported).zip(texts) {
            let Some(text) = text.filter(|text| !text.is_empty() && *text != reported.as_str()) else { continue };
            *reported = text.to_owned();
            on_delta(Delta { id: segment.id.clone(), text_so_far: text.to_owned() });
        }
    }
}

/// Whether `text` is (the start of) a tag rather than translated text.
fn could_be_tag(text: &str) -> bool {
    ["<seg", "<think>"].iter().any(|tag| tag.starts_with(text) || text.starts_with(tag))
}

/// Drops the end of a partial text that may be the beginning of a tag still
/// arriving ("Good morn</se").
fn without_partial_tag(text: &str) -> &str {
    for tag in ["</seg>", "<seg "] {
        for cut in (1..tag.len()).rev() {
            if let Some(kept) = text.strip_suffix(&tag[..cut]) {
                return kept;
            }
        }
    }
    text
}

/// The answer without a leading `<think>…</think>` block; while that block is
/// still open, nothing of the answer has arrived yet.
pub(crate) fn strip_thinking(content: &str) -> &str {
    let Some(rest) = content.trim_start().strip_prefix("<think>") else { return content };
    match rest.find("</think>") {
        Some(end) => &rest[end + "</think>".len()..],
        None => "",
    }
}

/// One `<seg>` element found in an answer.
#[derive(Debug, PartialEq)]
struct Piece<'a> {
    /// `None` when the tag has no readable id.
    id: Option<usize>,
    text: &'a str,
    /// Whether `</seg>` ended it (rather than the next `<seg>` or the end of the answer).
    closed: bool,
}

/// Finds the `<seg>` elements of an answer, in order, tolerating the
/// variations models produce (`id=1`, `id='1'`, extra spaces).
fn scan(content: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = content;
    while let Some(start) = find_open_tag(rest) {
        let after = &rest[start + "<seg".len()..];
        let Some(end) = after.find('>') else { break };
        let id = parse_id(&after[..end]);
        let body = &after[end + 1..];
        let close = body.find("</seg>");
        let next = find_open_tag(body);
        match (close, next) {
            (Some(close), next) if next.is_none_or(|next| close < next) => {
                pieces.push(Piece { id, text: &body[..close], closed: true });
                rest = &body[close + "</seg>".len()..];
            }
            (_, Some(next)) => {
                pieces.push(Piece { id, text: &body[..next], closed: false });
                rest = &body[next..];
            }
            _ => {
                pieces.push(Piece { id, text: body, closed: false });
                break;
            }
        }
    }
    pieces
}

/// The position of the next `<seg` that opens a tag (not `<segment`, say).
fn find_open_tag(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find("<seg") {
        let at = from + found;
        match text[at + "<seg".len()..].chars().next() {
            Some(next) if next == '>' || next.is_whitespace() => return Some(at),
            // The end of the text so far: while streaming, this may become a tag.
            None => return Some(at),
            Some(_) => from = at + "<seg".len(),
        }
    }
    None
}

/// The number in `id="12"`, `id='12'` or `id=12`.
fn parse_id(attributes: &str) -> Option<usize> {
    let value = attributes.trim().strip_prefix("id")?.trim_start().strip_prefix('=')?.trim();
    let value = value.trim_matches(|c| c == '"' || c == '\'').trim();
    value.parse().ok()
}

/// Reads the final answer for `expected` segments. `complete` says the model
/// finished on its own (not cut off by its token limit); only then may the
/// last element lack its closing tag, or a single segment come back untagged.
pub(crate) fn parse_answer(content: &str, expected: usize, complete: bool) -> Result<Vec<String>, TranslateError> {
    let content = strip_thinking(content);
    let pieces = scan(content);
    if pieces.is_empty() && expected == 1 && complete && !content.trim().is_empty() {
        return Ok(vec![content.trim().to_owned()]);
    }
    let total = pieces.len();
    let last = total.saturating_sub(1);
    let mut texts: Vec<Option<String>> = vec![None; expected];
    let mut distinct = 0;
    for (position, piece) in pieces.into_iter().enumerate() {
        let usable = piece.closed || (complete && position == last);
        let Some(index) = piece.id.and_then(|id| id.checked_sub(1)).filter(|&index| index < expected) else { continue };
        if usable && texts[index].is_none() {
            texts[index] = Some(piece.text.trim().to_owned());
            distinct += 1;
        }
    }
    if total == expected && distinct == expected {
        return Ok(texts.into_iter().flatten().collect());
    }
    if !complete {
        // Cut off by the output limit: what came back whole is `distinct`.
        return Err(TranslateError::Truncated { expected, got: distinct });
    }
    // Report the count that explains the failure: how many elements came
    // back, or, when that matches, how many of them were usable and distinct.
    let got = if total != expected { total } else { distinct };
    Err(TranslateError::Misaligned { expected, got })
}

// ---------------------------------------------------------------------------
// Server-sent events

/// One server-sent event: its name (`event:`) and its `data:` lines.
#[derive(Debug, PartialEq)]
pub(crate) struct SseEvent {
    pub name: Option<String>,
    pub data: Vec<String>,
}

impl SseEvent {
    /// The event's payload: its data lines joined, as the SSE spec says.
    pub(crate) fn payload(&self) -> String {
        self.data.join("\n")
    }
}

/// Cuts a byte stream into server-sent events. Bytes are kept until their line
/// is complete, so a `data:` line (or a multi-byte character) split across
/// network reads is put back together before it is decoded.
#[derive(Default)]
pub(crate) struct SseDecoder {
    pending: Vec<u8>,
    name: Option<String>,
    data: Vec<String>,
}

impl SseDecoder {
    pub(crate) fn push(&mut self, bytes: &[u8]) -> Result<Vec<SseEvent>, TranslateError> {
        self.pending.extend_from_slice(bytes);
        let mut events = Vec::new();
        let mut start = 0;
        while let Some(offset) = self.pending[start..].iter().position(|&byte| byte == b'\n') {
            let line = decode_line(&self.pending[start..start + offset])?;
            self.line(&line, &mut events);
            start += offset + 1;
        }
        self.pending.drain(..start);
        Ok(events)
    }

    /// The end of the body: a last line without a newline and a last event
    /// without its blank line still count.
    pub(crate) fn finish(&mut self) -> Result<Vec<SseEvent>, TranslateError> {
        let mut events = Vec::new();
        let rest = std::mem::take(&mut self.pending);
        if !rest.is_empty() {
            let line = decode_line(&rest)?;
            self.line(&line, &mut events);
        }
        self.line("", &mut events);
        Ok(events)
    }

    fn line(&mut self, line: &str, events: &mut Vec<SseEvent>) {
        if line.is_empty() {
            if !self.data.is_empty() {
                events.push(SseEvent { name: self.name.take(), data: std::mem::take(&mut self.data) });
            }
            self.name = None;
            return;
        }
        // Comments (": keep-alive" from DeepSeek, OpenRouter's "processing" notes).
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "data" => self.data.push(value.to_owned()),
            "event" => self.name = Some(value.to_owned()),
            _ => {}
        }
    }
}

fn decode_line(bytes: &[u8]) -> Result<String, TranslateError> {
    let line = std::str::from_utf8(bytes)
        .map_err(|_| http::decode_error("the stream is not valid utf-8", &String::from_utf8_lossy(bytes)))?;
    Ok(line.strip_suffix('\r').unwrap_or(line).to_owned())
}

/// A provider's reading of its own stream events.
pub(crate) trait StreamedAnswer {
    /// Takes in one event; an error ends the stream with it.
    fn apply(&mut self, event: SseEvent) -> Result<(), TranslateError>;
    /// The answer's text so far.
    fn content(&self) -> &str;
    /// Whether the stream said it is over (nothing after it is read).
    fn done(&self) -> bool;
}

/// Reads a streamed answer to its end (or until `answer` says it is done),
/// reporting each segment's text so far through `on_delta` after every read.
pub(crate) async fn read_stream(
    config: &ProviderConfig,
    mut response: reqwest::Response,
    segments: &[Segment],
    on_delta: &mut (dyn FnMut(Delta) + Send),
    answer: &mut (impl StreamedAnswer + Send),
) -> Result<(), TranslateError> {
    let mut decoder = SseDecoder::default();
    let mut progress = Progress::new(segments.len());
    while !answer.done() {
        let chunk = http::next_chunk(config, &mut response).await?;
        let at_end = chunk.is_none();
        let events = match chunk {
            Some(bytes) => decoder.push(&bytes)?,
            None => decoder.finish()?,
        };
        for event in events {
            answer.apply(event)?;
            if answer.done() {
                break;
            }
        }
        progress.report(answer.content(), segments, on_delta);
        if at_end {
            break;
        }
    }
    Ok(())
}

/// The error for a stream that ended before the model finished (a crashed
/// worker, a proxy cutting the connection): worth another try.
pub(crate) fn ended_early() -> TranslateError {
    TranslateError::Provider { detail: "the answer stream ended before the model finished".into(), retryable: true }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(content: &str, expected: usize) -> Result<Vec<String>, TranslateError> {
        parse_answer(content, expected, true)
    }

    #[test]
    fn answers_are_read_by_id_not_by_position() {
        let content = "<seg id=\"2\">Second</seg>\n<seg id=\"1\">First</seg>";
        assert_eq!(answer(content, 2), Ok(vec!["First".to_owned(), "Second".to_owned()]));
    }

    #[test]
    fn tag_variations_and_chatter_outside_the_tags_are_tolerated() {
        let content = "Here you go:\n```\n<seg id=1> One </seg><seg  id='2'>Two</seg>\n```";
        assert_eq!(answer(content, 2), Ok(vec!["One".to_owned(), "Two".to_owned()]));
    }

    #[test]
    fn misaligned_answers_are_rejected_with_the_count_that_explains_them() {
        let cases = [
            ("<seg id=\"1\">A</seg>", 2, 1),                                           // missing
            ("<seg id=\"1\">A</seg><seg id=\"2\">B</seg><seg id=\"3\">C</seg>", 2, 3), // extra
            ("<seg id=\"1\">A B</seg>", 2, 1),                                         // merged
            ("<seg id=\"1\">A</seg><seg id=\"1\">B</seg>", 2, 1),                      // duplicated
            ("<seg id=\"1\">A</seg><seg id=\"7\">B</seg>", 2, 1),                      // out of range
            ("<seg id=\"1\">A<seg id=\"2\">B</seg><seg id=\"3\">C</seg>", 3, 2),       // unclosed in the middle
            ("A and B", 2, 0),                                                         // untagged
        ];
        for (content, expected, got) in cases {
            assert_eq!(answer(content, expected), Err(TranslateError::Misaligned { expected, got }), "{content}");
        }
    }

    #[test]
    fn a_missing_last_close_tag_is_accepted_only_when_the_model_finished() {
        let content = "<seg id=\"1\">A</seg><seg id=\"2\">B";
        assert_eq!(parse_answer(content, 2, true), Ok(vec!["A".to_owned(), "B".to_owned()]));
        assert_eq!(parse_answer(content, 2, false), Err(TranslateError::Truncated { expected: 2, got: 1 }));
    }

    #[test]
    fn a_single_segment_may_come_back_without_tags_and_thinking_is_ignored() {
        assert_eq!(answer("  Test \n", 1), Ok(vec!["Test".to_owned()]));
        assert_eq!(
            answer("<think>\nthe user wants <seg id=\"1\">…\n</think>\n<seg id=\"1\">Test</seg>", 1),
            Ok(vec!["Test".to_owned()])
        );
        assert_eq!(answer("", 1), Err(TranslateError::Misaligned { expected: 1, got: 0 }));
    }

    #[test]
    fn an_untagged_single_segment_cut_off_by_the_token_limit_is_not_accepted() {
        assert_eq!(parse_answer("Good morn", 1, false), Err(TranslateError::Truncated { expected: 1, got: 0 }));
        assert_eq!(parse_answer("<seg id=\"1\">Good morning</seg>", 1, false), Ok(vec!["Good morning".to_owned()]));
    }

    #[test]
    fn sse_lines_are_reassembled_across_reads() {
        let mut decoder = SseDecoder::default();
        let bytes = "data: {\"a\":\"早安\"}\r\n\r\n: keep-alive\n\nevent: error\ndata: {}\n\n".as_bytes();
        let mut events = Vec::new();
        // One byte at a time splits every line and every multi-byte character.
        for byte in bytes {
            events.extend(decoder.push(std::slice::from_ref(byte)).expect("valid utf-8 once whole"));
        }
        events.extend(decoder.finish().expect("nothing pending"));
        assert_eq!(
            events,
            vec![
                SseEvent { name: None, data: vec!["{\"a\":\"早安\"}".into()] },
                SseEvent { name: Some("error".into()), data: vec!["{}".into()] },
            ]
        );
    }

    #[test]
    fn a_last_event_without_its_blank_line_still_counts() {
        let mut decoder = SseDecoder::default();
        assert_eq!(decoder.push(b"data: [DONE]").expect("ascii"), vec![]);
        assert_eq!(decoder.finish().expect("ascii"), vec![SseEvent { name: None, data: vec!["[DONE]".into()] }]);
    }

    #[test]
    fn partial_text_stops_before_a_tag_that_is_still_arriving() {
        let segments =
            [Segment { id: "a".into(), text: "早安".into() }, Segment { id: "b".into(), text: "晚安".into() }];
        let mut seen = Vec::new();
        let mut progress = Progress::new(2);
        for content in [
            "<seg id=\"1\">Good",
            "<seg id=\"1\">Good morning</se",
            "<seg id=\"1\">Good morning</seg>\n<seg id=\"2\">Good",
        ] {
            progress.report(content, &segments, &mut |delta| seen.push((delta.id, delta.text_so_far)));
        }
        let seen: Vec<(&str, &str)> = seen.iter().map(|(id, text)| (id.as_str(), text.as_str())).collect();
        assert_eq!(seen, vec![("a", "Good"), ("a", "Good morning"), ("b", "Good")]);
    }

    #[test]
    fn traditional_targets_require_traditional_characters_and_regional_wording() {
        let rules = language_rules(None, &Lang::new("zh-TW"));
        assert!(rules.contains("Traditional Chinese characters") && rules.contains("Taiwan"), "{rules}");
        let rules = language_rules(None, &Lang::new("zh-HK"));
        assert!(rules.contains("Traditional Chinese characters") && rules.contains("Hong Kong"), "{rules}");
        let rules = language_rules(None, &Lang::new("zh-Hant"));
        assert!(
            rules.contains("never Simplified") && !rules.contains("Taiwan") && !rules.contains("Hong Kong"),
            "{rules}"
        );
        let rules = language_rules(Some(&Lang::new("zh-Hant")), &Lang::new("zh-Hans"));
        assert!(
            rules.contains("Simplified Chinese characters") && !rules.contains("Traditional Chinese characters"),
            "{rules}"
        );
    }
}
