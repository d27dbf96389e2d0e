//! What `sketchfold sketch` prints: one report per sketch, a list of named
//! values, as `name value` lines, JSON lines or CSV rows.

use std::io::{self, Write};

use serde_json::Value;

use crate::args::OutputFormat;
use crate::columns::quote;

/// Named values in the order they are printed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report(pub Vec<(String, Value)>);

impl Report {
    /// Appends `name` with `value`.
    pub fn add(&mut self, name: impl Into<String>, value: impl Into<Value>) {
        self.0.push((name.into(), value.into()));
    }

    /// Appends every value of `other`.
    pub fn extend(&mut self, other: Report) {
        self.0.extend(other.0);
    }
}

/// A value as a table cell: strings as they are, numbers as JSON writes
/// them (the shortest text that reads back to the same double), `-` for
/// none, lists joined by spaces with pairs as `a=b`.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "-".to_string(),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::Array(pair) => pair.iter().map(text).collect::<Vec<_>>().join("="),
                other => text(other),
            })
            .collect::<Vec<_>>()
            .join(" "),
        other => other.to_string(),
    }
}

/// A value as a CSV field: as in a table, but none is empty and a list is
/// its JSON text (its items may hold spaces and `=`).
fn field(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Array(_) => v.to_string(),
        other => text(other),
    }
}

/// Prints `reports` to `out` in `format`.
///
/// # Errors
///
/// A failed write.
pub fn print(out: &mut dyn Write, format: OutputFormat, reports: &[Report]) -> io::Result<()> {
    match format {
        OutputFormat::Table => {
            for (i, r) in reports.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                let width = r.0.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
                for (k, v) in &r.0 {
                    writeln!(out, "{k:<width$}  {}", text(v))?;
                }
            }
        }
        OutputFormat::Json => {
            for r in reports {
                // Written by hand to keep the report's order.
                let fields: Vec<String> =
                    r.0.iter()
                        .map(|(k, v)| format!("{}:{v}", Value::from(k.as_str())))
                        .collect();
                writeln!(out, "{{{}}}", fields.join(","))?;
            }
        }
        OutputFormat::Csv => {
            let mut columns: Vec<&str> = Vec::new();
            for r in reports {
                for (k, _) in &r.0 {
                    if !columns.contains(&k.as_str()) {
                        columns.push(k);
                    }
                }
            }
            let row = |cells: Vec<String>| {
                cells
                    .iter()
                    .map(|c| quote(c, b',').into_owned())
                    .collect::<Vec<_>>()
                    .join(",")
            };
            writeln!(
                out,
                "{}",
                row(columns.iter().map(|c| c.to_string()).collect())
            )?;
            for r in reports {
                let cells = columns
                    .iter()
                    .map(|c| {
                        r.0.iter()
                            .find(|(k, _)| k == c)
                            .map_or(String::new(), |(_, v)| field(v))
                    })
                    .collect();
                writeln!(out, "{}", row(cells))?;
            }
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> Vec<Report> {
        let mut a = Report::default();
        a.add("file", "a,b.bin");
        a.add("estimate", 12.5);
        a.add("top", json!([["x", 3], ["y", 2]]));
        let mut b = Report::default();
        b.add("file", "c.bin");
        b.add("min", Value::Null);
        vec![a, b]
    }

    fn printed(format: OutputFormat) -> String {
        let mut out = Vec::new();
        print(&mut out, format, &sample()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn table_aligns_names_per_report() {
        assert_eq!(
            printed(OutputFormat::Table),
            "file      a,b.bin\nestimate  12.5\ntop       x=3 y=2\n\nfile  c.bin\nmin   -\n"
        );
    }

    #[test]
    fn json_keeps_the_order_and_the_types() {
        let text = printed(OutputFormat::Json);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            r#"{"file":"a,b.bin","estimate":12.5,"top":[["x",3],["y",2]]}"#
        );
        let b: Value = serde_json::from_str(lines[1]).unwrap();
        assert_eq!(b, json!({"file": "c.bin", "min": null}));
    }

    #[test]
    fn csv_has_every_column_once() {
        assert_eq!(
            printed(OutputFormat::Csv),
            "file,estimate,top,min\n\"a,b.bin\",12.5,\"[[\"\"x\"\",3],[\"\"y\"\",2]]\",\nc.bin,,,\n"
        );
    }
}
