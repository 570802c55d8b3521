//! HTML as plain text, both ways Gmail needs it: the text alternative of an HTML message we
//! send, and the text of a received message that only has an HTML part. Also the entities of
//! Gmail's snippets (`&#39;`), which arrive HTML-escaped.

/// Elements that start a new line of text.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figure",
    "footer",
    "form",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "section",
    "table",
    "tr",
    "ul",
];

/// Elements that stand apart from the text around them by an empty line.
const PARAGRAPHS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6", "p", "pre"];

/// Elements whose content is not text a reader sees.
const HIDDEN: &[&str] = &["head", "script", "style", "template", "title"];

/// Tags whose presence makes a text HTML rather than plain text with a stray `<`.
const COMMON_TAGS: &[&str] = &[
    "a",
    "b",
    "blockquote",
    "body",
    "br",
    "code",
    "div",
    "em",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "html",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "table",
    "td",
    "th",
    "tr",
    "u",
    "ul",
];

/// Whether `text` is HTML (it has one of the common tags, opening or closing) rather than plain
/// text: `a < b`, `<jane@example.com>` or `x<y>` stay plain text.
///
/// ```
/// use connector_gmail::html::looks_like_html;
/// assert!(looks_like_html("<p>Hello</p>"));
/// assert!(looks_like_html("Hi,<br/>there"));
/// assert!(!looks_like_html("Write to <jane@example.com> if 1 < 2"));
/// ```
pub fn looks_like_html(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.match_indices('<').any(|(at, _)| {
        let tag = lower[at + 1..].trim_start_matches('/');
        let name: String = tag.chars().take_while(char::is_ascii_alphanumeric).collect();
        if !COMMON_TAGS.contains(&name.as_str()) {
            return false;
        }
        let after = &tag[name.len()..];
        match after.chars().next() {
            Some('>' | '/') => true,
            // `<a href=...>`, `<br />`; not `a<b and b>c`.
            Some(c) if c.is_whitespace() => after.split_once('>').is_some_and(|(attributes, _)| {
                let attributes = attributes.trim();
                !attributes.contains('<') && (attributes.is_empty() || attributes == "/" || attributes.contains('='))
            }),
            _ => false,
        }
    })
}

/// The text a reader of `html` sees: tags removed, hidden elements (`script`, `style`, ...)
/// dropped, blocks and `<br>` as line breaks, paragraphs and headings apart by an empty line,
/// list items as `- item`, a link as `text (url)`, whitespace collapsed as a browser does
/// (but kept in `<pre>`), entities decoded.
///
/// ```
/// use connector_gmail::html::to_text;
/// let html = "<p>Hello <b>Jane</b>,</p><ul><li>one</li><li>two</li></ul><a href=\"https://x.test\">Site</a>";
/// assert_eq!(to_text(html), "Hello Jane,\n\n- one\n- two\nSite (https://x.test)");
/// ```
pub fn to_text(html: &str) -> String {
    let mut out = Text::default();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_text(&rest[..open]);
        let tag = &rest[open..];
        if let Some(comment) = tag.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(close) = tag.find('>') else {
            // A `<` that opens no tag is text.
            out.push_text(tag);
            rest = "";
            break;
        };
        let inside = &tag[1..close];
        rest = &tag[close + 1..];
        let closing = inside.starts_with('/');
        let name: String =
            inside.trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect::<String>();
        let name = name.to_ascii_lowercase();
        if name.is_empty() {
            // `<!DOCTYPE ...>`, `<?xml ...?>`: declarations show nothing.
            if !inside.starts_with(['!', '?']) {
                out.push_text(&tag[..close + 1]);
            }
            continue;
        }
        if HIDDEN.contains(&name.as_str()) && !closing {
            rest = skip_element(rest, &name);
            continue;
        }
        out.tag(&name, closing, inside);
    }
    out.push_text(rest);
    out.finish()
}

/// What follows the end tag of element `name` (all of `rest` when it never ends).
fn skip_element<'a>(rest: &'a str, name: &str) -> &'a str {
    let lower = rest.to_ascii_lowercase();
    let end_tag = format!("</{name}");
    match lower.find(&end_tag) {
        Some(at) => rest[at..].find('>').map_or("", |close| &rest[at + close + 1..]),
        None => "",
    }
}

/// Plain text being written from HTML.
#[derive(Default)]
struct Text {
    out: String,
    /// Inside `<pre>`: whitespace is kept.
    preformatted: usize,
    /// Where the text of the open link starts, and its address.
    link: Option<(usize, String)>,
}

impl Text {
    /// Character data, whitespace collapsed unless preformatted.
    fn push_text(&mut self, raw: &str) {
        let text = decode_entities(raw);
        if self.preformatted > 0 {
            self.out.push_str(&text);
            return;
        }
        for c in text.chars() {
            if c.is_whitespace() && c != '\u{a0}' {
                if !self.out.is_empty() && !self.out.ends_with([' ', '\n']) {
                    self.out.push(' ');
                }
            } else {
                self.out.push(c);
            }
        }
    }

