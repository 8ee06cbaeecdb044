//! [`Shop`]: one shop's session. Files are read once, as their bytes arrive, into compact
//! records; every indicator is counted per day when the files change; scoring, what-ifs, the
//! rule-set comparison, any window and the drill-down read those counts, never the files.

use super::file::{
    file_figures, summarize, FileId, FileSlot, FileStatus, FileSummary, Progress, Reading, State,
};
use super::input::{drilldown_json, fill, Prepared};
use super::FilesOptions;
use crate::error::{Error, ErrorCode};
use crate::indicators::{
    self, Aggregates, CountSettings, DayAggregate, Drilldown, DrilldownPage, EstimateOverrides,
    Ind, Window, WindowCounts,
};
use crate::messages::Lang;
use crate::records::compact::ValueRow;
use crate::records::{cells, ColumnMapping, FileKind, FileRecords, Names};
use crate::{Report, ShopInput};
use std::collections::BTreeMap;

/// One shop's files and what they count (see the module doc of `pipeline`).
pub struct Shop {
    /// The session's column mapping (applies to every file that has the named headers).
    mapping: ColumnMapping,
    sheet: Option<String>,
    /// The unpublished defaults and the shop's industry the counts are built with.
    settings: CountSettings,
    files: Vec<Option<FileSlot>>,
    names: Names,
    ids: Names,
    /// `None` when files changed since the last build.
    aggregates: Option<Aggregates>,
    /// The last drill-down (indicator, window), kept for paging.
    drill: Option<Drilldown>,
}

fn unknown_file(id: FileId) -> Error {
    Error::field(
        ErrorCode::BadInput,
        "file",
        format!("no file {} in this session (removed, or never added)", id.0),
    )
}

/// The `as_of` option as a day number (`bad_field` when it is not a date).
pub fn parse_as_of(as_of: Option<&str>) -> Result<Option<i64>, Error> {
    match as_of {
        Some(text) => cells::parse_day(text).map(Some).ok_or_else(|| {
            Error::field(
                ErrorCode::BadField,
                "as_of",
                format!("as_of “{text}” is not a YYYY-MM-DD date (不是 YYYY-MM-DD 日期)"),
            )
        }),
        None => Ok(None),
    }
}

impl Default for Shop {
    fn default() -> Self {
        Shop::new(&FilesOptions::default())
    }
}

impl Shop {
    /// A session with the user's column mapping, XLSX sheet and unpublished defaults.
    pub fn new(options: &FilesOptions) -> Shop {
        Shop {
            mapping: options.mapping.clone(),
            sheet: options.sheet.clone(),
            settings: CountSettings {
                estimates: options.estimates.clone(),
                industry: None,
            },
            files: Vec::new(),
            names: Names::default(),
            ids: Names::default(),
            aggregates: None,
            drill: None,
        }
    }

