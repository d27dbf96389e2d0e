//! Splitting a CSV line into fields, and quoting a field for CSV output.
//!
//! Fields are separated by one delimiter byte. A field that starts with `"`
//! is quoted: it runs to the next lone `"`, a doubled `""` inside it is one
//! quote, and the delimiter inside it is text. After the closing quote comes
//! the delimiter or the end of the line. Unquoted fields are taken as they
//! are (a `"` inside one is text). Only the fields up to the highest one a
//! job needs are split out.

use std::borrow::Cow;

/// The fields `0..=last` of `line` (fewer if the line has fewer).
///
/// # Errors
///
/// A message for an unterminated quoted field or text after a closing
/// quote.
pub fn split(line: &str, delimiter: u8, last: usize) -> Result<Vec<Cow<'_, str>>, String> {
    let bytes = line.as_bytes();
    let mut fields = Vec::with_capacity(last.saturating_add(1).min(32));
    let mut at = 0;
    loop {
        if bytes.get(at) == Some(&b'"') {
            let (field, next) = quoted(line, at)?;
            fields.push(field);
            at = next;
            match bytes.get(at) {
                None => return Ok(fields),
                Some(&b) if b == delimiter => at += 1,
                Some(_) => {
                    return Err(format!(
                        "text after the closing quote of field {}",
                        fields.len() - 1
                    ))
                }
            }
        } else {
            // The delimiter is ASCII, so a byte search stays on char boundaries.
            match bytes[at..].iter().position(|&b| b == delimiter) {
                Some(len) => {
                    fields.push(Cow::Borrowed(&line[at..at + len]));
                    at += len + 1;
                }
                None => {
                    fields.push(Cow::Borrowed(&line[at..]));
                    return Ok(fields);
                }
            }
        }
        if fields.len() > last {
            return Ok(fields);
        }
    }
}

/// The quoted field starting at `start` (a `"`): its text and the index
/// just after its closing quote.
fn quoted(line: &str, start: usize) -> Result<(Cow<'_, str>, usize), String> {
    let bytes = line.as_bytes();
    let mut owned: Option<String> = None;
    let mut piece = start + 1;
    let mut at = start + 1;
    loop {
        match bytes[at..].iter().position(|&b| b == b'"') {
            None => return Err("a quoted field has no closing quote".to_string()),
            Some(offset) => {
                let quote = at + offset;
                if bytes.get(quote + 1) == Some(&b'"') {
                    // A doubled quote: keep one.
                    owned
                        .get_or_insert_with(String::new)
                        .push_str(&line[piece..=quote]);
                    at = quote + 2;
                    piece = at;
                } else {
                    let field = match owned {
                        Some(mut s) => {
                            s.push_str(&line[piece..quote]);
                            Cow::Owned(s)
                        }
                        None => Cow::Borrowed(&line[piece..quote]),
                    };
                    return Ok((field, quote + 1));
                }
            }
        }
    }
}

/// `field` as a CSV field: quoted (with inner quotes doubled) if it holds
/// the delimiter, a quote or a line end, as it is otherwise. [`split`]
/// reads it back.
pub fn quote(field: &str, delimiter: u8) -> Cow<'_, str> {
    let special = |b: u8| b == delimiter || b == b'"' || b == b'\n' || b == b'\r';
    if field.bytes().any(special) {
        Cow::Owned(format!("\"{}\"", field.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(line: &str) -> Result<Vec<String>, String> {
        split(line, b',', usize::MAX - 1).map(|v| v.into_iter().map(Cow::into_owned).collect())
    }

    #[test]
    fn plain_fields() {
        assert_eq!(all("a,b,,c").unwrap(), ["a", "b", "", "c"]);
        assert_eq!(all("").unwrap(), [""]);
        assert_eq!(all("a,").unwrap(), ["a", ""]);
        assert_eq!(all("x\"y,z").unwrap(), ["x\"y", "z"]);
        assert_eq!(split("a;b;c", b';', 1).unwrap(), ["a", "b"]);
        assert_eq!(all("é,ü").unwrap(), ["é", "ü"]);
    }

    #[test]
    fn quoted_fields() {
        assert_eq!(all("\"a,b\",c").unwrap(), ["a,b", "c"]);
        assert_eq!(all("\"say \"\"hi\"\"\",x").unwrap(), ["say \"hi\"", "x"]);
        assert_eq!(all("\"\",\"\"\"\"").unwrap(), ["", "\""]);
        assert_eq!(all("1,\"last\"").unwrap(), ["1", "last"]);
        assert!(all("\"open,b").is_err());
        assert!(all("\"a\"b,c").is_err());
    }

    #[test]
    fn quoted_fields_read_back() {
        let fields = ["plain", "a,b", "say \"hi\"", "", "\"", "x\ny", "é;ü"];
        let line: Vec<String> = fields.iter().map(|f| quote(f, b',').into_owned()).collect();
        let line = line.join(",");
        // `split` reads one line: the line end inside a field is the one
        // thing it cannot carry, so compare up to it.
        let back = all(&line.replace('\n', " ")).unwrap();
        let want: Vec<String> = fields.iter().map(|f| f.replace('\n', " ")).collect();
        assert_eq!(back, want);
        assert_eq!(quote("plain", b','), "plain");
        assert_eq!(quote("a;b", b';'), "\"a;b\"");
    }
}
