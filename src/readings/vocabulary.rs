//! The words of the back end's 体验分 pages: labels (total, dimensions, indicators, bonus and
//! deduction totals, deduction events), markers (店铺表现, 权重, 较前1日 …), units and noise.
//! The page's own names come from `labels.json`; indicators it does not list are still found
//! by the rule sets' names.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// What a label on the page stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Meaning {
    Total,
    Dimension(String),
    Indicator(String),
    BonusTotal,
    DeductionTotal,
    Event(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// 店铺表现: the number after it is the shop's value (the one before is the indicator score).
    Value,
    /// 权重: the number after it is a weight in percent.
    Weight,
    /// 较前1日, 较昨日: what follows is a change, not a value.
    Comparison,
    /// 更新时间: the date after it is the reading's date.
    Date,
    /// 近 (30 天): the number after it is a window length.
    Window,
}

/// A unit written after a number. `Fen` (分) is points, stars or minutes by the label's unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Percent,
    Seconds,
    Minutes,
    Hours,
    Days,
    Fen,
    Times,
}

impl Unit {
    /// As written, for the notes.
    pub fn written(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::Seconds => "秒",
            Unit::Minutes => "分钟",
            Unit::Hours => "小时",
            Unit::Days => "天",
            Unit::Fen => "分",
            Unit::Times => "次",
        }
    }
}

/// One piece of a word.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Label(Meaning, String),
    Marker(Marker),
    Unit(Unit),
    Noise,
    Unknown(String),
}

#[derive(Debug, Deserialize)]
struct Labels {
    total: Vec<String>,
    total_whole_word: Vec<String>,
    dimensions: BTreeMap<String, Vec<String>>,
    dimensions_whole_word: BTreeMap<String, Vec<String>>,
    indicators: BTreeMap<String, Vec<String>>,
    bonus: Vec<String>,
    deduction: Vec<String>,
    events: BTreeMap<String, Vec<String>>,
    value_markers: Vec<String>,
    weight_markers: Vec<String>,
    comparison_markers: Vec<String>,
    date_markers: Vec<String>,
    window_markers: Vec<String>,
    noise: Vec<String>,
}

#[derive(Debug, Clone)]
enum Entry {
    Label(Meaning),
    Marker(Marker),
    Noise,
}

/// Every known word, longest first, and the words that count only when they are a whole word.
pub struct Vocabulary {
    anywhere: Vec<(Vec<char>, Entry)>,
    whole: Vec<(String, Entry)>,
}

const UNITS: &[(&str, Unit)] = &[
    ("分钟", Unit::Minutes),
    ("小时", Unit::Hours),
    ("秒钟", Unit::Seconds),
    ("秒", Unit::Seconds),
    ("分", Unit::Fen),
    ("次", Unit::Times),
    ("天", Unit::Days),
    ("h", Unit::Hours),
    ("s", Unit::Seconds),
    ("min", Unit::Minutes),
];

pub fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(build)
}

