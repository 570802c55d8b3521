//! Keeps secrets out of every message, detail and log line an `Http` client produces.

/// Replaces known secret values with `[redacted]`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    /// A redactor for these values.
    pub(crate) fn new(secrets: impl IntoIterator<Item = String>) -> Self {
        let mut redactor = Self::default();
        secrets.into_iter().for_each(|s| redactor.add(s));
        redactor
    }

    /// Adds a value (a refreshed token, a composed header).
    pub(crate) fn add(&mut self, secret: String) {
        // Very short values would redact ordinary words; they are not secrets worth the name.
        if secret.len() >= 4 && !self.secrets.contains(&secret) {
            // Also the forms a secret takes in a URL.
            let encoded =
                percent_encoding::utf8_percent_encode(&secret, percent_encoding::NON_ALPHANUMERIC).to_string();
            if encoded != secret && !self.secrets.contains(&encoded) {
                self.secrets.push(encoded);
            }
            self.secrets.push(secret);
            self.secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
    }

    /// `text` with every secret replaced.
    pub(crate) fn redact(&self, text: &str) -> String {
        self.secrets.iter().fold(text.to_owned(), |text, secret| text.replace(secret.as_str(), "[redacted]"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_secrets_and_their_url_form() {
        let redactor = Redactor::new(["sk_live_123".to_owned(), "a b/c?d".to_owned()]);
        assert_eq!(redactor.redact("key sk_live_123 bad"), "key [redacted] bad");
        assert_eq!(redactor.redact("?k=a%20b%2Fc%3Fd"), "?k=[redacted]");
    }
}
