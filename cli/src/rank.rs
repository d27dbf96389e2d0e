//! Quantile ranks as the command line takes them (`0.5,0.9,0.99`) and the
//! column names they print as (`p50`, `p90`, `p99`).

/// A rank in `[0, 1]` and its printed name.
#[derive(Clone, Debug, PartialEq)]
pub struct Rank {
    /// The rank.
    pub value: f64,
    /// `p` and the rank in percent, as written (`0.999` is `p99.9`).
    pub name: String,
}

/// Parses a rank: a plain decimal in `[0, 1]` (`0.5`, `.99`, `1`). The
/// name is made from the text, not the float, so that `0.999` prints as
/// `p99.9` rather than `p99.89999999999999`.
///
/// # Errors
///
/// A message for anything else (exponents, signs, numbers above 1).
pub fn parse_rank(text: &str) -> Result<Rank, String> {
    let t = text.trim();
    let bad = || format!("'{t}' is not a rank: expected a decimal from 0 to 1, e.g. 0.5 or 0.99");
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return Err(bad());
    }
    let value: f64 = t.parse().map_err(|_| bad())?;
    if !(0.0..=1.0).contains(&value) {
        return Err(bad());
    }
    // Percent: the decimal point moved two digits to the right.
    let mut frac = frac.to_string();
    while frac.len() < 2 {
        frac.push('0');
    }
    let (whole, rest) = frac.split_at(2);
    let whole = format!("{int}{whole}");
    let whole = whole.trim_start_matches('0');
    let rest = rest.trim_end_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let name = if rest.is_empty() {
        format!("p{whole}")
    } else {
        format!("p{whole}.{rest}")
    };
    Ok(Rank { value, name })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_text() {
        for (text, value, name) in [
            ("0.5", 0.5, "p50"),
            ("0.9", 0.9, "p90"),
            ("0.99", 0.99, "p99"),
            ("0.999", 0.999, "p99.9"),
            (".25", 0.25, "p25"),
            ("0", 0.0, "p0"),
            ("1", 1.0, "p100"),
            ("1.0", 1.0, "p100"),
            ("0.00001", 0.00001, "p0.001"),
            ("0.050", 0.05, "p5"),
        ] {
            let r = parse_rank(text).unwrap();
            assert_eq!((r.value, r.name.as_str()), (value, name), "{text}");
        }
    }

    #[test]
    fn other_text_is_refused() {
        for bad in ["", ".", "-0.5", "1.5", "2", "1e-3", "0.5x", "half", "+0.5"] {
            assert!(parse_rank(bad).is_err(), "{bad}");
        }
    }
}
