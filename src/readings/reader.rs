//! Tokens → `Reading`: each label collects the numbers after it (skipping changes such as
//! 较前1日 +0.5 and window lengths such as 近30天), then each group is read by what its label
//! means, values converted to the rule set's units, and every step noted as taken or left.

use super::text::{tokenize, TokenKind};
use super::vocabulary::{vocabulary, Marker, Meaning, Piece, Unit};
use super::{IndicatorReading, Layout, Note, Reading};
use crate::messages::{render, Param};
use crate::rules::RuleSet;
use crate::sorting::CollectMap;
use serde_json::json;
use std::collections::BTreeMap;

/// Read text copied from the back end's 体验分 pages. With `rule_set`, indicator values are
/// converted to its units and items it does not have are left; without, every rule set's
/// indicators are accepted in their own units.
pub fn read(text: &str, rule_set: Option<&RuleSet>) -> Reading {
    let events = events_of(text);
    let mut reading = Reading {
        rule_set: rule_set.map(|r| r.id.clone()),
        ..Reading::default()
    };
    let groups = group(&events, &mut reading);
    let mut short_dimension_names = false;
    for g in &groups {
        if let Some(Meaning::Dimension(_)) = &g.meaning {
            short_dimension_names |= g.label.chars().count() <= 2;
        }
        Interpreter {
            reading: &mut reading,
            rule_set,
        }
        .group(g);
    }
    reading.layout = layout_of(&groups, short_dimension_names);
    reading
}

/// What the reader sees, in order: labels, markers, numbers with their units, dates.
#[derive(Debug, Clone, PartialEq)]
enum Event {
    Label(Meaning, String),
    Marker(Marker),
    Number {
        value: f64,
        unit: Option<Unit>,
        raw: String,
    },
    Date(String),
    Time(String),
    Unknown(String),
}

fn events_of(text: &str) -> Vec<(Event, usize)> {
    let vocabulary = vocabulary();
    let tokens = tokenize(text, |chars| vocabulary.digit_word(chars));
    let mut events: Vec<(Event, usize)> = Vec::new();
    let mut after_number = false;
    for token in tokens {
        let line = token.line;
        let was_after_number = after_number;
        after_number = false;
        match token.kind {
            TokenKind::LineBreak => {}
            TokenKind::Date(d) => events.push((Event::Date(d), line)),
            TokenKind::Time(t) => events.push((Event::Time(t), line)),
            TokenKind::Percent => {
                if was_after_number {
                    set_unit(&mut events, Unit::Percent);
                }
            }
            TokenKind::Number { value, text } => {
                if value.is_finite() {
                    events.push((
                        Event::Number {
                            value,
                            unit: None,
                            raw: text,
                        },
                        line,
                    ));
                    after_number = true;
                }
            }
            TokenKind::Word(word) => {
                for piece in vocabulary.split(&word, was_after_number) {
                    match piece {
                        Piece::Unit(unit) => set_unit(&mut events, unit),
                        Piece::Label(meaning, text) => {
                            events.push((Event::Label(meaning, text), line))
                        }
                        Piece::Marker(marker) => events.push((Event::Marker(marker), line)),
                        Piece::Unknown(text) => events.push((Event::Unknown(text), line)),
                        Piece::Noise => {}
                    }
                }
            }
        }
    }
    merge_durations(events)
}

fn set_unit(events: &mut [(Event, usize)], written: Unit) {
    if let Some((Event::Number { unit, raw, .. }, _)) = events.last_mut() {
        if unit.is_none() {
            *unit = Some(written);
            if written != Unit::Percent {
                raw.push(' ');
            }
            raw.push_str(written.written());
        }
    }
}

