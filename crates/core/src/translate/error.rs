//! What can go wrong talking to a provider, in terms a user (and the scheduler)
//! can act on. Messages are lowercase, say what was attempted, and never contain
//! a key.

use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TranslateError {
    /// 401, or a provider's "invalid key" answer.
    #[error("the provider rejected the API key ({detail})")]
    Unauthorized { detail: String },
    /// 403: the key is valid but not allowed to do this (or the wrong endpoint for it).
    #[error("the provider refused the request: {detail}")]
    Forbidden { detail: String },
    /// Quota or credit exhausted (DeepL 456, OpenAI insufficient_quota, Azure 403000…): not retried.
    #[error("the account's quota is exhausted ({detail})")]
    QuotaExceeded { detail: String },
    /// 429 / 529: retried after `retry_after` when the provider gave one.
    #[error("rate limited by the provider{}", retry_after.map(|d| format!(" (retry after {:.1} s)", d.as_secs_f64())).unwrap_or_default())]
    RateLimited { retry_after: Option<Duration> },
    /// 5xx: retried.
    #[error("the provider had a server error (HTTP {status})")]
    Server { status: u16, retry_after: Option<Duration> },
    /// 400 and other client errors: the request itself is wrong; not retried.
    #[error("the provider rejected the request (HTTP {status}): {detail}")]
    BadRequest { status: u16, detail: String },
    /// Connection refused, reset, DNS failure. `unreachable`: no connection
    /// could be made at all (refused, unknown host, TLS handshake): not retried,
    /// and the scheduler fails the rest of the job with it at once rather than
    /// trying every batch against a server that is not there. A reset on an
    /// open connection is retried.
    #[error("cannot reach {host}: {detail}")]
    Network { host: String, detail: String, unreachable: bool },
    /// No response within the timeout: retried.
    #[error("the provider did not answer within {} s", .after.as_secs())]
    Timeout { after: Duration },
    /// The response could not be understood (malformed JSON, wrong shape).
    #[error("unexpected response from the provider: {detail}")]
    Decode { detail: String },
    /// An error reported inside an otherwise successful response (HTTP 200 with an
    /// error body, or an error event mid-stream).
    #[error("the provider reported an error: {detail}")]
    Provider { detail: String, retryable: bool },
    /// An LLM answered with a different number of segments than it was given.
    #[error("the model returned {got} segments for {expected}")]
    Misaligned { expected: usize, got: usize },
    /// An LLM's answer was cut off by its output limit (`finish_reason:
    /// length`, `stop_reason: max_tokens`, `MAX_TOKENS`) before every segment
    /// was complete: `got` of `expected` came back whole. The scheduler splits
    /// the batch (and a single long segment into pieces) like a misaligned one.
    #[error("the model stopped before the end of its answer ({got} of {expected} segments complete)")]
    Truncated { expected: usize, got: usize },
    /// The profile is incomplete (no key, no model, bad base URL).
    #[error("the provider profile is incomplete: {detail}")]
    Config { detail: String },
    #[error("cancelled")]
    Cancelled,
}

impl TranslateError {
    /// Whether trying again later can succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            TranslateError::RateLimited { .. }
            | TranslateError::Server { .. }
            | TranslateError::Network { unreachable: false, .. }
            | TranslateError::Timeout { .. }
            | TranslateError::Decode { .. } => true,
            TranslateError::Provider { retryable, .. } => *retryable,
            _ => false,
        }
    }

    /// Whether the provider's server could not be reached at all: the whole
    /// job fails with this one error.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, TranslateError::Network { unreachable: true, .. })
    }

    /// The wait the provider asked for, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            TranslateError::RateLimited { retry_after } | TranslateError::Server { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The same error with `detail` as its words, for the kinds that carry
    /// some (a vendor's own message behind a gateway's status); others as they are.
    pub(crate) fn with_detail(self, detail: String) -> TranslateError {
        match self {
            TranslateError::Unauthorized { .. } => TranslateError::Unauthorized { detail },
            TranslateError::Forbidden { .. } => TranslateError::Forbidden { detail },
            TranslateError::QuotaExceeded { .. } => TranslateError::QuotaExceeded { detail },
            TranslateError::BadRequest { status, .. } => TranslateError::BadRequest { status, detail },
            TranslateError::Provider { retryable, .. } => TranslateError::Provider { detail, retryable },
            other => other,
        }
    }

    /// A stable name for the UI and the CLI's JSON to branch on.
    pub fn kind(&self) -> crate::error::ErrorKind {
        use crate::error::ErrorKind;
        match self {
            TranslateError::Unauthorized { .. } => ErrorKind::Unauthorized,
            TranslateError::Forbidden { .. } => ErrorKind::Forbidden,
            TranslateError::QuotaExceeded { .. } => ErrorKind::QuotaExceeded,
            TranslateError::RateLimited { .. } => ErrorKind::RateLimited,
            TranslateError::Server { .. } => ErrorKind::Server,
            TranslateError::BadRequest { .. } => ErrorKind::BadRequest,
            TranslateError::Network { .. } => ErrorKind::Network,
            TranslateError::Timeout { .. } => ErrorKind::Timeout,
            TranslateError::Decode { .. } => ErrorKind::UnexpectedResponse,
            TranslateError::Provider { .. } => ErrorKind::Provider,
            TranslateError::Misaligned { .. } => ErrorKind::Misaligned,
            TranslateError::Truncated { .. } => ErrorKind::Truncated,
            TranslateError::Config { .. } => ErrorKind::Config,
            TranslateError::Cancelled => ErrorKind::Cancelled,
        }
    }
}
