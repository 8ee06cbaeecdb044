//! Building the report's people-facing text from the one catalogue: a sentence with its
//! parameters, pieces joined, and documents cited by name and date.

use crate::messages::{render, render_param, Lang, Param, Text};
use std::collections::BTreeMap;

/// A sentence of the catalogue with its parameters.
pub fn say(key: &str, params: Vec<(&str, Param)>) -> Text {
    let params: BTreeMap<String, Param> = params
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    render(key, &params)
}

/// Pieces of text joined into one (`；` in Chinese, `; ` in English), empty pieces skipped.
pub fn join(pieces: &[Text]) -> Text {
    let pick = |lang: Lang, sep: &str| {
        pieces
            .iter()
            .map(|t| t.get(lang))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(sep)
    };
    Text {
        zh: pick(Lang::Zh, "；"),
        en: pick(Lang::En, "; "),
    }
}

/// A text as a parameter of another sentence (rendered in the reader's language).
pub fn text_param(t: Text) -> Param {
    serde_json::json!({"zh": t.zh, "en": t.en})
}

/// An id rendered as its name in both languages (`kind` as in the catalogue: `dimension`,
/// `indicator`, `document` …).
pub fn name(kind: &str, id: &str) -> Text {
    let id = Param::from(id);
    Text {
        zh: render_param(kind, &id, Lang::Zh),
        en: render_param(kind, &id, Lang::En),
    }
}

/// Documents by name and date, joined.
pub fn documents(ids: &[String]) -> Text {
    let names: Vec<Text> = ids.iter().map(|id| name("document", id)).collect();
    join(&names)
}
