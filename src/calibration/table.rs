//! The readings table: one row per day, as typed on the page, dropped as CSV/XLSX or built
//! from pasted back-end text. Headers are the back end's own words (日期, 体验分, 商品体验分, 加分,
//! 扣分, each indicator's name, and the name followed by 得分 for its score), or their English
//! names; the page's other names for an indicator (飞鸽人工会话平响时长 …) are known through the
//! paste reader's vocabulary. A unit written in a cell or in its header ("13.9秒", "平均揽收时长
//! （分钟）") is converted to the indicator's unit. Nothing unreadable is taken as zero: each bad
//! cell and each unknown column is named, and the rest of the row is still used.

use super::observation::Observation;
use crate::error::Error;
use crate::ingest::{self, ReadOptions};
use crate::messages::Warning;
use crate::readings::{fold, vocabulary, Meaning, Piece, Reading, WrittenUnit};
use crate::rules::{Method, RuleSet, Unit};
use serde_json::json;
use std::collections::BTreeMap;

/// What a column of the readings table holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Date,
    Total,
    Bonus,
    Deduction,
    Dimension(String),
    /// An indicator's value (as the back end shows it).
    Value(String),
    /// An indicator's score.
    Score(String),
}

/// The table's rows as observations, and what was said about its cells and columns.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRead {
    pub observations: Vec<Observation>,
    pub warnings: Vec<Warning>,
}

/// The readings table's headers for `rs`, in template order: (field, Chinese, English).
pub fn headers(rs: &RuleSet) -> Vec<(Field, String, String)> {
    let mut out = vec![
        (Field::Date, "日期".to_string(), "date".to_string()),
        (Field::Total, "体验分".into(), "total".into()),
    ];
    for d in &rs.dimensions {
        out.push((
            Field::Dimension(d.id.clone()),
            format!("{}分", d.zh),
            format!("{} score", d.en),
        ));
    }
    out.push((Field::Bonus, "加分".into(), "bonus".into()));
    out.push((Field::Deduction, "扣分".into(), "deduction".into()));
    for i in &rs.indicators {
        out.push((Field::Value(i.id.clone()), i.zh.clone(), i.en.clone()));
        if rs.method == Method::Bands && !i.value_is_score {
            out.push((
                Field::Score(i.id.clone()),
                format!("{}得分", i.zh),
                format!("{} score", i.en),
            ));
        }
    }
    out
}

/// `o` as a row of cells under the template's headers (`headers(rs)` order): numbers as short
/// as they round-trip, empty where the figure is absent.
pub fn cells_of(rs: &RuleSet, o: &Observation) -> Vec<String> {
    let number = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v}"));
    headers(rs)
        .into_iter()
        .map(|(field, _, _)| match field {
            Field::Date => o.date.clone(),
            Field::Total => number(o.total),
            Field::Bonus => number(o.bonus),
            Field::Deduction => number(o.deduction),
            Field::Dimension(id) => number(o.dimensions.get(&id).copied()),
            Field::Value(id) => number(o.indicator_values.get(&id).copied()),
            Field::Score(id) => number(o.indicator_scores.get(&id).copied()),
        })
        .collect()
}

/// A CSV template for `rs` (UTF-8 with BOM, the header row only: a row of example figures
/// left in by mistake would be taken for a day's reading).
pub fn template(rs: &RuleSet) -> String {
    let header: Vec<String> = headers(rs).into_iter().map(|(_, zh, _)| zh).collect();
    format!("\u{feff}{}\r\n", header.join(","))
}

/// Read a table: `header` names the columns; `rows` are the cells as written, the first on
/// line `first_line` of `file`, one a line. Empty rows are skipped.
pub fn read_table(
    rs: &RuleSet,
    header: &[String],
    rows: &[Vec<String>],
    file: Option<&str>,
    first_line: u64,
) -> TableRead {
    let numbered = rows
        .iter()
        .enumerate()
        .map(|(k, row)| (first_line + k as u64, row.as_slice()));
    read_rows(rs, header, numbered, file)
}