/// "1 小时 20 分" and "2 分 30 秒" are one duration: in seconds.
fn merge_durations(events: Vec<(Event, usize)>) -> Vec<(Event, usize)> {
    let mut out: Vec<(Event, usize)> = Vec::with_capacity(events.len());
    for (event, line) in events {
        if let (
            Event::Number {
                value: small,
                unit: Some(small_unit),
                raw: small_raw,
            },
            Some((
                Event::Number {
                    value: big,
                    unit: Some(big_unit),
                    raw: big_raw,
                },
                _,
            )),
        ) = (&event, out.last())
        {
            let big_seconds = match big_unit {
                Unit::Days => Some(86_400.0),
                Unit::Hours => Some(3_600.0),
                Unit::Minutes | Unit::Fen => Some(60.0),
                _ => None,
            };
            let small_seconds = match (big_unit, small_unit) {
                (Unit::Days, Unit::Hours) => Some(3_600.0),
                (Unit::Hours, Unit::Minutes | Unit::Fen) => Some(60.0),
                (Unit::Minutes | Unit::Fen, Unit::Seconds) => Some(1.0),
                _ => None,
            };
            if let (Some(b), Some(s)) = (big_seconds, small_seconds) {
                let merged = Event::Number {
                    value: big * b + small * s,
                    unit: Some(Unit::Seconds),
                    raw: format!("{big_raw} {small_raw}"),
                };
                let last = out.len() - 1;
                out[last].0 = merged;
                continue;
            }
        }
        out.push((event, line));
    }
    out
}

/// A label and the numbers that followed it (`meaning: None`: an unknown word did).
#[derive(Debug)]
struct Group {
    meaning: Option<Meaning>,
    label: String,
    items: Vec<Item>,
}

#[derive(Debug)]
struct Item {
    value: f64,
    unit: Option<Unit>,
    marker: Option<Marker>,
    raw: String,
    line: usize,
}

fn group(events: &[(Event, usize)], reading: &mut Reading) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut comparison = false;
    let mut window_next = false;
    let mut date_next = false;
    let mut last_was_date = false;
    let mut pending_marker: Option<Marker> = None;
    let mut pending_unknown = String::new();
    for (event, line) in events {
        let line = *line;
        let was_date = last_was_date;
        last_was_date = false;
        match event {
            Event::Label(meaning, text) => {
                groups.push(Group {
                    meaning: Some(meaning.clone()),
                    label: text.clone(),
                    items: Vec::new(),
                });
                comparison = false;
                window_next = false;
                pending_marker = None;
                pending_unknown.clear();
            }
            Event::Marker(Marker::Value | Marker::Weight) => {
                pending_marker = match event {
                    Event::Marker(m) => Some(*m),
                    _ => None,
                };
                comparison = false;
            }
            Event::Marker(Marker::Comparison) => comparison = true,
            Event::Marker(Marker::Window) => window_next = true,
            Event::Marker(Marker::Date) => date_next = true,
            Event::Date(date) => {
                if date_next || reading.date.is_none() {
                    reading.date = Some(date.clone());
                    reading.time = None;
                    last_was_date = true;
                }
                date_next = false;
            }
            Event::Time(time) => {
                if was_date {
                    reading.time = Some(time.clone());
                }
            }
            Event::Unknown(text) => {
                // One character ("约", "(") qualifies a number; two or more name something.
                if text.chars().count() >= 2 {
                    pending_unknown.push_str(text);
                }
            }
            Event::Number { value, unit, raw } => {
                if std::mem::take(&mut window_next) || comparison {
                    continue;
                }
                let current_has_items = groups.last().is_none_or(|g| !g.items.is_empty());
                if groups.is_empty() || (!pending_unknown.is_empty() && current_has_items) {
                    groups.push(Group {
                        meaning: None,
                        label: std::mem::take(&mut pending_unknown),
                        items: Vec::new(),
                    });
                }
                pending_unknown.clear();
                if let Some(g) = groups.last_mut() {
                    g.items.push(Item {
                        value: *value,
                        unit: *unit,
                        marker: pending_marker.take(),
                        raw: raw.clone(),
                        line,
                    });
                }
            }
        }
    }
    if reading.date.is_some() {
        let date = reading.date.clone().unwrap_or_default();
        let shown = match &reading.time {
            Some(time) => format!("{date} {time}"),
            None => date.clone(),
        };
        reading.took.insert(
            0,
            note(
                "reading_date",
                None,
                &[("date", json!(shown))],
                shown.clone(),
                0,
            ),
        );
    }
    groups
}

