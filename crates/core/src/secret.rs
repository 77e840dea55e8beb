//! A secret (an API key, a proxy's password): its `Debug` is redacted, it is
//! not `Serialize`, and it is only read (`expose`) where a request to its own
//! provider or proxy is built.

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn secrets_are_redacted_in_debug_output() {
        let shown = format!("{:?}", Some(Secret::new("sk-very-secret")));
        assert!(!shown.contains("sk-very-secret") && shown.contains("<redacted>"), "{shown}");
    }
}