/// Read a readings file: CSV or TSV in any encoding the ingest reader knows, or XLSX (the first
/// sheet whose header row looks like a readings table). The file's own warnings (odd rows,
/// encoding) come first; a file that is no table at all is an error saying what it is.
pub fn read_file(rs: &RuleSet, name: &str, bytes: &[u8]) -> Result<TableRead, Error> {
    let options = ReadOptions {
        sheet_chooser: Some(looks_like_readings),
        ..ReadOptions::default()
    };
    let table = ingest::read_file(name, bytes, &options)?;
    let numbered = table.rows.iter().map(|r| (r.line, r.cells.as_slice()));
    let mut read = read_rows(rs, &table.headers, numbered, Some(name));
    let file_warnings = table.warnings.iter().chain(&table.skipped).cloned();
    read.warnings.splice(0..0, file_warnings);
    Ok(read)
}

/// A header row with a date column and at least two other columns of a readings table (under
/// any rule set).
fn looks_like_readings(header: &[String]) -> bool {
    let Ok(sets) = crate::rules::all() else {
        return false;
    };
    sets.iter().any(|rs| {
        let fields: Vec<Field> = header.iter().filter_map(|h| field_of(rs, h)).map(|f| f.0).collect();
        fields.contains(&Field::Date) && fields.len() >= 3
    })
}

/// Read rows numbered by the line each is on.
fn read_rows<'r>(
    rs: &RuleSet,
    header: &[String],
    rows: impl Iterator<Item = (u64, &'r [String])>,
    file: Option<&str>,
) -> TableRead {
    let mut warnings = Vec::new();
    let columns = recognise_columns(rs, header, &mut warnings);
    if !columns.iter().any(|c| matches!(c, Some((Field::Date, _)))) {
        warnings.push(Warning::of("reading_no_date_column").at(file, None, None));
        return TableRead {
            observations: Vec::new(),
            warnings,
        };
    }
    let mut observations = Vec::new();
    for (line, row) in rows {
        if row.iter().all(|c| is_empty_cell(c)) {
            continue;
        }
        let mut o = Observation {
            file: file.map(str::to_string),
            row: line,
            ..Default::default()
        };
        for ((cell, column), header_text) in row.iter().zip(&columns).zip(header) {
            let Some((field, unit)) = column else {
                continue;
            };
            if let Err(text) = fill(rs, &mut o, field, *unit, cell) {
                let header_text = header_text.trim();
                warnings.push(
                    Warning::of("reading_bad_cell")
                        .param("row", line)
                        .param("column", header_text)
                        .param("value", text)
                        .at(file, Some(line), Some(header_text)),
                );
            }
        }
        observations.push(o);
    }
    TableRead {
        observations,
        warnings,
    }
}

/// The field of each header (and a unit written in it), `None` for columns not used: unknown
/// ones are said once, a second column for the same field is said and left aside.
fn recognise_columns(
    rs: &RuleSet,
    header: &[String],
    warnings: &mut Vec<Warning>,
) -> Vec<Option<(Field, Option<WrittenUnit>)>> {
    let mut unknown: Vec<String> = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let columns = header
        .iter()
        .map(|h| {
            let Some((field, unit)) = field_of(rs, h) else {
                if !is_empty_cell(h) {
                    unknown.push(h.trim().to_string());
                }
                return None;
            };
            let key = format!("{field:?}");
            if let Some(first) = seen.get(&key) {
                warnings.push(
                    Warning::of("reading_column_twice")
                        .param("column", h.trim())
                        .param("other", first.as_str()),
                );
                return None;
            }
            seen.insert(key, h.trim().to_string());
            Some((field, unit))
        })
        .collect();
    if !unknown.is_empty() {
        warnings.push(Warning::of("reading_unknown_columns").param("columns", json!(unknown)));
    }
    columns
}