    /// A file to read: push its bytes, then finish it.
    pub fn add_file(&mut self, name: &str) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(Some(FileSlot {
            name: name.to_string(),
            mapping: None,
            state: FileSlot::reading(name, self.mapping.clone(), self.sheet.clone()),
            summary: FileSummary::new(id, name),
        }));
        id
    }

    fn slot(&mut self, id: FileId) -> Result<&mut FileSlot, Error> {
        self.files
            .get_mut(id.0 as usize)
            .and_then(Option::as_mut)
            .ok_or_else(|| unknown_file(id))
    }

    /// The next bytes of a file (any chunk size; text rows are parsed as they complete).
    pub fn push(&mut self, id: FileId, bytes: &[u8]) -> Result<Progress, Error> {
        let (names, ids) = (&mut self.names, &mut self.ids);
        let slot = self
            .files
            .get_mut(id.0 as usize)
            .and_then(Option::as_mut)
            .ok_or_else(|| unknown_file(id))?;
        let State::Reading(reading) = &mut slot.state else {
            return Err(Error::field(
                ErrorCode::BadInput,
                "file",
                format!(
                    "{} is already read: remove it, or change its kind to read it again",
                    slot.name
                ),
            ));
        };
        let mut sink = reading.parser.sink(names, ids);
        reading.reader.push(bytes, &mut sink);
        Ok(Progress {
            bytes: reading.reader.bytes_in(),
            rows: reading.reader.rows_seen(),
        })
    }

    /// The end of a file: its last rows, its summary. The shop's counts change (they are
    /// rebuilt at the next question asked).
    pub fn finish(&mut self, id: FileId) -> Result<FileSummary, Error> {
        let (names, ids, settings) = (&mut self.names, &mut self.ids, &self.settings);
        let slot = self
            .files
            .get_mut(id.0 as usize)
            .and_then(Option::as_mut)
            .ok_or_else(|| unknown_file(id))?;
        let state = std::mem::replace(&mut slot.state, State::Unreadable);
        let State::Reading(reading) = state else {
            slot.state = state;
            return Ok(slot.summary.clone());
        };
        let Reading { reader, mut parser } = *reading;
        let bytes = reader.bytes_in();
        let read = {
            let mut sink = parser.sink(names, ids);
            reader.finish(&mut sink)
        };
        match read {
            Err(refusal) => {
                let s = &mut slot.summary;
                *s = FileSummary::new(id, &slot.name);
                s.status = FileStatus::Unreadable;
                s.unreadable = Some(refusal.what());
                s.bytes = bytes;
                s.warnings = vec![refusal.warning(&slot.name)];
                slot.state = State::Unreadable;
            }
            Ok(read) => {
                let unread = parser.unread_rows();
                let (records, detection, problems) = parser.finish();
                summarize(&mut slot.summary, read, &detection, problems, unread);
                file_figures(&mut slot.summary, &records, names, settings);
                slot.state = State::Finished(Box::new(records));
            }
        }
        self.changed();
        Ok(self.files[id.0 as usize]
            .as_ref()
            .map(|s| s.summary.clone())
            .expect("slot"))
    }

    /// Stop reading a file, or forget a read one: its memory is freed, the other files
    /// stay counted.
    pub fn remove(&mut self, id: FileId) -> Result<(), Error> {
        let slot = self
            .files
            .get_mut(id.0 as usize)
            .ok_or_else(|| unknown_file(id))?;
        if slot.take().is_none() {
            return Err(unknown_file(id));
        }
        self.changed();
        Ok(())
    }

    /// Cancel a file being read (the same as [`Shop::remove`]).
    pub fn cancel(&mut self, id: FileId) -> Result<(), Error> {
        self.remove(id)
    }

    /// Read a file with this column mapping (and kind, if `mapping.kind` is set). A file
    /// already read is dropped and waits for its bytes again (`needs_bytes` in its summary):
    /// nothing of its rows is kept, so the page pushes the file again.
    pub fn set_mapping(
        &mut self,
        id: FileId,
        mapping: ColumnMapping,
    ) -> Result<FileSummary, Error> {
        let sheet = self.sheet.clone();
        let slot = self.slot(id)?;
        let started = matches!(&slot.state, State::Reading(r) if r.reader.bytes_in() > 0);
        let read = !matches!(slot.state, State::Reading(_)) || started;
        slot.state = FileSlot::reading(&slot.name, mapping.clone(), sheet);
        slot.mapping = Some(mapping);
        let mut summary = FileSummary::new(id, &slot.name);
        summary.needs_bytes = read;
        slot.summary = summary.clone();
        self.changed();
        Ok(summary)
    }

    /// Read a file as `kind` (keeping its column mapping).
    pub fn set_kind(&mut self, id: FileId, kind: FileKind) -> Result<FileSummary, Error> {
        let mut mapping = self
            .slot(id)?
            .mapping
            .clone()
            .unwrap_or_else(|| self.mapping.clone());
        mapping.kind = Some(kind);
        self.set_mapping(id, mapping)
    }

    /// The user's values for the unpublished defaults (pickup hour→score table, after-sale
    /// time limit): the counts are rebuilt.
    pub fn set_estimates(&mut self, estimates: EstimateOverrides) {
        self.settings.estimates = estimates;
        self.changed();
    }

    /// The shop's industry (some industries give every in-stock order 48 hours for pickup):
    /// the counts are rebuilt when it changes. Scoring and the drill-down take it from the
    /// typed input; `days` and `window_values` count with the last one set.
    pub fn set_industry(&mut self, industry: Option<&str>) {
        let industry = industry.map(str::to_string);
        if self.settings.industry != industry {
            self.settings.industry = industry;
            self.changed();
        }
    }

    /// Every file's summary, in the order they were added.
    pub fn files(&self) -> Vec<FileSummary> {
        self.files
            .iter()
            .flatten()
            .map(|s| s.summary.clone())
            .collect()
    }

    fn changed(&mut self) {
        self.aggregates = None;
        self.drill = None;
    }

    fn finished(&self) -> Vec<&FileRecords> {
        self.files
            .iter()
            .flatten()
            .filter_map(|s| match &s.state {
                State::Finished(records) => Some(records.as_ref()),
                _ => None,
            })
            .collect()
    }

    /// The names of the finished files, by their position in the join.
    fn finished_names(&self) -> Vec<String> {
        self.files
            .iter()
            .flatten()
            .filter(|s| matches!(s.state, State::Finished(_)))
            .map(|s| s.name.clone())
            .collect()
    }

    /// The per-day counts (built once after files change).
    pub fn aggregates(&mut self) -> &Aggregates {
        if self.aggregates.is_none() {
            let built = Aggregates::build(&self.finished(), &self.names, &self.settings);
            self.aggregates = Some(built);
        }
        self.aggregates.as_ref().expect("built above")
    }

    /// Every day's contributions (what the daily history slides over).
    pub fn days(&mut self) -> Vec<DayAggregate> {
        self.aggregates().days()
    }

    /// Every indicator's numerator, denominator and bad count over `[start, end]`
    /// (`YYYY-MM-DD`, both included).
    pub fn window_values(&mut self, start: &str, end: &str) -> Result<WindowCounts, Error> {
        let day = |field: &str, text: &str| {
            cells::parse_day(text).ok_or_else(|| {
                Error::field(
                    ErrorCode::BadField,
                    field,
                    format!("“{text}” is not a YYYY-MM-DD date"),
                )
            })
        };
        let window = Window {
            start_day: day("start", start)?,
            end_day: day("end", end)?,
        };
        Ok(self.aggregates().window(window))
    }

    fn values_rows(&self) -> Vec<ValueRow> {
        self.finished()
            .iter()
            .flat_map(|f| f.values.iter().cloned())
            .collect()
    }

    /// What the files give, filled into `typed` (typed values win), for the rule set's window
    /// ending on `as_of` (default: the typed `as_of`, else the data's last day).
    pub fn prepare(
        &mut self,
        typed: &ShopInput,
        as_of: Option<&str>,
        rule_set: Option<&str>,
    ) -> Result<Prepared, Error> {
        let as_of_day = parse_as_of(as_of.or(typed.as_of.as_deref()))?;
        let rule_set = rule_set.or(typed.rule_set.as_deref());
        self.set_industry(typed.industry.as_deref());
        let values = self.values_rows();
        let files = self.files();
        let aggregates = self.aggregates();
        let recomputed = aggregates.values(rule_set, as_of_day)?;
        let repeats = aggregates.repeats().total();
        let values: Vec<&ValueRow> = values.iter().collect();
        Ok(fill(typed, &values, recomputed, files, repeats))
    }

    /// Score the shop: the typed input with the files' values filled in (milliseconds: the
    /// files are not read again).
    pub fn score(
        &mut self,
        typed: &ShopInput,
        as_of: Option<&str>,
        rule_set: Option<&str>,
    ) -> Result<Report, Error> {
        let prepared = self.prepare(typed, as_of, rule_set)?;
        report(prepared)
    }

    /// A what-if: `overrides` laid over the prepared input (the sliders).
    pub fn simulate(
        &mut self,
        typed: &ShopInput,
        overrides: &ShopInput,
        as_of: Option<&str>,
        rule_set: Option<&str>,
    ) -> Result<Report, Error> {
        let prepared = self.prepare(typed, as_of, rule_set)?;
        let mut report = super::simulate(&prepared.input, overrides)?;
        annotate(&mut report, &prepared);
        Ok(report)
    }

    /// The same shop under every rule set (each with its own window length), for the
    /// comparison table. A rule set the data cannot be scored under is left out.
    pub fn compare(
        &mut self,
        typed: &ShopInput,
        as_of: Option<&str>,
    ) -> Result<Vec<Report>, Error> {
        let ids: Vec<String> = crate::rule_sets().into_iter().map(|r| r.id).collect();
        let mut reports = Vec::new();
        for id in ids {
            let mut typed = typed.clone();
            typed.rule_set = Some(id.clone());
            match self.score(&typed, as_of, Some(&id)) {
                Ok(report) => reports.push(report),
                Err(e) if e.code == ErrorCode::BadField && e.field.as_deref() == Some("as_of") => {
                    return Err(e)
                }
                Err(_) => {}
            }
        }
        Ok(reports)
    }

    /// The window a report under these options counts (the drill-down's window).
    fn window_of(
        &mut self,
        typed: &ShopInput,
        as_of: Option<&str>,
        rule_set: Option<&str>,
    ) -> Result<Window, Error> {
        let as_of_day = parse_as_of(as_of.or(typed.as_of.as_deref()))?;
        let rule_set = rule_set.or(typed.rule_set.as_deref());
        self.set_industry(typed.industry.as_deref());
        self.aggregates()
            .values(rule_set, as_of_day)?
            .window
            .ok_or_else(|| {
                Error::field(
                    ErrorCode::BadField,
                    "as_of",
                    "no dates in the files: give as_of (文件中没有日期，请填写数据截止日期)",
                )
            })
    }

    fn drill(&mut self, indicator: &str, window: Window) -> Result<&Drilldown, Error> {
        let ind = Ind::of(indicator).ok_or_else(|| {
            Error::field(
                ErrorCode::BadInput,
                "indicator",
                format!("{indicator} is not an indicator the files can give"),
            )
        })?;
        let cached = self
            .drill
            .as_ref()
            .is_some_and(|d| d.ind == ind && d.window == window);
        if !cached {
            let files = self.finished();
            let mut found =
                indicators::drilldown(&files, &self.names, &self.settings, &[ind], window);
            self.drill = found.pop();
        }
        Ok(self.drill.as_ref().expect("collected above"))
    }

    /// A page (0-based) of one indicator's bad records in the report's window, with where
    /// they concentrate. The records are found again for the first page asked and kept for
    /// paging until files change.
    pub fn drilldown(
        &mut self,
        indicator: &str,
        page: u64,
        page_size: u64,
        typed: &ShopInput,
        as_of: Option<&str>,
        rule_set: Option<&str>,
    ) -> Result<DrilldownPage, Error> {
        let window = self.window_of(typed, as_of, rule_set)?;
        let files = self.finished_names();
        self.drill(indicator, window)?;
        let drill = self.drill.as_ref().expect("collected");
        Ok(drill.page(page, page_size, &self.names, &self.ids, &files))
    }

    /// Every bad record of one indicator in the report's window as CSV (UTF-8 with BOM,
    /// headers in `lang`, formula cells neutralised).
    pub fn drilldown_csv(
        &mut self,
        indicator: &str,
        lang: Lang,
        typed: &ShopInput,
        as_of: Option<&str>,
        rule_set: Option<&str>,
    ) -> Result<String, Error> {
        let window = self.window_of(typed, as_of, rule_set)?;
        let files = self.finished_names();
        self.drill(indicator, window)?;
        let drill = self.drill.as_ref().expect("collected");
        let mut out = String::new();
        drill
            .write_csv(&mut out, lang, &self.names, &self.ids, &files)
            .map_err(|_| Error::new(ErrorCode::Internal, "could not write the CSV"))?;
        Ok(out)
    }

    /// Like [`Shop::score`], with the report's `drilldown` listing the first bad records of
    /// every indicator and where they concentrate (one more pass over the records: what the
    /// page's drill-down and the CLI's text show).
    pub fn score_with_bad_records(
        &mut self,
        typed: &ShopInput,
        as_of: Option<&str>,
        rule_set: Option<&str>,
    ) -> Result<Report, Error> {
        let prepared = self.prepare_with_bad_records(typed, as_of, rule_set)?;
        report(prepared)
    }

    /// Like [`Shop::prepare`], with the first bad records of every indicator and where they
    /// concentrate in `drilldown`.
    pub fn prepare_with_bad_records(
        &mut self,
        typed: &ShopInput,
        as_of: Option<&str>,
        rule_set: Option<&str>,
    ) -> Result<Prepared, Error> {
        let mut prepared = self.prepare(typed, as_of, rule_set)?;
        if let Some(window) = prepared.recomputed.window {
            let wanted: Vec<Ind> = prepared
                .recomputed
                .wanted
                .iter()
                .filter(|id| prepared.recomputed.indicators.contains_key(*id))
                .filter_map(|id| Ind::of(id))
                .collect();
            let files = self.finished();
            let found = indicators::drilldown(&files, &self.names, &self.settings, &wanted, window);
            let bad: BTreeMap<String, Drilldown> = found
                .into_iter()
                .map(|d| (d.ind.id().to_string(), d))
                .collect();
            let file_names = self.finished_names();
            prepared.drilldown = drilldown_json(
                &prepared.recomputed,
                &bad,
                &self.names,
                &self.ids,
                &file_names,
            );
        }
        Ok(prepared)
    }

    /// Bytes of kept state: compact records, interned names and ids, per-day counts (the
    /// memory figures of `make bench`). Files still being read count their reader's buffers.
    pub fn state_bytes(&self) -> usize {
        self.state_parts().iter().map(|(_, bytes)| bytes).sum()
    }

    /// [`Shop::state_bytes`] part by part: each kind of record over the finished files, the
    /// interned texts and ids, the per-day counts (`make bench` prints them per main order).
    pub fn state_parts(&self) -> Vec<(&'static str, usize)> {
        let mut parts: Vec<(&'static str, usize)> = Vec::new();
        let mut add =
            |name: &'static str, bytes: usize| match parts.iter_mut().find(|(n, _)| *n == name) {
                Some((_, sum)) => *sum += bytes,
                None => parts.push((name, bytes)),
            };
        for slot in self.files.iter().flatten() {
            match &slot.state {
                State::Finished(r) => r.heap_parts().into_iter().for_each(|(n, b)| add(n, b)),
                State::Reading(r) => {
                    add("reading", r.parser.heap_bytes() + r.reader.buffered_bytes())
                }
                State::Unreadable => {}
            }
        }
        add("names", self.names.heap_bytes());
        add("ids", self.ids.heap_bytes());
        add(
            "day_counts",
            self.aggregates.as_ref().map_or(0, Aggregates::heap_bytes),
        );
        parts
    }

    /// Main orders read (the order exports' distinct orders, summed per file).
    pub fn main_orders(&self) -> usize {
        self.finished().iter().map(|f| f.orders.len()).sum()
    }
}

/// Say which numbers came from the records, with their numerator and denominator.
pub(super) fn annotate(report: &mut Report, prepared: &Prepared) {
    for indicator in &mut report.indicators {
        if !prepared.from_records.contains(&indicator.id) {
            continue;
        }
        if let Some(c) = prepared.recomputed.indicators.get(&indicator.id) {
            indicator.source = "records".into();
            indicator.numerator = Some(c.numerator);
            indicator.denominator = Some(c.denominator);
            indicator.estimated |= c.estimated;
            if c.estimated {
                let text = crate::messages::Warning::of("estimate.recomputed")
                    .param("indicator", indicator.id.as_str())
                    .text();
                report.estimates.push(text);
            }
        }
    }
    report.inputs = Some(prepared.inputs.clone());
    report.drilldown = Some(prepared.drilldown.clone());
    report.warnings.extend(prepared.warnings.iter().cloned());
}

fn report(prepared: Prepared) -> Result<Report, Error> {
    let mut report = super::score(&prepared.input)?;
    annotate(&mut report, &prepared);
    Ok(report)
}
