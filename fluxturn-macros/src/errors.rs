//! Collects every error of one item so the author sees them all in one compile.

use proc_macro2::{Span, TokenStream};
use std::fmt::Display;

/// Errors found so far, each spanned on the offending token.
#[derive(Default)]
pub struct Errors {
    combined: Option<syn::Error>,
}

impl Errors {
    /// Records an error at `span`.
    pub fn add(&mut self, span: Span, message: impl Display) {
        self.push(syn::Error::new(span, message));
    }

    /// Records an error spanned on `tokens` (all of them, not just the first).
    pub fn add_spanned(&mut self, tokens: impl quote::ToTokens, message: impl Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    /// Records an existing error (a syntax error from syn).
    pub fn push(&mut self, error: syn::Error) {
        match &mut self.combined {
            Some(combined) => combined.combine(error),
            None => self.combined = Some(error),
        }
    }

    /// How many errors were recorded.
    pub fn len(&self) -> usize {
        self.combined.as_ref().map_or(0, |e| e.into_iter().count())
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.combined.is_none()
    }

    /// The errors as `compile_error!` invocations (empty when there are none).
    pub fn to_compile_errors(&self) -> TokenStream {
        self.combined.as_ref().map(syn::Error::to_compile_error).unwrap_or_default()
    }
}

/// The candidate closest to `word`, when it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    // A prefix of a longer name (`bearer` for `bearer_token`) is the likeliest slip.
    if let Some(prefixed) = candidates.iter().find(|c| word.len() >= 3 && c.starts_with(word)) {
        return Some(prefixed);
    }
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(distance, c)| *distance <= (c.len().max(word.len()) / 3).max(2))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// `"; did you mean `x`?"` when a close candidate exists, else the list of valid values.
pub fn suggestion(word: &str, candidates: &[&str]) -> String {
    match closest(word, candidates.iter().copied()) {
        Some(best) => format!("; did you mean `{best}`?"),
        None => format!("; expected one of: {}", candidates.join(", ")),
    }
}