/// A unit written after a number or in a header's brackets, in the back end's words (the paste
/// reader's vocabulary: 秒, 分钟, 小时, 天, 分, h, s, min), or %.
fn unit_of(text: &str) -> Option<WrittenUnit> {
    if text == "%" {
        return Some(WrittenUnit::Percent);
    }
    match vocabulary().split(text, true).as_slice() {
        [Piece::Unit(unit)] => Some(*unit),
        _ => None,
    }
}

/// The field a header names, with a unit written in brackets ("平均揽收时长（分钟）").
fn field_of(rs: &RuleSet, header: &str) -> Option<(Field, Option<WrittenUnit>)> {
    let folded: String = header.chars().map(fold).collect();
    let (name, unit) = split_bracket_unit(folded.trim());
    let compact: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    let lower = name.trim().to_lowercase();
    english_field(rs, &lower)
        .or_else(|| chinese_field(rs, &compact))
        .map(|f| (f, unit))
}

/// "平均揽收时长（小时）" → ("平均揽收时长", hours); brackets holding no unit are kept.
fn split_bracket_unit(header: &str) -> (String, Option<WrittenUnit>) {
    let Some(open) = header.find('(') else {
        return (header.to_string(), None);
    };
    let inside = header[open + 1..].trim_end_matches(')').trim();
    match unit_of(inside) {
        Some(unit) => (header[..open].trim().to_string(), Some(unit)),
        None => (header.to_string(), None),
    }
}