    /// Ends the line, unless it is already empty.
    fn line_break(&mut self) {
        self.trim_line_end();
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    /// Ends the paragraph: the next text starts after an empty line.
    fn paragraph_break(&mut self) {
        self.line_break();
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn trim_line_end(&mut self) {
        let kept = self.out.trim_end_matches(' ').len();
        self.out.truncate(kept);
    }

    fn tag(&mut self, name: &str, closing: bool, inside: &str) {
        match name {
            "br" => {
                self.trim_line_end();
                self.out.push('\n');
            }
            "pre" if closing => {
                self.preformatted = self.preformatted.saturating_sub(1);
                self.paragraph_break();
            }
            "pre" => {
                self.paragraph_break();
                self.preformatted += 1;
            }
            "li" if !closing => {
                self.line_break();
                self.out.push_str("- ");
            }
            "td" | "th" if !closing && !self.out.is_empty() && !self.out.ends_with(['\n', ' ']) => {
                self.out.push(' ');
            }
            "a" if closing => {
                if let Some((start, href)) = self.link.take() {
                    let label = self.out[start..].trim();
                    let shown = href.strip_prefix("mailto:").unwrap_or(&href);
                    if !label.is_empty() && label != shown && label != href {
                        self.out.push_str(&format!(" ({href})"));
                    } else if label.is_empty() {
                        self.out.push_str(shown);
                    }
                }
            }
            "a" => {
                self.link = attribute(inside, "href")
                    .filter(|href| !href.is_empty() && !href.starts_with('#') && !href.starts_with("javascript:"))
                    .map(|href| (self.out.len(), href));
            }
            "img" => {
                if let Some(alt) = attribute(inside, "alt").filter(|alt| !alt.trim().is_empty()) {
                    self.push_text(&alt);
                }
            }
            _ if PARAGRAPHS.contains(&name) => self.paragraph_break(),
            _ if BLOCKS.contains(&name) => self.line_break(),
            _ => {}
        }
    }

    /// The text with trailing spaces trimmed from each line and at most one empty line in a row.
    fn finish(self) -> String {
        let mut result = String::with_capacity(self.out.len());
        let mut empty_lines = 0;
        for line in self.out.split('\n') {
            let line = line.trim_end();
            if line.is_empty() {
                empty_lines += 1;
                if empty_lines > 1 {
                    continue;
                }
            } else {
                empty_lines = 0;
            }
            result.push_str(line);
            result.push('\n');
        }
        result.replace('\u{a0}', " ").trim().to_owned()
    }
}

/// The value of attribute `name` in the inside of a tag (`a href="..." class=x`), decoded.
fn attribute(inside: &str, name: &str) -> Option<String> {
    let lower = inside.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before = lower[..at].chars().next_back();
        let after = lower[from..].trim_start();
        if !before.is_some_and(char::is_whitespace) || !after.starts_with('=') {
            continue;
        }
        let offset = inside.len() - after.len() + 1;
        let value = inside[offset..].trim_start();
        let value = match value.chars().next() {
            Some(quote @ ('"' | '\'')) => value[1..].split(quote).next().unwrap_or_default(),
            _ => value.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or_default(),
        };
        return Some(decode_entities(value));
    }
    None
}

/// `text` with its HTML character references decoded: `&amp;`, `&lt;`, `&#39;`, `&#x263A;`, the
/// common named ones; an unknown or unterminated reference stays as written. `&nbsp;` becomes
/// U+00A0.
///
/// ```
/// use connector_gmail::html::decode_entities;
/// assert_eq!(decode_entities("Tom &amp; Jerry&#39;s &lt;b&gt; &euro;5 &bogus;"), "Tom & Jerry's <b> €5 &bogus;");
/// ```
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let reference = &rest[amp + 1..];
        let decoded =
            reference.find(';').filter(|end| *end <= 10).and_then(|end| entity(&reference[..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &reference[end + 1..];
            }
            None => {
                out.push('&');
                rest = reference;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character of one reference, without its `&` and `;`.
fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "sect" => '§',
        "deg" => '°',
        "middot" => '·',
        "bull" => '•',
        "hellip" => '…',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "times" => '×',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_elements_comments_and_declarations_show_nothing() {
        let html = "<!DOCTYPE html><html><head><title>T</title><style>p{color:red}</style></head>\
                    <body><!-- note --><script>alert(1)</script><p>Visible</p></body></html>";
        assert_eq!(to_text(html), "Visible");
    }

    #[test]
    fn whitespace_collapses_outside_pre_and_line_breaks_stay() {
        let html = "<div>  a \n\n b </div><div>c<br>d</div><pre>  x\n   y</pre>after";
        assert_eq!(to_text(html), "a b\nc\nd\n\n  x\n   y\n\nafter");
    }

    #[test]
    fn links_show_their_address_once() {
        assert_eq!(to_text("<a href='https://x.test'>https://x.test</a>"), "https://x.test");
        assert_eq!(to_text("<a href=\"mailto:j@x.test\">j@x.test</a>"), "j@x.test");
        assert_eq!(to_text("<a href=https://x.test/a?b=1&amp;c=2>here</a>"), "here (https://x.test/a?b=1&c=2)");
        assert_eq!(to_text("<a href=\"#top\">Top</a>"), "Top");
        assert_eq!(to_text("<a class=\"x\" data-href=\"no\" href=\"https://y.test\"></a>"), "https://y.test");
    }

    #[test]
    fn tables_images_and_stray_brackets() {
        assert_eq!(to_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"), "a b\nc");
        assert_eq!(to_text("Logo: <img src=x alt=\"ACME\"> 1 < 2"), "Logo: ACME 1 < 2");
        assert_eq!(to_text("<p>a &nbsp; b</p>"), "a   b");
    }

    #[test]
    fn plain_text_with_angle_brackets_is_not_html() {
        assert!(!looks_like_html("Jane <jane@example.com>"));
        assert!(!looks_like_html("if a<b and b>c"));
        assert!(!looks_like_html("<"));
        assert!(looks_like_html("<DIV class=x>Hi</DIV>"));
        assert!(looks_like_html("text then </p>"));
    }

    #[test]
    fn numeric_and_unterminated_references() {
        assert_eq!(decode_entities("&#x1F600; &#65; & &amp &#xZZ; &#1114112;"), "😀 A & &amp &#xZZ; &#1114112;");
    }
}
