//! Compact values: names interned once per session (`Name`), ids kept as integers where
//! they are digits (`Key`), times as seconds with a "missing" sentinel (`Ts`, [`NO_TIME`]).
//!
//! Names (products, couriers, provinces, agents, statuses, reasons …) are few and repeat on
//! every row, so each distinct text is stored once and rows hold a 4-byte `Name`. Ids are
//! many and unique: a 19-digit order id is a `u64`; the rare id that is not digits (a Feige
//! session `S0001`) is interned too. The interners live as long as the session (a removed
//! file's names stay: they are few and a re-added file reuses them).

use std::collections::HashMap;
use std::sync::Arc;

pub use super::cells::Ts;

/// A missing time.
pub const NO_TIME: Ts = Ts::MIN;

/// `Some(t)` unless `t` is [`NO_TIME`].
pub fn time(t: Ts) -> Option<Ts> {
    (t != NO_TIME).then_some(t)
}

/// A missing day (`i32` day numbers since 1970-01-01).
pub const NO_DAY: i32 = i32::MIN;

/// 2000-01-01 00:00:00 China Standard Time, in [`Ts`] seconds.
const TIME_EPOCH: Ts = 946_684_800;

/// A time as the compact records keep it: seconds since 2000-01-01 (China Standard Time) in
/// 4 bytes, i.e. 1931-12-14 to 2068-01-19. A file's date outside these years is an
/// unreadable cell (a warning), not a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(i32);

impl Time {
    pub const NONE: Time = Time(i32::MIN);

    /// The time `t`, or `None` when it is outside the years a `Time` holds.
    pub fn of(t: Ts) -> Option<Time> {
        let offset = t.checked_sub(TIME_EPOCH)?;
        let offset = i32::try_from(offset).ok()?;
        (offset != i32::MIN).then_some(Time(offset))
    }

    /// `Time::of(t)`, or [`Time::NONE`] for a missing time (the caller checked the range).
    pub fn from_ts(t: Ts) -> Time {
        if t == NO_TIME {
            Time::NONE
        } else {
            Time::of(t).unwrap_or(Time::NONE)
        }
    }

    /// As seconds since 1970 ([`NO_TIME`] when missing).
    pub fn get(self) -> Ts {
        if self == Time::NONE {
            NO_TIME
        } else {
            TIME_EPOCH + Ts::from(self.0)
        }
    }

    pub fn is_some(self) -> bool {
        self != Time::NONE
    }

    pub fn is_none(self) -> bool {
        self == Time::NONE
    }
}

/// An interned text (a product, a courier, a status …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(pub u32);

impl Name {
    pub const NONE: Name = Name(u32::MAX);

    pub fn is_none(self) -> bool {
        self == Name::NONE
    }

    pub fn is_some(self) -> bool {
        self != Name::NONE
    }

    /// `self`, or `other` when `self` is missing (first non-missing wins).
    pub fn or(self, other: Name) -> Name {
        if self.is_some() {
            self
        } else {
            other
        }
    }
}

/// Texts stored once, by insertion order.
#[derive(Debug, Default, Clone)]
pub struct Names {
    texts: Vec<Arc<str>>,
    index: HashMap<Arc<str>, u32>,
}

impl Names {
    /// The name of `text` (interned on first sight).
    pub fn intern(&mut self, text: &str) -> Name {
        if let Some(&id) = self.index.get(text) {
            return Name(id);
        }
        let id = self.texts.len() as u32;
        let shared: Arc<str> = Arc::from(text);
        self.texts.push(shared.clone());
        self.index.insert(shared, id);
        Name(id)
    }

    /// The name of `text` if it was ever interned.
    pub fn find(&self, text: &str) -> Option<Name> {
        self.index.get(text).map(|&id| Name(id))
    }

    /// The text of a name ("" for `Name::NONE`).
    pub fn text(&self, name: Name) -> &str {
        self.texts.get(name.0 as usize).map_or("", |t| t)
    }