fn english_field(rs: &RuleSet, lower: &str) -> Option<Field> {
    let fixed = match lower {
        "date" | "day" => Some(Field::Date),
        "total" | "total score" | "score" => Some(Field::Total),
        "bonus" | "bonus points" => Some(Field::Bonus),
        "deduction" | "deductions" | "deduction points" => Some(Field::Deduction),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let is = |names: &[&str], suffix: &str| {
        names
            .iter()
            .any(|n| lower == format!("{}{suffix}", n.to_lowercase()))
    };
    if let Some(d) = rs
        .dimensions
        .iter()
        .find(|d| is(&[&d.en, &d.id], "") || is(&[&d.en, &d.id], " score"))
    {
        return Some(Field::Dimension(d.id.clone()));
    }
    if let Some(i) = rs.indicators.iter().find(|i| is(&[&i.en, &i.id], " score")) {
        return Some(Field::Score(i.id.clone()));
    }
    rs.indicators
        .iter()
        .find(|i| is(&[&i.en, &i.id], ""))
        .map(|i| Field::Value(i.id.clone()))
}

/// A Chinese header through the back end's vocabulary: one label, nothing unknown beside it;
/// a trailing 得分 makes an indicator's column its score.
fn chinese_field(rs: &RuleSet, compact: &str) -> Option<Field> {
    if ["日期", "更新日期", "更新时间", "时间"].contains(&compact) {
        return Some(Field::Date);
    }
    // The template's own headers: the rule set's names.
    let template = headers(rs)
        .into_iter()
        .find(|(_, zh, _)| zh == compact)
        .map(|(field, _, _)| field);
    if template.is_some() {
        return template;
    }
    // A name that is itself a word of the back end (揽收时长平均得分) first, then a name followed
    // by 得分 (its score), then a name among noise words.
    let exact = one_label(compact).filter(|(_, word)| word == compact);
    let as_score = compact
        .strip_suffix("得分")
        .filter(|rest| !rest.is_empty())
        .and_then(one_label);
    let (meaning, score) = match (exact, as_score) {
        (Some((m, _)), _) => (m, false),
        (None, Some((m, _))) => (m, true),
        (None, None) => (one_label(compact)?.0, false),
    };
    let known_indicator = |id: &str| rs.indicators.iter().any(|i| i.id == id);
    let known_dimension = |id: &str| rs.dimensions.iter().any(|d| d.id == id);
    match (&meaning, score) {
        (Meaning::Total, false) => Some(Field::Total),
        (Meaning::BonusTotal, false) => Some(Field::Bonus),
        (Meaning::DeductionTotal, false) => Some(Field::Deduction),
        (Meaning::Dimension(id), false) if known_dimension(id) => {
            Some(Field::Dimension(id.clone()))
        }
        (Meaning::Indicator(id), false) if known_indicator(id) => Some(Field::Value(id.clone())),
        (Meaning::Indicator(id), true) if known_indicator(id) => Some(Field::Score(id.clone())),
        _ => None,
    }
}

/// The one thing `name` names in the back end's words (noise aside), if it names exactly one,
/// with the word that named it.
fn one_label(name: &str) -> Option<(Meaning, String)> {
    let pieces = vocabulary().split(name, false);
    let mut labels = pieces.iter().filter(|p| !matches!(p, Piece::Noise));
    match (labels.next(), labels.next()) {
        (Some(Piece::Label(meaning, word)), None) => Some((meaning.clone(), word.clone())),
        _ => None,
    }
}

/// Cells that hold nothing: empty, or a dash the exports write for "none".
fn is_empty_cell(cell: &str) -> bool {
    let t: String = cell.chars().map(fold).collect();
    matches!(
        t.trim(),
        "" | "-" | "--" | "—" | "–" | "/" | "无" | "暂无" | "n/a" | "N/A"
    )
}

/// Put one cell into `o`; `Err(text)` when it cannot be read.
fn fill(
    rs: &RuleSet,
    o: &mut Observation,
    field: &Field,
    header_unit: Option<WrittenUnit>,
    cell: &str,
) -> Result<(), String> {
    if is_empty_cell(cell) {
        return Ok(());
    }
    let text: String = cell.chars().map(fold).collect();
    let text = text.trim();
    if *field == Field::Date {
        o.date = date_of(text).ok_or_else(|| text.to_string())?;
        return Ok(());
    }
    let (number, cell_unit) = number_of(text).ok_or_else(|| text.to_string())?;
    let unit = cell_unit.or(header_unit);
    match field {
        Field::Date => {}
        Field::Total => o.total = Some(plain(number, unit).ok_or(text)?),
        Field::Bonus => o.bonus = Some(plain(number, unit).ok_or(text)?),
        Field::Deduction => o.deduction = Some(plain(number, unit).ok_or(text)?.abs()),
        Field::Dimension(id) => {
            o.dimensions
                .insert(id.clone(), plain(number, unit).ok_or(text)?);
        }
        Field::Score(id) => {
            o.indicator_scores
                .insert(id.clone(), plain(number, unit).ok_or(text)?);
        }
        Field::Value(id) => {
            let target = rs.indicators.iter().find(|i| &i.id == id).map(|i| i.unit);
            let value = target.and_then(|t| in_unit(number, unit, t)).ok_or(text)?;
            o.indicator_values.insert(id.clone(), value);
        }
    }
    Ok(())
}

/// A score or points figure: no unit, or 分.
fn plain(number: f64, unit: Option<WrittenUnit>) -> Option<f64> {
    matches!(unit, None | Some(WrittenUnit::Fen)).then_some(number)
}

/// `number` written in `unit`, in the indicator's `target` unit; `None` when they do not go
/// together (a percentage for a time).
fn in_unit(number: f64, unit: Option<WrittenUnit>, target: Unit) -> Option<f64> {
    use WrittenUnit as C;
    let seconds = |u: WrittenUnit| match u {
        C::Seconds => Some(1.0),
        C::Minutes => Some(60.0),
        C::Hours => Some(3600.0),
        C::Days => Some(86_400.0),
        _ => None,
    };
    match (target, unit) {
        (_, None) => Some(number),
        (Unit::Percent, Some(C::Percent)) => Some(number),
        (Unit::Stars | Unit::Score | Unit::Points, Some(C::Fen)) => Some(number),
        (Unit::Seconds, Some(u)) => seconds(u).map(|s| number * s),
        (Unit::Hours, Some(u)) => seconds(u).map(|s| number * s / 3600.0),
        _ => None,
    }
}

/// A number with an optional sign, thousands separators and a unit after it: "+2", "−3",
/// "1,234.5", "13.872秒", "1.205 %", "84 分".
fn number_of(text: &str) -> Option<(f64, Option<WrittenUnit>)> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    let end = compact
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || *c == '.' || (*i == 0 && (*c == '+' || *c == '-'))))
        .map_or(compact.len(), |(i, _)| i);
    let (digits, rest) = compact.split_at(end);
    let number: f64 = digits.parse().ok().filter(|n: &f64| n.is_finite())?;
    if rest.is_empty() {
        return Some((number, None));
    }
    unit_of(rest).map(|unit| (number, Some(unit)))
}

