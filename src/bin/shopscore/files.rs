//! The CLI's file commands (`score FILES…`, `inspect`, `template`): their arguments' contents
//! and their text. The library says things as data; this file words them for a terminal.

use shopscore::error::{Error, ErrorCode};
use shopscore::pipeline::Inspection;
use shopscore::records::kinds::{self, ColumnMapping, FileKind, ALL_KINDS};

/// A `--map FILE` body: one JSON object, canonical field → header (optionally `"kind"`).
pub fn parse_mapping(text: &str) -> Result<ColumnMapping, Error> {
    serde_json::from_str(text).map_err(|e| {
        Error::field(
            ErrorCode::BadInput,
            "map",
            format!("column mapping must be a JSON object like {{\"kind\": \"orders\", \"order_id\": \"单号\"}}: {e}"),
        )
    })
}

/// `shopscore template KIND`.
pub fn template_for(kind: &str) -> Result<String, Error> {
    let kind = FileKind::parse(kind).ok_or_else(|| {
        let known: Vec<&str> = ALL_KINDS.iter().map(|k| k.as_str()).collect();
        Error::field(
            ErrorCode::BadInput,
            "kind",
            format!("unknown file kind {kind:?}; one of: {}", known.join(", ")),
        )
    })?;
    Ok(kinds::template(kind))
}

/// Whether a positional argument of `score` is the typed-input JSON rather than an export.
pub fn is_input_json(name: &str) -> bool {
    name == "-" || name.to_ascii_lowercase().ends_with(".json")
}

/// `shopscore inspect FILE` as text.
pub fn inspection_text(i: &Inspection) -> String {
    let mut out = String::new();
    let kind = match (i.kind, i.unreadable) {
        (Some(k), _) if i.kind_guessed => format!(
            "{} ({}) — guessed from few columns: --map FILE with \"kind\" to change it",
            k.as_str(),
            k.zh()
        ),
        (Some(k), _) => format!("{} ({})", k.as_str(), k.zh()),
        (None, Some(what)) => format!("not a table ({what})"),
        (None, None) => "unknown (needs a column mapping: --map FILE)".to_string(),
    };
    out += &format!("file:      {}\nkind:      {kind}\n", i.name);
    out += &format!("encoding:  {}\n", i.encoding.as_deref().unwrap_or("—"));
    let delimiter = match i.delimiter.as_deref() {
        Some("\t") => "tab".to_string(),
        Some(d) => d.to_string(),
        None => "—".into(),
    };
    out += &format!("delimiter: {delimiter}\n");
    if let Some(sheet) = &i.sheet {
        out += &format!("sheet:     {sheet} (of {})\n", i.sheets.join(", "));
    }
    out += &format!("rows:      {} read, {} skipped\n", i.rows, i.skipped);
    out += &format!("headers:   {}\n", i.headers.join(" | "));
    if !i.mapping.is_empty() {
        out += "mapping:\n";
        for (field, header) in &i.mapping {
            out += &format!("  {field:<24} ← {header}\n");
        }
    }
    if !i.missing_required.is_empty() {
        out += &format!("missing required: {}\n", i.missing_required.join(", "));
    }
    for w in i.skipped_rows.iter().chain(&i.warnings) {
        let place = match (w.line, &w.column) {
            (Some(l), Some(c)) => format!(" line {l}, {c}"),
            (Some(l), None) => format!(" line {l}"),
            _ => String::new(),
        };
        out += &format!("warning [{}]{place}: {}\n", w.code, w.text().en);
    }
    if let Some(rows) = &i.data {
        out += &serde_json::to_string(rows).unwrap_or_default();
        out.push('\n');
    }
    out
}

/// The text the CLI adds after a report scored from files: window, files read, and for each
/// indicator its numerator, denominator and where the bad records concentrate.
pub fn files_text(report: &shopscore::Report) -> String {
    use serde_json::Value;
    let mut out = String::new();
    let Some(inputs) = &report.inputs else {
        return out;
    };
    out += "\n文件 files\n";
    if let (Some(start), Some(end)) = (
        inputs["window"]["start"].as_str(),
        inputs["window"]["end"].as_str(),
    ) {
        out += &format!("  窗口 window: {start} → {end}\n");
    }
    if let Some(n) = inputs["valid_paid_orders_30d"].as_f64() {
        out += &format!("  有效支付订单 valid paid orders: {n}\n");
    }
    for f in inputs["files"].as_array().into_iter().flatten() {
        let text = |key: &str| f[key].as_str().unwrap_or("—").replace('\t', "tab");
        out += &format!(
            "  {}: {} · {} · delimiter {} · {} rows, {} skipped\n",
            text("name"),
            text("kind"),
            text("encoding"),
            text("delimiter"),
            f["rows"].as_u64().unwrap_or(0),
            f["skipped"].as_u64().unwrap_or(0)
        );
    }
    let Some(Value::Object(drill)) = &report.drilldown else {
        return out;
    };
    if !drill.is_empty() {
        out += "\n明细 drill-down (numerator / denominator, bad records, top product · courier · province · agent)\n";
    }
    for (id, d) in drill {
        let n = |key: &str| {
            d[key].as_f64().map_or("—".to_string(), |v| {
                format!("{}", (v * 1e4).round() / 1e4)
            })
        };
        let top = |key: &str| {
            d["top"][key][0]
                .as_array()
                .map(|pair| format!("{} ×{}", pair[0].as_str().unwrap_or(""), pair[1]))
                .unwrap_or_else(|| "—".into())
        };
        out += &format!(
            "  {id}: {} / {} = {}  bad {}  · {} · {} · {} · {}\n",
            n("numerator"),
            n("denominator"),
            n("value"),
            d["bad_total"].as_u64().unwrap_or(0),
            top("product"),
            top("courier"),
            top("province"),
            top("agent")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert!(template_for("after_sales").unwrap().contains("售后单号"));
        assert_eq!(template_for("nope").unwrap_err().code, ErrorCode::BadInput);
        assert_eq!(
            parse_mapping(r#"{"kind":"reviews","rating":"星级"}"#)
                .unwrap()
                .kind,
            Some(FileKind::Reviews)
        );
        assert!(parse_mapping("[1]").is_err());
        assert!(parse_mapping(r#"{"kind":"nope"}"#).is_err());
        assert!(is_input_json("shop.JSON") && !is_input_json("orders.csv"));
    }
}