    /// The text of a name, `None` when missing.
    pub fn get(&self, name: Name) -> Option<&str> {
        name.is_some().then(|| self.text(name))
    }

    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// Bytes held (texts, the index and its table), for the memory figures.
    pub fn heap_bytes(&self) -> usize {
        let texts: usize = self.texts.iter().map(|t| t.len() + 16).sum();
        texts + self.texts.capacity() * 16 + self.index.capacity() * 24
    }
}

/// An id (order, sub-order, after-sale, session): the number itself when it is digits that fit
/// (no leading zero), else an interned or hashed text with the top bit set. Keys of the same
/// text are equal across files, and ordered (numbers first), so files can be merge-joined.
///
/// Aligned to 4 bytes, not 8: the records hold a key beside 4-byte fields, and an 8-byte
/// alignment would pad each of them (a sub-order row 24 bytes instead of 20).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(C, packed(4))]
pub struct Key(pub u64);

const TEXT_KEY: u64 = 1 << 63;
/// With [`TEXT_KEY`]: a short id packed in the key ([`Key::of`]); never set on interned ones.
const PACKED_KEY: u64 = 1 << 62;

impl Key {
    pub const NONE: Key = Key(u64::MAX);

    pub fn is_none(self) -> bool {
        self == Key::NONE
    }

    pub fn is_some(self) -> bool {
        self != Key::NONE
    }

    /// The key of a number written as digits, if it is one.
    fn numeric(text: &str) -> Option<Key> {
        let plain = !text.is_empty()
            && text.len() <= 19
            && text.bytes().all(|b| b.is_ascii_digit())
            && (text.len() == 1 || !text.starts_with('0'));
        let value: u64 = if plain {
            text.parse().ok()?
        } else {
            return None;
        };
        (value < TEXT_KEY).then_some(Key(value))
    }

    /// The key of an id that is shown to people (orders, after-sales, sessions): digits as a
    /// number, up to two letters and 13 digits (`S0000026`, `0123`) packed in the key, anything
    /// else interned in `ids`.
    pub fn of(text: &str, ids: &mut Names) -> Key {
        Key::numeric(text)
            .or_else(|| Key::packed(text))
            .unwrap_or_else(|| Key(TEXT_KEY | u64::from(ids.intern(text).0)))
    }

