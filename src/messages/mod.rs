//! Messages as data: what people read about their data (`Warning`: a stable code, the id of
//! its subject and parameters) and the one zh-CN/English catalogue that renders it (`Text`).
//!
//! Nothing here is written for a developer: a rendered sentence never shows a field path, an
//! enum name or an internal document. Indicator, dimension and file-kind ids in parameters
//! are rendered as their names in the reader's language.

mod catalogue;
mod warning;

pub use crate::text::Text;
pub use catalogue::{message_keys, render, render_param, template, Lang};
pub use warning::{Param, Warning};
