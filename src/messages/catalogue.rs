//! The one zh-CN/English catalogue: sentences by message key, with `{param}` slots, and the
//! names ids are rendered as. Kept as data (`catalogue/*.json`, one file per module that
//! speaks, loaded into one table whose keys must not repeat).

use super::{Param, Text};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

/// The catalogue's parts. Add a module's file here; `tests/messages.rs` checks that every
/// key is unique, every sentence exists in both languages with the same slots.
const PARTS: &[(&str, &str)] = &[
    ("names", include_str!("catalogue/names.json")),
    ("general", include_str!("catalogue/general.json")),
    ("rules", include_str!("catalogue/rules.json")),
    ("scoring", include_str!("catalogue/scoring.json")),
    ("advice", include_str!("catalogue/advice.json")),
    ("readings", include_str!("catalogue/readings.json")),
    ("ingest", include_str!("catalogue/ingest.json")),
    ("records", include_str!("catalogue/records.json")),
    ("indicators", include_str!("catalogue/indicators.json")),
    ("pipeline", include_str!("catalogue/pipeline.json")),
    ("timeline", include_str!("catalogue/timeline.json")),
    ("calibration", include_str!("catalogue/calibration.json")),
];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Part {
    #[serde(default)]
    messages: BTreeMap<String, Text>,
    /// Names of ids that the rule sets do not name: file kinds, input fields.
    #[serde(default)]
    names: BTreeMap<String, BTreeMap<String, Text>>,
}

struct Catalogue {
    messages: BTreeMap<String, Text>,
    names: BTreeMap<String, BTreeMap<String, Text>>,
}

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let mut messages = BTreeMap::new();
        let mut names: BTreeMap<String, BTreeMap<String, Text>> = BTreeMap::new();
        for (part_name, json) in PARTS {
            // A malformed part is a build bug; tests/messages.rs loads every part.
            let part: Part = serde_json::from_str(json)
                .unwrap_or_else(|e| panic!("messages/catalogue/{part_name}.json: {e}"));
            for (key, text) in part.messages {
                let previous = messages.insert(key.clone(), text);
                assert!(previous.is_none(), "message key {key} appears twice");
            }
            for (kind, table) in part.names {
                names.entry(kind).or_default().extend(table);
            }
        }
        Catalogue { messages, names }
    })
}

/// Every message key in the catalogue (for the tests).
pub fn message_keys() -> Vec<String> {
    catalogue().messages.keys().cloned().collect()
}

/// The sentence for `key` as written, slots unfilled (for the tests and the docs).
pub fn template(key: &str) -> Option<Text> {
    catalogue().messages.get(key).cloned()
}

/// The sentence for `key` with its slots filled, in both languages. An unknown key renders
/// as a generic sentence naming nothing internal (and fails `tests/messages.rs`).
pub fn render(key: &str, params: &BTreeMap<String, Param>) -> Text {
    let catalogue = catalogue();
    let template = catalogue
        .messages
        .get(key)
        .or_else(|| catalogue.messages.get(key.split('.').next().unwrap_or(key)))
        .or_else(|| catalogue.messages.get("unknown_message"));
    let Some(template) = template else {
        return Text::same(key);
    };
    Text {
        zh: fill(&template.zh, params, Lang::Zh),
        en: fill(&template.en, params, Lang::En),
    }
}

