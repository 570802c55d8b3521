//! A1 notation as the Sheets API reads it: a sheet name in single quotes (so that names with
//! spaces, punctuation, or that look like a cell such as `Q3` or `DF1`, still mean the sheet),
//! then `!` and the cells.
//!
//! ```
//! use connector_google_sheets::a1;
//! assert_eq!(a1::range(Some("Sales 2024"), Some("A2:C2")), "'Sales 2024'!A2:C2");
//! assert_eq!(a1::range(Some("Sheet1"), Some("'Bob''s'!B3")), "'Bob''s'!B3");
//! assert_eq!(a1::range(Some("Q3"), Some("7")), "'Q3'!7:7");
//! assert_eq!(a1::range(None, None), "A1");
//! ```

/// `name` in single quotes, a quote inside it doubled; a name already quoted is kept as meant.
///
/// ```
/// use connector_google_sheets::a1::quote_sheet;
/// assert_eq!(quote_sheet("Bob's list"), "'Bob''s list'");
/// assert_eq!(quote_sheet("'Bob''s list'"), "'Bob''s list'");
/// ```
pub fn quote_sheet(name: &str) -> String {
    format!("'{}'", unquote_sheet(name.trim()).replace('\'', "''"))
}

/// A sheet name as written in A1 notation (`'Bob''s'`) as the name itself (`Bob's`).
fn unquote_sheet(name: &str) -> String {
    match name.strip_prefix('\'').and_then(|n| n.strip_suffix('\'')) {
        Some(inner) => inner.replace("''", "'"),
        None => name.to_owned(),
    }
}

/// The range of `sheet` (`None` or blank: the spreadsheet's first sheet) that `cells` names:
/// cells such as `A2:C9`, `B:B` or `3:5`, a row number (`7`, the whole row), nothing (the whole
/// sheet), or a full reference with its own sheet (`Other!A1`, which wins over `sheet`).
pub fn range(sheet: Option<&str>, cells: Option<&str>) -> String {
    let sheet = sheet.map(str::trim).filter(|s| !s.is_empty());
    let cells = cells.map(str::trim).filter(|c| !c.is_empty());
    if let Some((own_sheet, cells)) = cells.and_then(split) {
        return format!("{}!{}", quote_sheet(&own_sheet), cells);
    }
    let cells = cells.map(|c| if c.bytes().all(|b| b.is_ascii_digit()) { format!("{c}:{c}") } else { c.to_owned() });
    match (sheet, cells) {
        (Some(sheet), Some(cells)) => format!("{}!{cells}", quote_sheet(sheet)),
        (Some(sheet), None) => quote_sheet(sheet),
        (None, Some(cells)) => cells,
        (None, None) => "A1".to_owned(),
    }
}

/// A reference's sheet name (unquoted) and cells: `'My ''x'' tab'!A1:B2` → (`My 'x' tab`,
/// `A1:B2`); `None` when it names no sheet.
pub fn split(reference: &str) -> Option<(String, &str)> {
    if let Some(rest) = reference.strip_prefix('\'') {
        // The closing quote is a quote not followed by another one.
        let bytes = rest.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'\'' {
                if bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                let cells = rest[i + 1..].strip_prefix('!')?;
                return Some((rest[..i].replace("''", "'"), cells));
            }
            i += 1;
        }
        return None;
    }
    // Cells never hold a `!`; an unquoted name cannot either, but split at the last one anyway.
    reference.rsplit_once('!').map(|(sheet, cells)| (sheet.to_owned(), cells))
}

/// Where a range of cells starts: its column (0 for A) and row (1-based). `A5:C9` → (0, 5),
/// `C:E` → (2, 1), `4:6` → (0, 4); `None` for what is not A1 (a named range).
///
/// ```
/// use connector_google_sheets::a1::start;
/// assert_eq!(start("C5:E9"), Some((2, 5)));
/// assert_eq!(start("AA:AB"), Some((26, 1)));
/// assert_eq!(start("4:6"), Some((0, 4)));
/// assert_eq!(start("Contacts"), None);
/// ```
pub fn start(cells: &str) -> Option<(usize, u64)> {
    let first = cells.split(':').next()?.trim();
    let letters = first.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (column, row) = first.split_at(letters);
    if column.is_empty() && row.is_empty() || letters > 3 || !row.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let column = if column.is_empty() { 0 } else { column_index(column)? };
    let row = if row.is_empty() { 1 } else { row.parse().ok().filter(|r| *r > 0)? };
    Some((column, row))
}

/// The 0-based index of a column's letters (`A` → 0, `AA` → 26).
fn column_index(letters: &str) -> Option<usize> {
    letters
        .bytes()
        .try_fold(0usize, |index, b| {
            let digit = usize::from(b.to_ascii_uppercase().checked_sub(b'A')?) + 1;
            (digit <= 26).then_some(index * 26 + digit)
        })?
        .checked_sub(1)
}

/// The letters of a 0-based column index (0 → `A`, 26 → `AA`).
///
/// ```
/// use connector_google_sheets::a1::column;
/// assert_eq!((column(0), column(25), column(26), column(701), column(702)), ("A".into(), "Z".into(), "AA".into(), "ZZ".into(), "AAA".into()));
/// ```
pub fn column(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_always_quoted_so_a_cell_like_name_stays_a_sheet() {
        assert_eq!(range(Some("DF1"), None), "'DF1'");
        assert_eq!(range(Some(" Sheet1 "), Some(" A1:B2 ")), "'Sheet1'!A1:B2");
        assert_eq!(range(Some("Q&A!"), Some("B2")), "'Q&A!'!B2");
    }

    #[test]
    fn a_reference_with_its_own_sheet_keeps_it_and_is_requoted() {
        assert_eq!(range(Some("Sheet1"), Some("My Tab!A1")), "'My Tab'!A1");
        assert_eq!(range(None, Some("'It''s'!C:C")), "'It''s'!C:C");
        assert_eq!(split("'a!b'!A1"), Some(("a!b".to_owned(), "A1")));
        assert_eq!(split("A1:B2"), None);
        assert_eq!(split("'unterminated!A1"), None);
    }

    #[test]
    fn without_a_sheet_the_cells_name_the_first_sheet() {
        assert_eq!(range(None, Some("B2:C3")), "B2:C3");
        assert_eq!(range(Some(""), Some("3")), "3:3");
    }

    #[test]
    fn starts_and_columns_round_trip() {
        for index in [0, 1, 25, 26, 27, 51, 52, 701, 702, 18_277] {
            assert_eq!(column_index(&column(index)), Some(index), "{index}");
        }
        assert_eq!(start("b7"), Some((1, 7)));
        assert_eq!(start("A0"), None);
        assert_eq!(start("ABCD1"), None);
    }
}