fn layout_of(groups: &[Group], short_dimension_names: bool) -> Layout {
    let indicators = groups
        .iter()
        .filter(|g| matches!(g.meaning, Some(Meaning::Indicator(_))))
        .count();
    let with_value_marker = groups.iter().any(|g| {
        matches!(g.meaning, Some(Meaning::Indicator(_)))
            && g.items.iter().any(|i| i.marker == Some(Marker::Value))
    });
    if with_value_marker {
        Layout::DimensionTab
    } else if indicators >= 2 {
        Layout::Overview
    } else if short_dimension_names {
        Layout::HomeCard
    } else {
        Layout::Unknown
    }
}

fn note(
    key: &str,
    subject: Option<&str>,
    params: &[(&str, Param)],
    raw: String,
    line: usize,
) -> Note {
    let params: BTreeMap<String, Param> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect_map();
    Note {
        code: key.split('.').next().unwrap_or(key).to_string(),
        subject: subject.map(str::to_string),
        text: render(key, &params),
        raw,
        line,
    }
}

/// A unit as the notes write it after a number, in both languages.
fn unit_text(rule_unit: &str) -> Param {
    match rule_unit {
        "percent" => json!({"zh": "%", "en": "%"}),
        "hours" => json!({"zh": " 小时", "en": " h"}),
        "seconds" => json!({"zh": " 秒", "en": " s"}),
        "stars" => json!({"zh": " 分", "en": ""}),
        "score" | "points" => json!({"zh": " 分", "en": " pts"}),
        _ => json!({"zh": "", "en": ""}),
    }
}

/// `value` written with `written` in the rule's unit, or None when they do not convert.
/// 分 after a duration is minutes; after a rating or score it is points.
fn convert(value: f64, written: Option<Unit>, rule_unit: &str) -> Option<f64> {
    use Unit::*;
    match (rule_unit, written) {
        ("seconds", None | Some(Seconds)) => Some(value),
        ("seconds", Some(Minutes | Fen)) => Some(value * 60.0),
        ("seconds", Some(Hours)) => Some(value * 3_600.0),
        ("seconds", Some(Days)) => Some(value * 86_400.0),
        ("hours", None | Some(Hours)) => Some(value),
        ("hours", Some(Minutes | Fen)) => Some(value / 60.0),
        ("hours", Some(Seconds)) => Some(value / 3_600.0),
        ("hours", Some(Days)) => Some(value * 24.0),
        ("percent", None | Some(Percent)) => Some(value),
        ("stars" | "score" | "points", None | Some(Fen)) => Some(value),
        ("count", None | Some(Times)) => Some(value),
        (_, None) => Some(value),
        _ => None,
    }
}

/// True when the number was written in the rule's own unit (no conversion to mention).
fn as_written(rule_unit: &str, item: &Item) -> bool {
    use Unit::*;
    let parts = item
        .raw
        .split(' ')
        .filter(|p| p.starts_with(|c: char| c.is_ascii_digit() || c == '-'))
        .count();
    parts <= 1
        && matches!(
            (rule_unit, item.unit),
            ("seconds", None | Some(Seconds))
                | ("hours", None | Some(Hours))
                | ("percent" | "stars" | "score" | "points" | "count", _)
        )
}

fn plausible(value: f64, rule_unit: &str) -> bool {
    match rule_unit {
        "percent" => (0.0..=100.0).contains(&value),
        "stars" => (0.0..=5.0).contains(&value),
        "score" => (0.0..=100.0).contains(&value),
        _ => value >= 0.0,
    }
}

struct Interpreter<'a> {
    reading: &'a mut Reading,
    rule_set: Option<&'a RuleSet>,
}

/// Which list a note goes to.
#[derive(Clone, Copy)]
enum List {
    Took,
    Left,
}