    /// An id of up to two ASCII letters then 1–13 digits, leading zeros kept, in the key
    /// itself: interning it would cost ~90 bytes (the text, its index entry), packing none.
    /// Bits: text, packed, 6 + 6 for the letters (0: none), 4 for the digit count, 44 for
    /// the number.
    fn packed(text: &str) -> Option<Key> {
        let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
        let digits = &text[letters..];
        if letters > 2 || digits.is_empty() || digits.len() > 13 {
            return None;
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let letter = |b: u8| -> u64 {
            if b.is_ascii_uppercase() {
                u64::from(b - b'A') + 1
            } else {
                u64::from(b - b'a') + 27
            }
        };
        let bytes = text.as_bytes();
        let first = if letters > 0 { letter(bytes[0]) } else { 0 };
        let second = if letters > 1 { letter(bytes[1]) } else { 0 };
        let value: u64 = digits.parse().ok()?;
        Some(Key(TEXT_KEY
            | PACKED_KEY
            | first << 54
            | second << 48
            | (digits.len() as u64) << 44
            | value))
    }

    /// The text of a packed key.
    fn unpack(self) -> String {
        let letter = |code: u64| match code {
            1..=26 => Some(char::from(b'A' + (code - 1) as u8)),
            27..=52 => Some(char::from(b'a' + (code - 27) as u8)),
            _ => None,
        };
        let mut out = String::new();
        out.extend(letter((self.0 >> 54) & 63));
        out.extend(letter((self.0 >> 48) & 63));
        let width = ((self.0 >> 44) & 15) as usize;
        out.push_str(&format!("{:0width$}", self.0 & ((1 << 44) - 1)));
        out
    }

    /// The key of an id only compared, never shown (sub-orders, product ids): digits as a
    /// number, anything else a 63-bit hash of the text (nothing stored).
    pub fn hashed(text: &str) -> Key {
        Key::numeric(text).unwrap_or_else(|| {
            // FNV-1a, stable across runs and platforms.
            let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
            for b in text.bytes() {
                hash ^= u64::from(b);
                hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
            Key(TEXT_KEY | (hash & (TEXT_KEY - 2)))
        })
    }

    /// The id as text (interned ids looked up in `ids`).
    pub fn text(self, ids: &Names) -> String {
        if self.is_none() {
            String::new()
        } else if self.0 & TEXT_KEY == 0 {
            { self.0 }.to_string()
        } else if self.0 & PACKED_KEY != 0 {
            self.unpack()
        } else {
            ids.text(Name((self.0 & !TEXT_KEY) as u32)).to_string()
        }
    }
}

/// Day number (since 1970-01-01) of a time, as `i32`; [`NO_DAY`] when missing.
pub fn day32(t: Ts) -> i32 {
    if t == NO_TIME {
        NO_DAY
    } else {
        super::cells::day_of(t).clamp(i64::from(i32::MIN) + 1, i64::from(i32::MAX)) as i32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_times_keep_every_second_of_their_years() {
        use crate::records::cells::{format_ts, parse_datetime};
        for text in [
            "1931-12-14 00:00:00",
            "2000-01-01 00:00:00",
            "2026-11-20 22:59:59",
            "2068-01-19 00:00:00",
        ] {
            let t = parse_datetime(text).unwrap();
            assert_eq!(format_ts(Time::of(t).unwrap().get()), text);
        }
        for text in ["1900-01-01", "9999-12-31", "2068-12-31"] {
            assert_eq!(Time::of(parse_datetime(text).unwrap()), None, "{text}");
        }
        assert_eq!(Time::NONE.get(), NO_TIME);
        assert_eq!(Time::from_ts(NO_TIME), Time::NONE);
    }

    #[test]
    fn keys_are_numbers_where_they_can_be() {
        let mut ids = Names::default();
        assert_eq!(
            Key::of("6930000000000000101", &mut ids),
            Key(6930000000000000101)
        );
        let text = Key::of("S0001", &mut ids);
        assert!(text.0 & TEXT_KEY != 0);
        assert_eq!(Key::of("S0001", &mut ids), text);
        assert_eq!(text.text(&ids), "S0001");
        // A leading zero or 20 digits is text, not a number (0123 ≠ 123).
        assert_ne!(Key::of("0123", &mut ids), Key(123));
        assert_eq!(Key::of("0123", &mut ids).text(&ids), "0123");
        let long = Key::of("69300000000000000071", &mut ids);
        assert_eq!(long.text(&ids), "69300000000000000071");
        assert_ne!(
            Key::hashed("69300000000000000071"),
            Key::hashed("69300000000000000072")
        );
        assert!(Key::hashed("x").is_some());
        assert!(Key(123) < text);
        // Letters and digits are packed in the key, nothing interned; they read back as given.
        let before = ids.len();
        for id in [
            "S0000026",
            "AB1234567890123",
            "x7",
            "007",
            "Zz0000000000001",
        ] {
            let key = Key::of(id, &mut ids);
            assert!(key.0 & TEXT_KEY != 0, "{id}");
            assert_eq!(key.text(&ids), id);
        }
        assert_eq!(ids.len(), before);
        assert_ne!(Key::of("S1", &mut ids), Key::of("S01", &mut ids));
        assert_ne!(Key::of("S1", &mut ids), Key::of("s1", &mut ids));
        // Three letters, 14 digits or other characters are interned.
        for id in ["ABC1", "S00000000000001", "S-1", "1S"] {
            let key = Key::of(id, &mut ids);
            assert_eq!(key.text(&ids), id);
        }
        assert_eq!(ids.len(), before + 4);
    }
}
