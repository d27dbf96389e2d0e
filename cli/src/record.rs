//! One input record: the fields a job needs, taken from a CSV or JSON line.

use std::borrow::Cow;

use serde_json::Value;

use crate::args::{InputFormat, TimeUnit};
use crate::columns;
use crate::time::{parse_timestamp, timestamp_from_number};

/// The fields of one record that the sketches and the engine use.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// The group-by key (empty when the job has no key).
    pub key: String,
    /// Event time in milliseconds since the epoch (0 on arrival time).
    pub time_ms: u64,
    /// The value counted by the distinct-count sketch.
    pub distinct: Option<String>,
    /// The value counted by the heavy-hitter sketch.
    pub top: Option<String>,
    /// The number fed to the quantile sketch.
    pub value: Option<f64>,
}

/// Where a field is in a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    /// A 0-based CSV column.
    Column(usize),
    /// A JSON key.
    Key(String),
}

impl Field {
    /// The field `spec` names in `format`.
    ///
    /// # Errors
    ///
    /// For CSV, a spec that is not a column number.
    pub fn parse(flag: &str, spec: &str, format: InputFormat) -> Result<Field, String> {
        match format {
            InputFormat::Json => Ok(Field::Key(spec.to_string())),
            InputFormat::Csv => spec.parse().map(Field::Column).map_err(|_| {
                format!(
                    "--{flag} '{spec}': CSV fields are 0-based column numbers (use --format json for keys)"
                )
            }),
        }
    }

    /// How messages name the field.
    fn name(&self) -> String {
        match self {
            Field::Column(i) => format!("field {i}"),
            Field::Key(k) => format!("field \"{k}\""),
        }
    }
}

/// Which fields a job reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fields {
    /// The group-by key.
    pub key: Option<Field>,
    /// The distinct-count field.
    pub distinct: Option<Field>,
    /// The heavy-hitter field.
    pub top: Option<Field>,
    /// The quantile field.
    pub quantiles: Option<Field>,
    /// The event-time field.
    pub time: Option<Field>,
}

/// Turns lines into [`Record`]s.
#[derive(Clone, Debug)]
pub struct RecordParser {
    /// CSV or JSON.
    format: InputFormat,
    /// The CSV delimiter.
    delimiter: u8,
    /// Which fields to read.
    fields: Fields,
    /// The unit of numeric timestamps.
    unit: TimeUnit,
    /// The highest CSV column read (the split stops there).
    last_column: usize,
}

/// One line's fields, however the line was split.
enum Line<'a> {
    /// CSV fields up to the highest one read.
    Csv(Vec<Cow<'a, str>>),
    /// A JSON object.
    Json(serde_json::Map<String, Value>),
}

impl Line<'_> {
    /// The value of `field`; `None` if it is missing (or JSON null).
    fn get(&self, field: &Field) -> Option<FieldValue<'_>> {
        match (self, field) {
            (Line::Csv(cols), Field::Column(i)) => cols.get(*i).map(|c| FieldValue::Text(c)),
            (Line::Json(map), Field::Key(k)) => match map.get(k) {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(FieldValue::Text(s)),
                Some(Value::Number(n)) => Some(FieldValue::Number(n)),
                Some(other) => Some(FieldValue::Other(other)),
            },
            _ => None,
        }
    }
}

/// A field's value as found in the line.
enum FieldValue<'a> {
    /// A CSV field or a JSON string.
    Text(&'a str),
    /// A JSON number.
    Number(&'a serde_json::Number),
    /// A JSON bool, array or object.
    Other(&'a Value),
}

impl FieldValue<'_> {
    /// The value as text (a non-string JSON value as its JSON).
    fn text(&self) -> String {
        match self {
            FieldValue::Text(s) => (*s).to_string(),
            FieldValue::Number(n) => n.to_string(),
            FieldValue::Other(v) => v.to_string(),
        }
    }
}

/// `x` if it is finite (DDSketch refuses NaN and infinities).
fn finite(x: f64, text: &str) -> Result<f64, String> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(format!("'{text}' is not a finite number"))
    }
}

impl RecordParser {
    /// A parser of `format` lines reading `fields`.
    pub fn new(format: InputFormat, delimiter: u8, fields: Fields, unit: TimeUnit) -> Self {
        let last_column = [
            &fields.key,
            &fields.distinct,
            &fields.top,
            &fields.quantiles,
            &fields.time,
        ]
        .into_iter()
        .filter_map(|f| match f {
            Some(Field::Column(i)) => Some(*i),
            _ => None,
        })
        .max()
        .unwrap_or(0);
        RecordParser {
            format,
            delimiter,
            fields,
            unit,
            last_column,
        }
    }