fn fill(template: &str, params: &BTreeMap<String, Param>, lang: Lang) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_slot(&after[..close]) => {
                let slot = &after[..close];
                match params.get(slot) {
                    Some(value) => out.push_str(&render_param(slot, value, lang)),
                    None => out.push('…'),
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_slot(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// One parameter as the reader sees it: ids become names by the parameter's key
/// (`indicator`, `dimension`, `kind`, `field`, `rule_set`, or a plural of these), numbers lose
/// trailing zeros, `{zh, en}` objects give their language, lists are joined.
pub fn render_param(key: &str, value: &Param, lang: Lang) -> String {
    match value {
        Param::Array(items) => {
            let singular = key.strip_suffix('s').unwrap_or(key);
            let sep = if lang == Lang::Zh { "、" } else { ", " };
            items
                .iter()
                .map(|item| render_param(singular, item, lang))
                .collect::<Vec<_>>()
                .join(sep)
        }
        Param::Object(map) => {
            let wanted = if lang == Lang::Zh { "zh" } else { "en" };
            match map.get(wanted) {
                Some(Param::String(s)) => s.clone(),
                _ => String::new(),
            }
        }
        Param::Number(n) => n.as_f64().map(format_number).unwrap_or_default(),
        Param::String(s) => name_of(key, s, lang).unwrap_or_else(|| s.clone()),
        Param::Bool(b) => match (b, lang) {
            (true, Lang::Zh) => "是".into(),
            (false, Lang::Zh) => "否".into(),
            (true, Lang::En) => "yes".into(),
            (false, Lang::En) => "no".into(),
        },
        Param::Null => "—".into(),
    }
}

/// Up to four decimals, trailing zeros dropped, never `-0`.
fn format_number(x: f64) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let text = format!("{:.4}", x + 0.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

/// The name of an id by the parameter's key; `None` renders the value as it is.
fn name_of(key: &str, id: &str, lang: Lang) -> Option<String> {
    let pick = |t: &Text| t.get(lang).to_string();
    match key {
        "indicator" => indicator_name(id).map(|t| pick(&t)),
        "dimension" => dimension_name(id).map(|t| pick(&t)),
        "rule_set" => crate::rules::all()
            .ok()?
            .iter()
            .find(|r| r.id == id)
            .map(|r| pick(&Text::new(&r.zh, &r.en))),
        "field" => Some(field_words(id, lang)),
        _ => catalogue().names.get(key)?.get(id).map(pick),
    }
}

fn indicator_name(id: &str) -> Option<Text> {
    if let Some(text) = catalogue().names.get("indicator").and_then(|t| t.get(id)) {
        return Some(text.clone());
    }
    crate::rules::all()
        .ok()?
        .iter()
        .flat_map(|r| &r.indicators)
        .find(|i| i.id == id)
        .map(|i| Text::new(&i.zh, &i.en))
}

fn dimension_name(id: &str) -> Option<Text> {
    crate::rules::all()
        .ok()?
        .iter()
        .flat_map(|r| &r.dimensions)
        .find(|d| d.id == id)
        .map(|d| Text::new(&d.zh, &d.en))
}

/// An input field path (`indicators.product_rating.value`) in words: the indicator's or
/// dimension's name and what part of it, else the catalogue's name of the field.
fn field_words(path: &str, lang: Lang) -> String {
    let names = &catalogue().names;
    let part = |p: &str| {
        names
            .get("field_part")
            .and_then(|t| t.get(p))
            .map(|t| t.get(lang).to_string())
    };
    let mut segments = path.split('.');
    let head = segments.next().unwrap_or(path);
    let joined = |name: String, rest: Vec<&str>| {
        let parts: Vec<String> = rest
            .iter()
            .map(|p| part(p).unwrap_or_else(|| p.to_string()))
            .collect();
        if parts.is_empty() {
            name
        } else if lang == Lang::Zh {
            format!("{name}的{}", parts.join(""))
        } else {
            format!("{name} {}", parts.join(" "))
        }
    };
    let rest: Vec<&str> = segments.collect();
    match head {
        "indicators" | "dimensions" | "events" if !rest.is_empty() => {
            let id = rest[0];
            let name = indicator_name(id)
                .or_else(|| dimension_name(id))
                .or_else(|| names.get("event").and_then(|t| t.get(id)).cloned())
                .map(|t| t.get(lang).to_string())
                .unwrap_or_else(|| id.to_string());
            joined(name, rest[1..].to_vec())
        }
        _ => match names.get("field").and_then(|t| t.get(path)) {
            Some(text) => text.get(lang).to_string(),
            None => {
                let name = names
                    .get("field")
                    .and_then(|t| t.get(head))
                    .map(|t| t.get(lang).to_string())
                    .unwrap_or_else(|| head.to_string());
                joined(name, rest)
            }
        },
    }
}