/// `YYYY-MM-DD` from "2026-11-20", "2026/11/20", "2026.11.20", "2026年11月20日", "20261120"
/// (a time after it is ignored), or a spreadsheet's day number (46346 = 2026-11-20).
fn date_of(text: &str) -> Option<String> {
    let day_part = text.split([' ', 'T']).next().unwrap_or(text);
    if let Ok(serial) = day_part.parse::<u32>() {
        if (20_000..=80_000).contains(&serial) {
            return Some(spreadsheet_day(serial));
        }
        if day_part.len() == 8 {
            let (y, md) = day_part.split_at(4);
            let (m, d) = md.split_at(2);
            return valid(y, m, d);
        }
        return None;
    }
    let parts: Vec<&str> = day_part
        .split(['-', '/', '.', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => valid(y, m, d),
        _ => None,
    }
}

fn valid(y: &str, m: &str, d: &str) -> Option<String> {
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let date = format!("{y:04}-{m:02}-{d:02}");
    crate::rules::day_number(&date).map(|_| date)
}

/// Day `serial` of a spreadsheet's calendar (1899-12-30 is day 0).
fn spreadsheet_day(serial: u32) -> String {
    let epoch = crate::rules::day_number("1899-12-30").unwrap_or(0);
    crate::rules::date_of_day_number(epoch + i64::from(serial))
}

impl Observation {
    /// The observation of one pasted reading, as row `row` of the table.
    pub fn from_reading(reading: &Reading, row: u64) -> Observation {
        let indicators = &reading.indicators;
        Observation {
            file: None,
            row,
            date: reading.date.clone().unwrap_or_default(),
            total: reading.total,
            bonus: reading.bonus_points,
            deduction: reading.deduction_points,
            dimensions: reading.dimensions.clone(),
            indicator_values: indicators
                .iter()
                .filter_map(|(id, i)| i.value.map(|v| (id.clone(), v)))
                .collect(),
            indicator_scores: indicators
                .iter()
                .filter_map(|(id, i)| i.score.map(|s| (id.clone(), s)))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_with_their_units() {
        assert_eq!(number_of("+2"), Some((2.0, None)));
        assert_eq!(number_of("-3"), Some((-3.0, None)));
        assert_eq!(number_of("1,234.5"), Some((1234.5, None)));
        assert_eq!(
            number_of("13.872秒"),
            Some((13.872, Some(WrittenUnit::Seconds)))
        );
        assert_eq!(number_of("1.205 %"), Some((1.205, Some(WrittenUnit::Percent))));
        assert_eq!(number_of("abc"), None);
        assert_eq!(number_of("4.7.3"), None);
        assert_eq!(
            in_unit(2.0, Some(WrittenUnit::Minutes), Unit::Seconds),
            Some(120.0)
        );
        assert_eq!(
            in_unit(90.0, Some(WrittenUnit::Minutes), Unit::Hours),
            Some(1.5)
        );
        assert_eq!(in_unit(2.0, Some(WrittenUnit::Percent), Unit::Hours), None);
    }

    #[test]
    fn dates_in_the_ways_people_write_them() {
        for text in [
            "2026-11-20",
            "2026/11/20",
            "2026.11.20",
            "2026年11月20日",
            "20261120",
            "2026-11-20 11:00:37",
            "46346",
        ] {
            assert_eq!(date_of(text).as_deref(), Some("2026-11-20"), "{text}");
        }
        for text in ["11/20", "2026-02-30", "yesterday", "123"] {
            assert_eq!(date_of(text), None, "{text}");
        }
    }
}
