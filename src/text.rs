//! People-facing text in both of the page's languages (`Text`, `Lang`): the leaf type every
//! module may use (rule data, reports, the message catalogue) without depending on the others.

use serde::{Deserialize, Serialize};

/// The reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

/// The same sentence in zh-CN and English. Used across the core wherever people read text
/// (warnings, advice actions, eligibility details), instead of "中文 | English" strings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The same text in both languages (a number, a product name, a file name).
    pub fn same(text: impl Into<String>) -> Self {
        let text = text.into();
        Text {
            zh: text.clone(),
            en: text,
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}
