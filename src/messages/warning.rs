//! `Warning`: a problem in the user's data that did not stop the report, as data.

use super::{catalogue, Text};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;

/// A parameter of a message: a number, a string, an id rendered as a name (by the parameter's
/// key: `indicator`, `dimension`, `kind` …), a list of those, or text in both languages.
pub type Param = serde_json::Value;

/// A problem in the user's data. `code` is stable and matchable (`missing_input`,
/// `small_sample`, `bad_row` …); `subject` is the id of what it is about (an indicator id, a
/// file name, an eligibility id); `params` fill the catalogue's sentence; `text` is that
/// sentence rendered in both languages (serialised, so the page and the CLI never build
/// sentences themselves). `file`, `line`, `column` say where in the user's files.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Warning {
    pub code: String,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub params: BTreeMap<String, Param>,
    #[serde(default)]
    pub file: Option<String>,
    #[serde(default)]
    pub line: Option<u64>,
    #[serde(default)]
    pub column: Option<String>,
    /// The catalogue entry: `code` itself, or `code.variant` where one code has several
    /// sentences (`missing_input.column_absent`). Not serialised: `text` carries the result.
    #[serde(skip)]
    key: String,
    /// Text kept from a deserialised report, or from a `legacy` message not yet in the catalogue.
    #[serde(default, rename = "text")]
    fixed_text: Option<Text>,
}

impl Warning {
    /// A warning rendered from the catalogue entry `key` (`code` or `code.variant`).
    pub fn of(key: &str) -> Self {
        let code = key.split('.').next().unwrap_or(key).to_string();
        Warning {
            code,
            subject: None,
            params: BTreeMap::new(),
            file: None,
            line: None,
            column: None,
            key: key.to_string(),
            fixed_text: None,
        }
    }

    /// Transitional: a message written as "中文 | English" before the catalogue existed.
    /// `tests/messages.rs` lists the codes still built this way; new code uses `of`.
    pub fn legacy(code: impl Into<String>, message: impl Into<String>) -> Self {
        let code = code.into();
        let message = message.into();
        let (zh, en) = match message.split_once(" | ") {
            Some((zh, en)) => (zh.trim().to_string(), en.trim().to_string()),
            None => (message.clone(), message),
        };
        let mut w = Warning::of(&code);
        w.fixed_text = Some(Text { zh, en });
        w
    }

    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    pub fn param(mut self, key: &str, value: impl Into<Param>) -> Self {
        self.params.insert(key.to_string(), value.into());
        self
    }

    pub fn at(mut self, file: Option<&str>, line: Option<u64>, column: Option<&str>) -> Self {
        self.file = file.map(str::to_string);
        self.line = line;
        self.column = column.map(str::to_string);
        self
    }

    /// The catalogue entry this warning renders from.
    pub fn key(&self) -> &str {
        if self.key.is_empty() {
            &self.code
        } else {
            &self.key
        }
    }

    /// True for warnings still built from a "中文 | English" string.
    pub fn is_legacy(&self) -> bool {
        self.fixed_text.is_some() && !self.key.is_empty()
    }

    /// The sentence in both languages.
    pub fn text(&self) -> Text {
        match &self.fixed_text {
            Some(text) => text.clone(),
            None => catalogue::render(self.key(), &self.params),
        }
    }

    /// Both languages in one line ("中文 | English"), for logs and tests.
    pub fn message(&self) -> String {
        let text = self.text();
        format!("{} | {}", text.zh, text.en)
    }
}

impl Serialize for Warning {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Shape<'a> {
            code: &'a str,
            subject: &'a Option<String>,
            params: &'a BTreeMap<String, Param>,
            text: Text,
            file: &'a Option<String>,
            line: &'a Option<u64>,
            column: &'a Option<String>,
        }
        Shape {
            code: &self.code,
            subject: &self.subject,
            params: &self.params,
            text: self.text(),
            file: &self.file,
            line: &self.line,
            column: &self.column,
        }
        .serialize(serializer)
    }
}
