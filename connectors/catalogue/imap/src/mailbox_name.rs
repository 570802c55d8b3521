//! Mailbox names as IMAP writes them: modified UTF-7 (RFC 3501, 5.1.3).

use base64::Engine;

/// `name` in modified UTF-7: printable ASCII as is (`&` as `&-`), every other run of characters
/// as `&` + base64 of its UTF-16 (with `,` for `/`, unpadded) + `-`. "Entwürfe" → "Entw&APw-rfe".
pub(super) fn encode(name: &str) -> String {
    let mut encoded = String::with_capacity(name.len());
    let mut run: Vec<u16> = Vec::new();
    for c in name.chars() {
        if (' '..='~').contains(&c) {
            flush(&mut run, &mut encoded);
            if c == '&' {
                encoded.push_str("&-");
            } else {
                encoded.push(c);
            }
        } else {
            let mut units = [0u16; 2];
            run.extend_from_slice(c.encode_utf16(&mut units));
        }
    }
    flush(&mut run, &mut encoded);
    encoded
}

fn flush(run: &mut Vec<u16>, encoded: &mut String) {
    if run.is_empty() {
        return;
    }
    let bytes: Vec<u8> = run.iter().flat_map(|unit| unit.to_be_bytes()).collect();
    let base64 = base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes);
    encoded.push('&');
    encoded.push_str(&base64.replace('/', ","));
    encoded.push('-');
    run.clear();
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn names_are_written_in_modified_utf7() {
        assert_eq!(encode("INBOX"), "INBOX");
        assert_eq!(encode("[Gmail]/Sent Mail"), "[Gmail]/Sent Mail");
        assert_eq!(encode("Entwürfe"), "Entw&APw-rfe");
        assert_eq!(encode("Tom & Jerry"), "Tom &- Jerry");
        // RFC 3501's example: "~peter/mail/台北/日本語".
        assert_eq!(encode("~peter/mail/台北/日本語"), "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
    }
}
