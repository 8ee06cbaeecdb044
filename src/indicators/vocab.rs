//! What the values in the files mean for the definitions: each interned text classified once
//! against the vocabularies of `rules.json` (refund-success statuses, closed statuses, gift
//! and 福袋 words, pre-sale types, 48-hour goods, logistics rulings, reason classes), so the
//! join pass tests a flag instead of searching text on every record.

use super::config;
use crate::records::{Name, Names};

pub const REFUND_SUCCESS: u16 = 1 << 0;
pub const REVIEW_TIME_TYPE: u16 = 1 << 1;
pub const EXCLUDED: u16 = 1 << 2;
pub const PRESALE: u16 = 1 << 3;
pub const SLOW_GOODS: u16 = 1 << 4;
pub const CLOSED: u16 = 1 << 5;
pub const LOGISTICS_RULING: u16 = 1 << 6;
pub const STOCKOUT: u16 = 1 << 7;
pub const REASON_DAMAGE: u16 = 1 << 8;
pub const REASON_LOGISTICS: u16 = 1 << 9;
pub const REASON_QUALITY: u16 = 1 << 10;

/// The first after-sale reason classes a definition asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReasonClass {
    Damage,
    Logistics,
    Quality,
}

impl ReasonClass {
    pub fn flag(self) -> u16 {
        match self {
            ReasonClass::Damage => REASON_DAMAGE,
            ReasonClass::Logistics => REASON_LOGISTICS,
            ReasonClass::Quality => REASON_QUALITY,
        }
    }
}

/// Flags per name, by name index.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    flags: Vec<u16>,
}

fn contains_any(text: &str, words: &[String]) -> bool {
    words.iter().any(|w| text.contains(w.as_str()))
}

impl Vocab {
    pub fn of(names: &Names) -> Vocab {
        let c = config();
        let flags = (0..names.len() as u32)
            .map(|i| {
                let text = names.text(Name(i));
                let mut f = 0;
                let mut set = |flag: u16, words: &[String]| {
                    if contains_any(text, words) {
                        f |= flag;
                    }
                };
                set(REFUND_SUCCESS, &c.refund_success_status);
                set(REVIEW_TIME_TYPE, &c.review_time_types);
                set(EXCLUDED, &c.excluded_order_keywords);
                set(PRESALE, &c.presale_order_types);
                set(SLOW_GOODS, &c.pickup_48h_keywords);
                set(CLOSED, &c.closed_status);
                set(LOGISTICS_RULING, &c.logistics_rulings);
                set(STOCKOUT, &c.reasons.stockout);
                // One class per reason: damage first, then logistics, then quality (a broken
                // parcel is a damage return, not a quality return).
                f |= if contains_any(text, &c.reasons.damage) {
                    REASON_DAMAGE
                } else if contains_any(text, &c.reasons.logistics) {
                    REASON_LOGISTICS
                } else if contains_any(text, &c.reasons.quality) {
                    REASON_QUALITY
                } else {
                    0
                };
                f
            })
            .collect();
        Vocab { flags }
    }

    /// Whether the name carries `flag` (a missing name carries none).
    pub fn is(&self, name: Name, flag: u16) -> bool {
        self.flags
            .get(name.0 as usize)
            .is_some_and(|f| f & flag != 0)
    }
}