fn build() -> Vocabulary {
    // A malformed labels.json is a build bug; tests/readings.rs reads it on every run.
    let labels: Labels = serde_json::from_str(include_str!("labels.json"))
        .unwrap_or_else(|e| panic!("readings/labels.json: {e}"));
    let mut anywhere: Vec<(String, Entry)> = Vec::new();
    let mut add = |words: &[String], entry: Entry| {
        for w in words {
            anywhere.push((w.clone(), entry.clone()));
        }
    };
    add(&labels.total, Entry::Label(Meaning::Total));
    for (id, words) in &labels.dimensions {
        add(words, Entry::Label(Meaning::Dimension(id.clone())));
    }
    for (id, words) in &labels.indicators {
        add(words, Entry::Label(Meaning::Indicator(id.clone())));
    }
    add(&labels.bonus, Entry::Label(Meaning::BonusTotal));
    add(&labels.deduction, Entry::Label(Meaning::DeductionTotal));
    for (id, words) in &labels.events {
        add(words, Entry::Label(Meaning::Event(id.clone())));
    }
    add(&labels.value_markers, Entry::Marker(Marker::Value));
    add(&labels.weight_markers, Entry::Marker(Marker::Weight));
    add(
        &labels.comparison_markers,
        Entry::Marker(Marker::Comparison),
    );
    add(&labels.date_markers, Entry::Marker(Marker::Date));
    add(&labels.window_markers, Entry::Marker(Marker::Window));
    add(&labels.noise, Entry::Noise);
    // Indicators the page names as the rule text does (any rule set), unless listed above.
    if let Ok(sets) = crate::rules::all() {
        for indicator in sets.iter().flat_map(|r| &r.indicators) {
            if !anywhere.iter().any(|(w, _)| *w == indicator.zh) {
                anywhere.push((
                    indicator.zh.clone(),
                    Entry::Label(Meaning::Indicator(indicator.id.clone())),
                ));
            }
        }
    }
    let mut whole: Vec<(String, Entry)> = Vec::new();
    for w in &labels.total_whole_word {
        whole.push((w.clone(), Entry::Label(Meaning::Total)));
    }
    for (id, words) in &labels.dimensions_whole_word {
        for w in words {
            whole.push((w.clone(), Entry::Label(Meaning::Dimension(id.clone()))));
        }
    }
    let mut anywhere: Vec<(Vec<char>, Entry)> = anywhere
        .into_iter()
        .map(|(w, e)| (w.chars().collect(), e))
        .collect();
    crate::sorting::sort_by(&mut anywhere, |a, b| b.0.len().cmp(&a.0.len()));
    Vocabulary { anywhere, whole }
}

impl Vocabulary {
    /// A known word starting with a digit ("3分钟人工回复率") at the start of `chars`.
    pub fn digit_word(&self, chars: &[char]) -> Option<usize> {
        self.anywhere
            .iter()
            .find(|(w, _)| w.first().is_some_and(|c| c.is_ascii_digit()) && chars.starts_with(w))
            .map(|(w, _)| w.len())
    }

    /// Split a word into pieces. `after_number`: the word follows a number directly, so a
    /// unit at its start belongs to that number.
    pub fn split(&self, word: &str, after_number: bool) -> Vec<Piece> {
        let chars: Vec<char> = word.chars().collect();
        let mut pieces = Vec::new();
        let mut pos = 0;
        if after_number {
            if let Some((unit_text, unit)) = UNITS.iter().find(|(u, _)| {
                let u: Vec<char> = u.chars().collect();
                // A Latin unit only as the whole word ("14.2 s"), never the start of a word.
                chars.starts_with(&u) && (!u[0].is_ascii() || u.len() == chars.len())
            }) {
                pieces.push(Piece::Unit(*unit));
                pos = unit_text.chars().count();
            }
        }
        let rest: String = chars[pos..].iter().collect();
        if let Some((_, entry)) = self.whole.iter().find(|(w, _)| *w == rest) {
            pieces.push(piece_of(entry, &rest));
            return pieces;
        }
        let mut unknown = String::new();
        while pos < chars.len() {
            let found = self
                .anywhere
                .iter()
                .find(|(w, _)| chars[pos..].starts_with(w));
            match found {
                Some((w, entry)) => {
                    if !unknown.is_empty() {
                        pieces.push(Piece::Unknown(std::mem::take(&mut unknown)));
                    }
                    pieces.push(piece_of(entry, &w.iter().collect::<String>()));
                    pos += w.len();
                }
                None => {
                    unknown.push(chars[pos]);
                    pos += 1;
                }
            }
        }
        if !unknown.is_empty() {
            pieces.push(Piece::Unknown(unknown));
        }
        pieces
    }
}

fn piece_of(entry: &Entry, text: &str) -> Piece {
    match entry {
        Entry::Label(meaning) => Piece::Label(meaning.clone(), text.to_string()),
        Entry::Marker(marker) => Piece::Marker(*marker),
        Entry::Noise => Piece::Noise,
    }
}
