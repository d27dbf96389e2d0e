//! Timestamps: epoch numbers and RFC 3339 text to milliseconds since the
//! Unix epoch, and back to RFC 3339 for the table.
//!
//! RFC 3339 is parsed by hand: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`,
//! with `t` or a space accepted for `T` and `z` for `Z` (RFC 3339 §5.6 and
//! its note on the space). The civil date becomes a day count with Howard
//! Hinnant's `days_from_civil`, which is exact for the proleptic Gregorian
//! calendar. Fractions of a millisecond are truncated; a leap second (`:60`)
//! is counted as the first second of the next minute, as POSIX time does.
//! Times before the epoch are refused (the engine's clock is unsigned).

use crate::args::TimeUnit;

/// Days from 1970-01-01 to the civil date `y-m-d` (proleptic Gregorian;
/// negative before the epoch).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // [0, 399]
    let m = i64::from(m);
    let mp = (m + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// The civil date `(y, m, d)` of day `z` since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Whether `y` is a Gregorian leap year.
fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in month `m` (1-12) of year `y`.
fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 31,
    }
}

/// A fixed-width run of ASCII digits at `at`, as a number.
fn digits(s: &[u8], at: usize, n: usize) -> Option<u32> {
    let part = s.get(at..at + n)?;
    part.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

/// Whether the byte at `at` is one of `what`.
fn expect(s: &[u8], at: usize, what: &[u8]) -> bool {
    s.get(at).is_some_and(|b| what.contains(b))
}

/// Parses an RFC 3339 timestamp into milliseconds since the epoch.
///
/// # Errors
///
/// A message naming what is wrong (shape, a field out of range, a time
/// before 1970).
pub fn parse_rfc3339(text: &str) -> Result<u64, String> {
    let bad = |why: &str| format!("'{text}' is not an RFC 3339 timestamp ({why})");
    let s = text.as_bytes();
    let field = |at, n, what: &str| digits(s, at, n).ok_or_else(|| bad(what));
    let year = field(0, 4, "year: 4 digits")?;
    if !expect(s, 4, b"-") || !expect(s, 7, b"-") {
        return Err(bad("expected YYYY-MM-DD"));
    }
    let month = field(5, 2, "month: 2 digits")?;
    let day = field(8, 2, "day: 2 digits")?;
    if !expect(s, 10, b"Tt ") {
        return Err(bad("expected T between date and time"));
    }
    let hour = field(11, 2, "hour: 2 digits")?;
    if !expect(s, 13, b":") || !expect(s, 16, b":") {
        return Err(bad("expected HH:MM:SS"));
    }
    let minute = field(14, 2, "minute: 2 digits")?;
    let second = field(17, 2, "second: 2 digits")?;
    let year = i64::from(year);
    if !(1..=12).contains(&month) {
        return Err(bad("month out of range"));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(bad("day out of range for the month"));
    }
    if hour > 23 || minute > 59 || second > 60 {
        return Err(bad("time of day out of range"));
    }
    let mut at = 19;
    let mut millis = 0u32;
    if expect(s, at, b".") {
        at += 1;
        let start = at;
        while s.get(at).is_some_and(u8::is_ascii_digit) {
            if at - start < 3 {
                millis = millis * 10 + u32::from(s[at] - b'0');
            }
            at += 1;
        }
        if at == start {
            return Err(bad("empty fraction of a second"));
        }
        for _ in (at - start)..3 {
            millis *= 10;
        }
    }
    let offset_s: i64 = match s.get(at) {
        Some(b'Z' | b'z') => {
            at += 1;
            0
        }
        Some(&sign @ (b'+' | b'-')) => {
            let oh = field(at + 1, 2, "offset hours: 2 digits")?;
            if !expect(s, at + 3, b":") {
                return Err(bad("expected an offset ±HH:MM"));
            }
            let om = field(at + 4, 2, "offset minutes: 2 digits")?;
            if oh > 23 || om > 59 {
                return Err(bad("offset out of range"));
            }
            at += 6;
            let o = i64::from(oh * 3600 + om * 60);
            if sign == b'+' {
                o
            } else {
                -o
            }
        }
        _ => return Err(bad("missing Z or an offset ±HH:MM")),
    };
    if at != s.len() {
        return Err(bad("unexpected text after the offset"));
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second) - offset_s;
    let ms = secs * 1000 + i64::from(millis);
    u64::try_from(ms).map_err(|_| bad("before 1970, the start of the engine's clock"))
}

/// Parses a timestamp given as text: an epoch number in `unit` (digits, and
/// for seconds an optional fraction) or an RFC 3339 timestamp.
///
/// # Errors
///
/// A message naming what is wrong.
pub fn parse_timestamp(text: &str, unit: TimeUnit) -> Result<u64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("empty timestamp".to_string());
    }
    let numeric = text.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if !numeric {
        return parse_rfc3339(text);
    }
    match unit {
        TimeUnit::Ms => text
            .parse::<u64>()
            .map_err(|_| format!("'{text}' is not a timestamp in epoch milliseconds")),
        TimeUnit::S => {
            let seconds: f64 = text
                .parse()
                .map_err(|_| format!("'{text}' is not a timestamp in epoch seconds"))?;
            epoch_number(seconds * 1000.0, text)
        }
    }
}

