//! Errors that stop the tool (with stable codes) and warnings about the user's data (returned as data).

use serde::Serialize;
use std::fmt;

/// Stable, machine-readable error codes. The page, the CLI and the tests match on these
/// strings, so a variant is never renamed, only added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input is not valid JSON or does not have the documented shape.
    BadInput,
    /// A field has a value outside what it may hold (negative count, rate above 100 …).
    BadField,
    /// `rule_set` names no known rule set.
    UnknownRuleSet,
    /// A file could not be read at all (not a table, unsupported format).
    UnreadableFile,
    /// An embedded rule set failed to load: a bug in the build, never the user's fault.
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadInput => "bad_input",
            ErrorCode::BadField => "bad_field",
            ErrorCode::UnknownRuleSet => "unknown_rule_set",
            ErrorCode::UnreadableFile => "unreadable_file",
            ErrorCode::Internal => "internal",
        }
    }
}

/// Why the tool could not produce a report at all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    /// The input field the error is about, as a JSON path (`indicators.product_rating.value`).
    pub field: Option<String>,
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            field: None,
        }
    }
    pub fn field(code: ErrorCode, field: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            field: Some(field.into()),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{} ({}): {}", self.code.as_str(), field, self.message),
            None => write!(f, "{}: {}", self.code.as_str(), self.message),
        }
    }
}

impl std::error::Error for Error {}