impl Interpreter<'_> {
    fn say(
        &mut self,
        list: List,
        key: &str,
        subject: Option<&str>,
        params: &[(&str, Param)],
        raw: String,
        line: usize,
    ) {
        let n = note(key, subject, params, raw, line);
        match list {
            List::Took => self.reading.took.push(n),
            List::Left => self.reading.left.push(n),
        }
    }

    /// Take `value` under `key` when `ok` (with the id it is `about` as a named parameter), else
    /// leave it as out of range. Returns `ok`.
    fn accept(
        &mut self,
        ok: bool,
        key: &str,
        about: Option<(&str, &str)>,
        value: f64,
        raw: String,
        line: usize,
    ) -> bool {
        let subject = about.map(|(_, id)| id);
        if ok {
            let mut params = vec![("value", json!(value))];
            params.extend(about.map(|(name, id)| (name, json!(id))));
            self.say(List::Took, key, subject, &params, raw, line);
        } else {
            self.say(
                List::Left,
                "reading_left.out_of_range",
                subject,
                &[("value", json!(value))],
                raw,
                line,
            );
        }
        ok
    }

    fn raw(g: &Group, item: &Item) -> String {
        if g.label.is_empty() {
            item.raw.clone()
        } else {
            format!("{} {}", g.label, item.raw)
        }
    }

    /// Leave every number of a group for the same reason.
    fn leave_all(&mut self, g: &Group, key: &str, params: &[(&str, Param)]) {
        let subject = subject_of(g);
        for item in &g.items {
            self.say(
                List::Left,
                key,
                subject.as_deref(),
                params,
                Self::raw(g, item),
                item.line,
            );
        }
    }

    fn group(mut self, g: &Group) {
        let Some(meaning) = &g.meaning else {
            self.leave_all(g, "reading_left.unknown", &[]);
            return;
        };
        if g.items.is_empty() {
            return;
        }
        match meaning {
            Meaning::Total => self.total(g),
            Meaning::Dimension(id) => self.dimension(g, id),
            Meaning::Indicator(id) => self.indicator(g, id),
            Meaning::BonusTotal | Meaning::DeductionTotal => self.points(g, meaning),
            Meaning::Event(id) => self.event(g, id),
        }
    }

    fn rule_set_param(&self) -> Param {
        json!(self.rule_set.map(|r| r.id.clone()).unwrap_or_default())
    }

    /// The numbers after the first `used` are extras.
    fn leave_extras(&mut self, g: &Group, used: &[usize]) {
        for (i, item) in g.items.iter().enumerate() {
            if !used.contains(&i) {
                self.say(
                    List::Left,
                    "reading_left.extra",
                    subject_of(g).as_deref(),
                    &[],
                    Self::raw(g, item),
                    item.line,
                );
            }
        }
    }

    fn total(&mut self, g: &Group) {
        let max = self.rule_set.map_or(100.0, |r| r.scale.max);
        let item = &g.items[0];
        if self.reading.total.is_some() {
            self.say(
                List::Left,
                "reading_left.repeated",
                None,
                &[],
                Self::raw(g, item),
                item.line,
            );
        } else {
            let ok =
                (0.0..=max).contains(&item.value) && matches!(item.unit, None | Some(Unit::Fen));
            if self.accept(
                ok,
                "reading_total",
                None,
                item.value,
                Self::raw(g, item),
                item.line,
            ) {
                self.reading.total = Some(item.value);
            }
        }
        self.leave_extras(g, &[0]);
    }

    fn dimension(&mut self, g: &Group, id: &str) {
        if self
            .rule_set
            .is_some_and(|r| !r.dimensions.iter().any(|d| d.id == id))
        {
            let rule_set = self.rule_set_param();
            self.leave_all(g, "reading_left.not_in_rule_set", &[("rule_set", rule_set)]);
            return;
        }
        let max = self.rule_set.map_or(100.0, |r| r.dimension_scale.max);
        let mut used = Vec::new();
        for (i, item) in g.items.iter().enumerate() {
            let raw = Self::raw(g, item);
            if item.marker == Some(Marker::Weight) {
                if !self.reading.dimension_weights.contains_key(id)
                    && (0.0..=100.0).contains(&item.value)
                {
                    self.reading
                        .dimension_weights
                        .insert(id.to_string(), item.value);
                    self.say(
                        List::Took,
                        "reading_dimension_weight",
                        Some(id),
                        &[("dimension", json!(id)), ("value", json!(item.value))],
                        raw,
                        item.line,
                    );
                    used.push(i);
                }
            } else if !used.iter().any(|&u| g.items[u].marker.is_none()) {
                used.push(i);
                if self.reading.dimensions.contains_key(id) {
                    self.say(
                        List::Left,
                        "reading_left.repeated",
                        Some(id),
                        &[],
                        raw,
                        item.line,
                    );
                } else {
                    let ok = (0.0..=max).contains(&item.value);
                    if self.accept(
                        ok,
                        "reading_dimension",
                        Some(("dimension", id)),
                        item.value,
                        raw,
                        item.line,
                    ) {
                        self.reading.dimensions.insert(id.to_string(), item.value);
                    }
                }
            }
        }
        self.leave_extras(g, &used);
    }

    fn indicator(&mut self, g: &Group, id: &str) {
        let rule = match self.rule_set {
            Some(r) => r.indicators.iter().find(|i| i.id == id),
            None => crate::rules::all()
                .ok()
                .and_then(|sets| sets.iter().flat_map(|r| &r.indicators).find(|i| i.id == id)),
        };
        let Some(rule) = rule else {
            let rule_set = self.rule_set_param();
            self.leave_all(g, "reading_left.not_in_rule_set", &[("rule_set", rule_set)]);
            return;
        };
        if self.reading.indicators.contains_key(id) {
            self.leave_all(g, "reading_left.repeated", &[]);
            return;
        }
        let unit = rule.unit.as_str();
        let value_at = g.items.iter().position(|i| i.marker == Some(Marker::Value));
        let (score_at, value_at) = match value_at {
            Some(v) => (
                g.items[..v].iter().position(|i| i.marker.is_none()),
                Some(v),
            ),
            None => (None, g.items.iter().position(|i| i.marker.is_none())),
        };
        let weight_at = g
            .items
            .iter()
            .position(|i| i.marker == Some(Marker::Weight));
        let mut entry = IndicatorReading::default();
        let mut used = Vec::new();
        let score_max = self
            .rule_set
            .map_or(100.0, |r| r.band_scores.iter().cloned().fold(0.0, f64::max));
        if let Some(i) = score_at {
            used.push(i);
            let item = &g.items[i];
            let ok = (0.0..=score_max).contains(&item.value)
                && matches!(item.unit, None | Some(Unit::Fen));
            if self.accept(
                ok,
                "reading_indicator_score",
                Some(("indicator", id)),
                item.value,
                Self::raw(g, item),
                item.line,
            ) {
                entry.score = Some(item.value);
            }
        }
        if let Some(i) = value_at {
            used.push(i);
            let item = &g.items[i];
            let raw = Self::raw(g, item);
            match convert(item.value, item.unit, unit) {
                None => {
                    let written = item.unit.map_or("", Unit::written);
                    self.say(
                        List::Left,
                        "reading_left.unit",
                        Some(id),
                        &[("unit", json!(written))],
                        raw,
                        item.line,
                    );
                }
                Some(value) if !plausible(value, unit) => {
                    self.say(
                        List::Left,
                        "reading_left.out_of_range",
                        Some(id),
                        &[("value", json!(item.value))],
                        raw,
                        item.line,
                    );
                }
                Some(value) => {
                    let value = (value * 1e6).round() / 1e6;
                    entry.value = Some(value);
                    let converted = !as_written(unit, item);
                    let key = if converted {
                        "reading_indicator_converted"
                    } else {
                        "reading_indicator_value"
                    };
                    self.say(
                        List::Took,
                        key,
                        Some(id),
                        &[
                            ("indicator", json!(id)),
                            ("value", json!(value)),
                            ("unit", unit_text(unit)),
                            ("raw", json!(item.raw)),
                        ],
                        raw,
                        item.line,
                    );
                }
            }
        }
        if let Some(i) = weight_at {
            used.push(i);
            let item = &g.items[i];
            if (0.0..=100.0).contains(&item.value) {
                entry.weight = Some(item.value);
                self.say(
                    List::Took,
                    "reading_indicator_weight",
                    Some(id),
                    &[("indicator", json!(id)), ("value", json!(item.value))],
                    Self::raw(g, item),
                    item.line,
                );
            }
        }
        self.leave_extras(g, &used);
        if entry != IndicatorReading::default() {
            self.reading.indicators.insert(id.to_string(), entry);
        }
    }

    fn points(&mut self, g: &Group, meaning: &Meaning) {
        let item = &g.items[0];
        let raw = Self::raw(g, item);
        let (slot, key) = match meaning {
            Meaning::BonusTotal => (&mut self.reading.bonus_points, "reading_bonus"),
            _ => (&mut self.reading.deduction_points, "reading_deduction"),
        };
        if slot.is_some() {
            self.say(
                List::Left,
                "reading_left.repeated",
                None,
                &[],
                raw,
                item.line,
            );
        } else if matches!(item.unit, None | Some(Unit::Fen)) {
            *slot = Some(item.value.abs());
            self.say(
                List::Took,
                key,
                None,
                &[("value", json!(item.value.abs()))],
                raw,
                item.line,
            );
        } else {
            let written = item.unit.map_or("", Unit::written);
            self.say(
                List::Left,
                "reading_left.unit",
                None,
                &[("unit", json!(written))],
                raw,
                item.line,
            );
        }
        self.leave_extras(g, &[0]);
    }

    fn event(&mut self, g: &Group, id: &str) {
        let deduction = match self.rule_set {
            Some(r) => r
                .deductions
                .iter()
                .find(|d| d.events.iter().any(|e| e == id)),
            None => crate::rules::all().ok().and_then(|sets| {
                sets.iter()
                    .flat_map(|r| &r.deductions)
                    .find(|d| d.events.iter().any(|e| e == id))
            }),
        };
        let Some(deduction) = deduction else {
            let rule_set = self.rule_set_param();
            self.leave_all(g, "reading_left.not_in_rule_set", &[("rule_set", rule_set)]);
            return;
        };
        let name = json!({"zh": deduction.zh, "en": deduction.en});
        let item = &g.items[0];
        let raw = Self::raw(g, item);
        let count = match item.unit {
            None | Some(Unit::Times) => Some(item.value),
            Some(Unit::Fen) if item.value == 0.0 => Some(0.0),
            _ => None,
        };
        match count {
            _ if self.reading.events.contains_key(id) => self.say(
                List::Left,
                "reading_left.repeated",
                Some(id),
                &[],
                raw,
                item.line,
            ),
            Some(n) if n >= 0.0 && n.fract() == 0.0 => {
                self.reading.events.insert(id.to_string(), n);
                self.say(
                    List::Took,
                    "reading_event",
                    Some(id),
                    &[("name", name), ("value", json!(n))],
                    raw,
                    item.line,
                );
            }
            Some(_) => self.say(
                List::Left,
                "reading_left.out_of_range",
                Some(id),
                &[("value", json!(item.value))],
                raw,
                item.line,
            ),
            None => self.say(
                List::Left,
                "reading_left.event_points",
                Some(id),
                &[("name", name), ("value", json!(item.value))],
                raw,
                item.line,
            ),
        }
        self.leave_extras(g, &[0]);
    }
}

fn subject_of(g: &Group) -> Option<String> {
    match &g.meaning {
        Some(Meaning::Dimension(id) | Meaning::Indicator(id) | Meaning::Event(id)) => {
            Some(id.clone())
        }
        _ => None,
    }
}