/// A JSON number as a timestamp in `unit`.
///
/// # Errors
///
/// A message for a negative, fractional-millisecond-overflowing or
/// non-finite number.
pub fn timestamp_from_number(n: f64, unit: TimeUnit) -> Result<u64, String> {
    let ms = match unit {
        TimeUnit::Ms => n,
        TimeUnit::S => n * 1000.0,
    };
    epoch_number(ms, &n.to_string())
}

/// Milliseconds `ms` (of the input `text`) as a timestamp after 1970.
fn epoch_number(ms: f64, text: &str) -> Result<u64, String> {
    // 2^53 ms is year 287396: anything beyond is not a real timestamp.
    if !(0.0..9_007_199_254_740_992.0).contains(&ms) {
        return Err(format!("'{text}' is not a timestamp after 1970"));
    }
    Ok(ms.floor() as u64)
}

/// Milliseconds since the epoch as RFC 3339 in UTC, with milliseconds only
/// when they are not zero: `2026-12-03T10:00:00Z`, `…T10:00:00.250Z`.
pub fn format_rfc3339(ms: u64) -> String {
    let secs = (ms / 1000) as i64;
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let tod = secs.rem_euclid(86_400);
    let (hh, mm, ss) = (tod / 3600, tod / 60 % 60, tod % 60);
    let frac = ms % 1000;
    if frac == 0 {
        format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
    } else {
        format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}.{frac:03}Z")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        for z in (-800_000..800_000).step_by(97) {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }

    #[test]
    fn rfc3339() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Ok(0));
        assert_eq!(parse_rfc3339("2026-12-03T10:00:00Z"), Ok(1_796_292_000_000));
        assert_eq!(
            parse_rfc3339("2026-12-03T11:00:00+01:00"),
            Ok(1_796_292_000_000)
        );
        assert_eq!(
            parse_rfc3339("2026-12-03T04:30:00-05:30"),
            Ok(1_796_292_000_000)
        );
        assert_eq!(
            parse_rfc3339("2026-12-03T10:00:00.25Z"),
            Ok(1_796_292_000_250)
        );
        assert_eq!(
            parse_rfc3339("2026-12-03t10:00:00.123456789z"),
            Ok(1_796_292_000_123)
        );
        assert_eq!(
            parse_rfc3339("2026-12-03 10:00:00.1Z"),
            Ok(1_796_292_000_100)
        );
        assert_eq!(parse_rfc3339("2024-02-29T00:00:00Z"), Ok(1_709_164_800_000));
        assert_eq!(parse_rfc3339("2016-12-31T23:59:60Z"), Ok(1_483_228_800_000));
        for bad in [
            "2026-12-03",
            "2026-12-03T10:00:00",
            "2026-13-03T10:00:00Z",
            "2023-02-29T00:00:00Z",
            "2026-12-03T24:00:00Z",
            "2026-12-03T10:00:00.Z",
            "2026-12-03T10:00:00+1:00",
            "2026-12-03T10:00:00Zjunk",
            "1969-12-31T23:59:59Z",
            "٢٠٢٦-12-03T10:00:00Z",
        ] {
            assert!(parse_rfc3339(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn epochs() {
        assert_eq!(
            parse_timestamp("1796292000000", TimeUnit::Ms),
            Ok(1_796_292_000_000)
        );
        assert_eq!(
            parse_timestamp("1796292000", TimeUnit::S),
            Ok(1_796_292_000_000)
        );
        assert_eq!(
            parse_timestamp("1796292000.5", TimeUnit::S),
            Ok(1_796_292_000_500)
        );
        assert!(parse_timestamp("12.5", TimeUnit::Ms).is_err());
        assert!(parse_timestamp("", TimeUnit::Ms).is_err());
        assert!(parse_timestamp("-5", TimeUnit::Ms).is_err());
        assert_eq!(timestamp_from_number(1.5, TimeUnit::S), Ok(1500));
        assert!(timestamp_from_number(-1.0, TimeUnit::Ms).is_err());
        assert!(timestamp_from_number(f64::NAN, TimeUnit::Ms).is_err());
    }

    #[test]
    fn formatting() {
        assert_eq!(format_rfc3339(1_796_292_000_000), "2026-12-03T10:00:00Z");
        assert_eq!(
            format_rfc3339(1_796_292_000_250),
            "2026-12-03T10:00:00.250Z"
        );
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00Z");
    }
}