    /// The record in `line`.
    ///
    /// # Errors
    ///
    /// Why the line is bad: not a JSON object, an unterminated quote, a
    /// missing field, a number or timestamp that does not parse.
    pub fn parse(&self, line: &str) -> Result<Record, String> {
        let split = match self.format {
            InputFormat::Csv => Line::Csv(columns::split(line, self.delimiter, self.last_column)?),
            InputFormat::Json => match serde_json::from_str::<Value>(line) {
                Ok(Value::Object(map)) => Line::Json(map),
                Ok(_) => return Err("not a JSON object".to_string()),
                Err(e) => return Err(format!("not JSON: {e}")),
            },
        };
        let get = |field: &Option<Field>| -> Result<Option<FieldValue<'_>>, String> {
            match field {
                None => Ok(None),
                Some(f) => split
                    .get(f)
                    .map(Some)
                    .ok_or_else(|| format!("missing {}", f.name())),
            }
        };
        let key = get(&self.fields.key)?.map_or_else(String::new, |v| v.text());
        let distinct = get(&self.fields.distinct)?.map(|v| v.text());
        let top = get(&self.fields.top)?.map(|v| v.text());
        let value = match get(&self.fields.quantiles)? {
            None => None,
            Some(FieldValue::Number(n)) => {
                let x = n.as_f64().ok_or_else(|| format!("'{n}' is not a number"))?;
                Some(finite(x, &n.to_string())?)
            }
            Some(FieldValue::Text(s)) => {
                let t = s.trim();
                let x: f64 = t.parse().map_err(|_| format!("'{t}' is not a number"))?;
                Some(finite(x, t)?)
            }
            Some(FieldValue::Other(v)) => return Err(format!("{v} is not a number")),
        };
        let time_ms = match get(&self.fields.time)? {
            None => 0,
            Some(FieldValue::Text(s)) => parse_timestamp(s, self.unit)?,
            Some(FieldValue::Number(n)) => {
                let x = n
                    .as_f64()
                    .ok_or_else(|| format!("'{n}' is not a timestamp"))?;
                if let (Some(ms), TimeUnit::Ms) = (n.as_u64(), self.unit) {
                    ms
                } else {
                    timestamp_from_number(x, self.unit)?
                }
            }
            Some(FieldValue::Other(v)) => return Err(format!("{v} is not a timestamp")),
        };
        Ok(Record {
            key,
            time_ms,
            distinct,
            top,
            value,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_parser() -> RecordParser {
        let fields = Fields {
            key: Some(Field::Column(1)),
            distinct: Some(Field::Column(2)),
            top: Some(Field::Column(1)),
            quantiles: Some(Field::Column(3)),
            time: Some(Field::Column(0)),
        };
        RecordParser::new(InputFormat::Csv, b',', fields, TimeUnit::Ms)
    }

    fn json_parser() -> RecordParser {
        let k = |s: &str| Some(Field::Key(s.to_string()));
        let fields = Fields {
            key: k("page"),
            distinct: k("user"),
            top: k("page"),
            quantiles: k("ms"),
            time: k("ts"),
        };
        RecordParser::new(InputFormat::Json, b',', fields, TimeUnit::Ms)
    }

    #[test]
    fn csv_records() {
        let r = csv_parser().parse("1000,\"/a,b\",u1,12.5,extra").unwrap();
        assert_eq!(r.key, "/a,b");
        assert_eq!(r.time_ms, 1000);
        assert_eq!(r.distinct.as_deref(), Some("u1"));
        assert_eq!(r.value, Some(12.5));
        let r = csv_parser().parse("2026-12-03T10:00:00Z,/,u,1").unwrap();
        assert_eq!(r.time_ms, 1_796_292_000_000);
        assert!(csv_parser()
            .parse("1000,/a,u1")
            .unwrap_err()
            .contains("missing field 3"));
        assert!(csv_parser()
            .parse("1000,/a,u1,abc")
            .unwrap_err()
            .contains("not a number"));
        assert!(csv_parser()
            .parse("1000,/a,u1,NaN")
            .unwrap_err()
            .contains("finite"));
        assert!(csv_parser().parse("yesterday,/a,u1,1").is_err());
    }

    #[test]
    fn json_records() {
        let p = json_parser();
        let r = p
            .parse(r#"{"ts": 5, "page": "/x", "user": 17, "ms": "3"}"#)
            .unwrap();
        assert_eq!(
            (r.time_ms, r.key.as_str(), r.distinct.as_deref(), r.value),
            (5, "/x", Some("17"), Some(3.0))
        );
        let r = p
            .parse(r#"{"ts": "2026-12-03T11:00:00+01:00", "page": "/x", "user": "u", "ms": 1e3}"#)
            .unwrap();
        assert_eq!(r.time_ms, 1_796_292_000_000);
        assert!(p.parse("[1,2]").unwrap_err().contains("object"));
        assert!(p.parse("{oops").unwrap_err().contains("not JSON"));
        assert!(p
            .parse(r#"{"ts": 5, "page": "/x", "ms": 3}"#)
            .unwrap_err()
            .contains("\"user\""));
        assert!(p
            .parse(r#"{"ts": -5, "page": "/x", "user": 1, "ms": 3}"#)
            .is_err());
        assert!(p
            .parse(r#"{"ts": 5, "page": "/x", "user": 1, "ms": [3]}"#)
            .is_err());
    }

    #[test]
    fn csv_fields_are_numbers() {
        assert_eq!(
            Field::parse("key", "3", InputFormat::Csv),
            Ok(Field::Column(3))
        );
        assert!(Field::parse("key", "user", InputFormat::Csv).is_err());
        assert_eq!(
            Field::parse("key", "user", InputFormat::Json),
            Ok(Field::Key("user".into()))
        );
    }
}
