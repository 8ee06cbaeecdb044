//! What the free texts in the files mean for the definitions: each interned text classified
//! once against the word lists of `rules.json` (closed statuses, gift and 福袋 words, pre-sale
//! and QIC order types, logistics rulings, after-sale reason classes) and the user's own
//! reason classes, so the join pass tests a flag instead of searching text on every record.
//! (Values with a fixed vocabulary — after-sale types and statuses, arbitration — are
//! classified while the rows are read: `records::vocabulary`.)

use super::{config, EstimateOverrides, ReasonChoice};
use crate::records::{Name, Names};

pub const EXCLUDED: u16 = 1 << 0;
pub const PRESALE: u16 = 1 << 1;
pub const QIC: u16 = 1 << 2;
pub const CLOSED: u16 = 1 << 3;
pub const LOGISTICS_RULING: u16 = 1 << 4;
pub const STOCKOUT: u16 = 1 << 5;
pub const REASON_DAMAGE: u16 = 1 << 6;
pub const REASON_LOGISTICS: u16 = 1 << 7;
pub const REASON_QUALITY: u16 = 1 << 8;
/// A reason of none of the classes above, said so by the word lists or the user.
pub const REASON_OTHER: u16 = 1 << 9;

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

const REASON_CLASSES: u16 = REASON_DAMAGE | REASON_LOGISTICS | REASON_QUALITY | REASON_OTHER;

/// Flags per name, by name index.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    flags: Vec<u16>,
}

fn contains_any(text: &str, words: &[String]) -> bool {
    words.iter().any(|w| text.contains(w.as_str()))
}

/// A reason's class flags by the word lists: one class per reason — damage first, then
/// logistics, then quality (a broken parcel is a damage return, not a quality return), then
/// other; plus the stock-out flag.
fn reason_flags(text: &str) -> u16 {
    let r = &config().reasons;
    let class = if contains_any(text, &r.damage) {
        REASON_DAMAGE
    } else if contains_any(text, &r.logistics) {
        REASON_LOGISTICS
    } else if contains_any(text, &r.quality) {
        REASON_QUALITY
    } else if contains_any(text, &r.other) {
        REASON_OTHER
    } else {
        0
    };
    let stockout = if contains_any(text, &r.stockout) {
        STOCKOUT
    } else {
        0
    };
    class | stockout
}

/// The flags of a reason the user classified.
fn chosen_flags(choice: ReasonChoice) -> u16 {
    match choice {
        ReasonChoice::Quality => REASON_QUALITY,
        ReasonChoice::Damage => REASON_DAMAGE,
        ReasonChoice::Logistics => REASON_LOGISTICS,
        ReasonChoice::Stockout => REASON_LOGISTICS | STOCKOUT,
        ReasonChoice::Other => REASON_OTHER,
    }
}

impl Vocab {
    pub fn of(names: &Names, overrides: &EstimateOverrides) -> Vocab {
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
                set(EXCLUDED, &c.excluded_order_keywords);
                set(PRESALE, &c.presale_order_types);
                set(QIC, &c.qic_order_types);
                set(CLOSED, &c.closed_status);
                set(LOGISTICS_RULING, &c.logistics_rulings);
                f | match overrides.reason_classes.get(text.trim()) {
                    Some(&choice) => chosen_flags(choice),
                    None => reason_flags(text),
                }
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

    /// A reason that no word list or user choice classifies.
    pub fn unclassified_reason(&self, name: Name) -> bool {
        name.is_some() && !self.is(name, REASON_CLASSES)
    }
}
