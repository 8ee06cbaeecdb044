//! `Refusal`: why a file is not read at all, as data. What the bytes are instead (a PDF, an
//! image, an old `.xls`, a zip that is no workbook …) is the variant of the catalogue entry
//! `unreadable_file.*`, so the page can say it in the user's language and suggest the fix.

use crate::error::{Error, ErrorCode};
use crate::messages::{Param, Warning};

/// A file that is not a table: the catalogue variant (`pdf`, `image`, `old_excel`, `zip` …)
/// and its parameters (`format`, `part`, sizes).
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    /// The catalogue key, `unreadable_file.<what>`.
    pub key: &'static str,
    pub params: Vec<(&'static str, Param)>,
}

impl Refusal {
    pub fn new(key: &'static str) -> Self {
        debug_assert!(key.starts_with("unreadable_file."));
        Refusal {
            key,
            params: Vec::new(),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<Param>) -> Self {
        self.params.push((name, value.into()));
        self
    }

    /// What the file is (`pdf`, `image`, `old_excel`, `zip`, `binary` …): the stable part
    /// the page matches on.
    pub fn what(&self) -> &'static str {
        self.key.split_once('.').map_or(self.key, |(_, what)| what)
    }

    /// The warning that stands for the file in a report (code `unreadable_file`).
    pub fn warning(&self, file: &str) -> Warning {
        let mut w = Warning::of(self.key)
            .subject(file)
            .param("file", file)
            .param("what", self.what());
        for (k, v) in &self.params {
            w = w.param(k, v.clone());
        }
        w.at(Some(file), None, None)
    }

    /// The error of [`crate::ingest::read_file`]: `file: sentence` (English; the warning
    /// carries both languages), with the file as the error's field.
    pub fn error(&self, file: &str) -> Error {
        let text = self.warning(file).text();
        Error::field(
            ErrorCode::UnreadableFile,
            file,
            format!("{file}: {}", text.en),
        )
    }
}
