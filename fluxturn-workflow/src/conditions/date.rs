//! Instants for the `dateTime` operations: RFC 3339 text (and the shorter forms people type) or
//! epoch milliseconds, turned into milliseconds since 1970-01-01T00:00:00Z.

/// Milliseconds since the Unix epoch for an RFC 3339 date-time such as
/// `2024-03-01T10:15:00.250+02:00`, or the shorter forms users type: a date alone
/// (`2024-03-01`, midnight UTC), a space instead of `T`, seconds or fraction left out, an offset
/// left out (read as UTC), or an offset written `+0200` / `+02`.
pub(crate) fn parse_datetime_ms(text: &str) -> Option<f64> {
    let s = text.trim();
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut ms = days_from_civil(year, month, day) as f64 * 86_400_000.0;
    let rest = &b[10..];
    if rest.is_empty() {
        return Some(ms);
    }
    if !matches!(rest[0], b'T' | b't' | b' ') || rest.len() < 6 || rest[3] != b':' {
        return None;
    }
    let hour = digits(&rest[1..3])?;
    let minute = digits(&rest[4..6])?;
    let mut i = 6;
    let mut second = 0;
    let mut fraction_ms = 0.0;
    if rest.get(i) == Some(&b':') {
        second = digits(rest.get(i + 1..i + 3)?)?;
        i += 3;
        if rest.get(i) == Some(&b'.') || rest.get(i) == Some(&b',') {
            let start = i + 1;
            let mut end = start;
            while end < rest.len() && rest[end].is_ascii_digit() {
                end += 1;
            }
            if end == start {
                return None;
            }
            let frac: f64 = std::str::from_utf8(&rest[i..end]).ok()?.replace(',', ".").parse().ok()?;
            fraction_ms = frac * 1000.0;
            i = end;
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let offset_minutes = match &rest[i..] {
        [] | [b'Z'] | [b'z'] => 0,
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let (h, m) = match tail {
                [h1, h2] => (digits(&[*h1, *h2])?, 0),
                [h1, h2, b':', m1, m2] | [h1, h2, m1, m2] => (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?),
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            let total = h * 60 + m;
            if *sign == b'-' {
                -total
            } else {
                total
            }
        }
        _ => return None,
    };
    ms += ((hour * 60 + minute - offset_minutes) * 60 + second) as f64 * 1000.0 + fraction_ms;
    Some(ms)
}

fn digits(b: &[u8]) -> Option<i64> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let year_of_era = y - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::parse_datetime_ms;

    #[test]
    fn known_instants() {
        assert_eq!(parse_datetime_ms("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(parse_datetime_ms("2024-02-29"), Some(1_709_164_800_000.0));
        assert_eq!(parse_datetime_ms("2024-02-29T01:00:00+01:00"), Some(1_709_164_800_000.0));
        assert_eq!(parse_datetime_ms("2024-02-29 00:00:00.5z"), Some(1_709_164_800_500.0));
        assert_eq!(parse_datetime_ms("1969-12-31T23:59:59-0000"), Some(-1000.0));
        assert_eq!(parse_datetime_ms("2023-02-29"), None);
        assert_eq!(parse_datetime_ms("2024-13-01"), None);
        assert_eq!(parse_datetime_ms("yesterday"), None);
        assert_eq!(parse_datetime_ms("2024-01-01T10:00:00+5"), None);
    }
}
