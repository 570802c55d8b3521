//! Doc comments as data, paragraphs kept (as clap does): the first paragraph is the short
//! description, the rest the long help.

/// An item's doc comment.
#[derive(Clone, Default)]
pub struct Doc {
    /// The first paragraph, its lines joined with spaces.
    pub short: Option<String>,
    /// The other paragraphs, separated by a blank line.
    pub long: Option<String>,
}

impl Doc {
    /// The doc comment of an item (`///` lines and `#[doc = "..."]`).
    pub fn of(attrs: &[syn::Attribute]) -> Self {
        let mut paragraphs: Vec<String> = Vec::new();
        let mut current: Vec<String> = Vec::new();
        let lines = attrs.iter().filter(|a| a.path().is_ident("doc")).filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        });
        // `///` alone is `#[doc = ""]`, which has no lines: it is a blank line too.
        let lines = lines.flat_map(|text| {
            if text.trim().is_empty() {
                vec![String::new()]
            } else {
                text.lines().map(|l| l.trim().to_owned()).collect()
            }
        });
        for line in lines {
            if line.is_empty() {
                if !current.is_empty() {
                    paragraphs.push(current.join(" "));
                    current.clear();
                }
            } else {
                current.push(line);
            }
        }
        if !current.is_empty() {
            paragraphs.push(current.join(" "));
        }
        let mut paragraphs = paragraphs.into_iter();
        let short = paragraphs.next();
        let rest: Vec<String> = paragraphs.collect();
        Self { short, long: (!rest.is_empty()).then(|| rest.join("\n\n")) }
    }
}

#[cfg(test)]
mod tests {
    use super::Doc;

    #[test]
    fn first_paragraph_is_short_rest_is_long() {
        let item: syn::ItemStruct = syn::parse_quote! {
            /// Sends a message
            /// to a channel.
            ///
            /// The bot must be a member.
            ///
            /// Rate limited.
            struct S;
        };
        let doc = Doc::of(&item.attrs);
        assert_eq!(doc.short.as_deref(), Some("Sends a message to a channel."));
        assert_eq!(doc.long.as_deref(), Some("The bot must be a member.\n\nRate limited."));
        assert!(Doc::of(&[]).short.is_none());
    }
}
