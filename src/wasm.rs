//! The one wasm-bindgen file: thin bindings over the core's own types, errors mapped once.
//!
//! Every function takes plain JS values (objects, strings) and returns plain JS values parsed
//! from the JSON text serde_json writes, so the page sees exactly the JSON the CLI prints: maps
//! as objects, `None` as `null`. Every failure becomes one kind of thrown JS `Error` carrying
//! the core's stable `code` (and `field` where there is one), so the page can match on codes
//! instead of message text.

use crate::{Error, ErrorCode, ShopInput};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The single place a core `Error` becomes a JS exception: an `Error` whose `message` is
/// the human text and whose `code` / `field` are the stable, matchable parts.
fn to_js_error(error: &Error) -> JsValue {
    let js_error = js_sys::Error::new(&error.to_string());
    js_error.set_name("ShopscoreError");
    let field = match &error.field {
        Some(field) => JsValue::from_str(field),
        None => JsValue::NULL,
    };
    // Reflect::set on a fresh Error object cannot fail (it is extensible and has no setters).
    let _ = js_sys::Reflect::set(
        &js_error,
        &JsValue::from_str("code"),
        &JsValue::from_str(error.code.as_str()),
    );
    let _ = js_sys::Reflect::set(&js_error, &JsValue::from_str("field"), &field);
    js_error.into()
}

/// A result as the JS value of its JSON text: maps become plain objects (not `Map`), `None`
/// becomes `null` (not `undefined`), so `JSON.stringify(report)` equals the CLI's report JSON.
/// Why text and `JSON.parse` rather than serde-wasm-bindgen's serializer: the core already
/// writes these types with serde_json, and a second serializer copies every type's derived
/// `Serialize` once more into the wasm the page carries.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    // Either failing is a bug on our side, never the user's.
    let internal = |e: String| {
        to_js_error(&Error::new(
            ErrorCode::Internal,
            format!("could not serialise the result: {e}"),
        ))
    };
    let text = serde_json::to_string(value).map_err(|e| internal(e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|e| internal(format!("{e:?}")))
}

/// Reads a JS object into the documented input shape, through the core's own `parse_input`,
/// so the page gets exactly the CLI's checks and messages (and the offending `field`).
///
/// Why not `serde_wasm_bindgen::from_value::<ShopInput>` directly: serde-wasm-bindgen reads a
/// struct by asking for its known fields only, so `deny_unknown_fields` never fires and a
/// misspelt field would be dropped silently. Walking the whole object into a JSON value first
/// keeps every key.
fn input_from_js(value: JsValue, what: &str) -> Result<ShopInput, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Err(to_js_error(&Error::new(
            ErrorCode::BadInput,
            format!("{what}: expected an input object, found nothing"),
        )));
    }
    let json: serde_json::Value = serde_wasm_bindgen::from_value(value)
        .map_err(|e| to_js_error(&Error::new(ErrorCode::BadInput, format!("{what}: {e}"))))?;
    let text = serde_json::to_string(&json)
        .map_err(|e| to_js_error(&Error::new(ErrorCode::BadInput, format!("{what}: {e}"))))?;
    crate::input::parse_input(&text).map_err(|e| to_js_error(&e))
}

/// Reads an optional JS object (absent, `undefined` or `null` → the type's default) through
/// serde_json, for the same reason as `input_from_js`; from JSON text, like the core reads its
/// own files and `parse_input`, so each type's derived deserialiser exists once in the wasm
/// (for `&str`), not once more for `serde_json::Value`.
fn optional_from_js<T: serde::de::DeserializeOwned + Default>(
    value: JsValue,
    what: &str,
) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    let json: serde_json::Value = serde_wasm_bindgen::from_value(value)
        .map_err(|e| to_js_error(&Error::new(ErrorCode::BadInput, format!("{what}: {e}"))))?;
    serde_json::from_str(&json.to_string()).map_err(|e| {
        // The position would be one in our own re-encoding of the object: not the user's.
        let message = crate::input::message_without_position(&e);
        to_js_error(&Error::field(ErrorCode::BadInput, what, message))
    })
}

/// The page's files: an array of `{name: string, bytes: Uint8Array}`. Read by hand rather than
/// through serde so the bytes are copied in one go (exports can be tens of megabytes).
fn files_from_js(files: JsValue) -> Result<Vec<(String, Vec<u8>)>, JsValue> {
    let bad = |message: String| to_js_error(&Error::field(ErrorCode::BadInput, "files", message));
    let list: js_sys::Array = files
        .dyn_into()
        .map_err(|_| bad("expected an array of {name, bytes} objects".to_string()))?;
    let mut out = Vec::with_capacity(list.length() as usize);
    for (index, file) in list.iter().enumerate() {
        let name = js_sys::Reflect::get(&file, &JsValue::from_str("name"))
            .ok()
            .and_then(|n| n.as_string())
            .ok_or_else(|| bad(format!("files[{index}].name: expected a string")))?;
        let bytes = js_sys::Reflect::get(&file, &JsValue::from_str("bytes"))
            .ok()
            .and_then(|b| b.dyn_into::<js_sys::Uint8Array>().ok())
            .ok_or_else(|| {
                bad(format!(
                    "files[{index}].bytes ({name}): expected a Uint8Array"
                ))
            })?;
        out.push((name, bytes.to_vec()));
    }
    Ok(out)
}

fn core<T: Serialize>(result: Result<T, Error>) -> Result<JsValue, JsValue> {
    match result {
        Ok(value) => to_js(&value),
        Err(error) => Err(to_js_error(&error)),
    }
}

/// Score a shop (the input JSON as a JS object) → the report object.
#[wasm_bindgen]
pub fn score(input: JsValue) -> Result<JsValue, JsValue> {
    let input = input_from_js(input, "input")?;
    core(crate::score(&input))
}

/// Re-score `base` with `overrides` laid over it (the what-if sliders) → the report object.
#[wasm_bindgen]
pub fn simulate(base: JsValue, overrides: JsValue) -> Result<JsValue, JsValue> {
    let base = input_from_js(base, "base")?;
    let overrides = input_from_js(overrides, "overrides")?;
    core(crate::simulate(&base, &overrides))
}

/// One file's quality summary (kind detected, encoding, rows, skipped rows, column mapping,
/// missing columns). `options` (may be omitted): `{mapping, sheet, as_of, include_rows}`.
/// Never throws for a bad file: problems come back as warnings in the summary.
#[wasm_bindgen]
pub fn inspect_file(name: String, bytes: &[u8], options: JsValue) -> Result<JsValue, JsValue> {
    let options: crate::pipeline::FilesOptions = optional_from_js(options, "options")?;
    to_js(&crate::pipeline::inspect(&name, bytes, &options))
}

/// Score from the shop's files (`[{name, bytes: Uint8Array}]`) plus what the user typed
/// (an input object; typed values win over recomputed ones) → the report, with `inputs` and
/// `drilldown` saying where every number came from. `options` as for `inspect_file`.
#[wasm_bindgen]
pub fn score_files(files: JsValue, typed: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let files = files_from_js(files)?;
    let typed = typed_from_js(typed)?;
    let options: crate::pipeline::FilesOptions = optional_from_js(options, "options")?;
    core(crate::pipeline::score_files(&files, &typed, &options))
}

/// A CSV template (UTF-8 with BOM, header row and one example row) for a file kind
/// (`orders`, `logistics`, `after_sales`, `reviews`, `feige_rounds`, `feige_agents`, `values`).
#[wasm_bindgen]
pub fn template(kind: &str) -> Result<String, JsValue> {
    let parsed: crate::records::FileKind = serde_json::from_str(
        &serde_json::Value::String(kind.to_string()).to_string(),
    )
    .map_err(|e| {
        let message = crate::input::message_without_position(&e);
        to_js_error(&Error::field(
            ErrorCode::BadInput,
            "kind",
            format!("unknown file kind {kind:?}: {message}"),
        ))
    })?;
    Ok(crate::records::template(parsed))
}

/// The bad records behind one indicator as CSV (UTF-8 with BOM, formula cells neutralised),
/// from a report's `drilldown` value.
#[wasm_bindgen]
pub fn drilldown_csv(drilldown: JsValue, indicator: &str) -> Result<String, JsValue> {
    let drilldown: serde_json::Value = optional_from_js(drilldown, "drilldown")?;
    Ok(crate::pipeline::drilldown_csv_from(&drilldown, indicator))
}

/// The rule sets a user can pick from, with sources and confidence.
#[wasm_bindgen]
pub fn rule_sets() -> Result<JsValue, JsValue> {
    to_js(&crate::rule_sets())
}

/// The full rule set `id` (bands, slider ranges, weights, names) for the page, or
/// `unknown_rule_set`.
#[wasm_bindgen]
pub fn rule_set_detail(id: &str) -> Result<JsValue, JsValue> {
    core(crate::rules::rule_set_detail(id))
}

/// The advice playbook (actions per indicator, dimension and event, zh/en).
#[wasm_bindgen]
pub fn playbook() -> Result<JsValue, JsValue> {
    to_js(crate::advice::playbook())
}

/// The industries of the official weights table and the shop types each distinguishes.
#[wasm_bindgen]
pub fn industries() -> Result<JsValue, JsValue> {
    to_js(&crate::industries())
}

/// The built-in demo shop (an input object) the page opens on.
#[wasm_bindgen]
pub fn demo_input() -> Result<JsValue, JsValue> {
    to_js(&crate::demo_input())
}

/// `{as_of, rule_set}` for the session's questions (both optional).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Ask {
    as_of: Option<String>,
    rule_set: Option<String>,
}

fn typed_from_js(typed: JsValue) -> Result<ShopInput, JsValue> {
    if typed.is_undefined() || typed.is_null() {
        Ok(ShopInput::default())
    } else {
        input_from_js(typed, "typed")
    }
}

/// One shop's session (files read once, as their bytes arrive; every question answered from
/// what was kept). Bytes in as `Uint8Array` chunks; summaries and reports out; no per-row
/// values cross the boundary. Meant to live in a worker: `push` as `File.stream()` chunks
/// arrive, `finish`, then `score`/`simulate`/`compare`/`drilldown` in milliseconds.
#[wasm_bindgen(js_name = Shop)]
pub struct ShopSession {
    inner: crate::pipeline::Shop,
}

#[wasm_bindgen(js_class = Shop)]
impl ShopSession {
    /// A session. `options` (may be omitted): `{mapping, sheet, estimates}` as for
    /// `score_files`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<ShopSession, JsValue> {
        let options: crate::pipeline::FilesOptions = optional_from_js(options, "options")?;
        Ok(ShopSession {
            inner: crate::pipeline::Shop::new(&options),
        })
    }

    /// A file to read → its id (a number, stable for the session).
    pub fn add_file(&mut self, name: &str) -> u32 {
        self.inner.add_file(name).0
    }

    /// The file's next bytes → `{bytes, rows}` read so far.
    pub fn push(&mut self, file: u32, chunk: &[u8]) -> Result<JsValue, JsValue> {
        core(self.inner.push(crate::pipeline::FileId(file), chunk))
    }

    /// The file's end → its summary (kind, columns used, rows, skipped rows, warnings …).
    pub fn finish(&mut self, file: u32) -> Result<JsValue, JsValue> {
        core(self.inner.finish(crate::pipeline::FileId(file)))
    }

    /// Stop reading a file now; its memory is freed, the other files stay counted.
    pub fn cancel(&mut self, file: u32) -> Result<(), JsValue> {
        self.inner
            .cancel(crate::pipeline::FileId(file))
            .map_err(|e| to_js_error(&e))
    }

    /// Forget a file.
    pub fn remove(&mut self, file: u32) -> Result<(), JsValue> {
        self.inner
            .remove(crate::pipeline::FileId(file))
            .map_err(|e| to_js_error(&e))
    }

    /// Read the file with this column mapping (`{kind?, field: header …}`) → its summary,
    /// with `needs_bytes` when its bytes must be pushed again.
    pub fn set_mapping(&mut self, file: u32, mapping: JsValue) -> Result<JsValue, JsValue> {
        let mapping: crate::records::ColumnMapping = optional_from_js(mapping, "mapping")?;
        core(
            self.inner
                .set_mapping(crate::pipeline::FileId(file), mapping),
        )
    }

    /// Read the file as this kind (`orders`, `logistics`, …) → its summary (`needs_bytes`).
    pub fn set_kind(&mut self, file: u32, kind: &str) -> Result<JsValue, JsValue> {
        let kind = crate::records::FileKind::parse(kind).ok_or_else(|| {
            to_js_error(&Error::field(
                ErrorCode::BadInput,
                "kind",
                format!("unknown file kind {kind:?}"),
            ))
        })?;
        core(self.inner.set_kind(crate::pipeline::FileId(file), kind))
    }

    /// The user's values for the unpublished defaults (`{pickup_hour_scores,
    /// after_sale_limit_hours}`).
    pub fn set_estimates(&mut self, estimates: JsValue) -> Result<(), JsValue> {
        let estimates = optional_from_js(estimates, "estimates")?;
        self.inner.set_estimates(estimates);
        Ok(())
    }

    /// Every file's summary.
    pub fn files(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.files())
    }

    /// The report for the typed input with the files' values filled in. `options`:
    /// `{as_of, rule_set}` (both optional).
    pub fn score(&mut self, typed: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let typed = typed_from_js(typed)?;
        let ask: Ask = optional_from_js(options, "options")?;
        core(
            self.inner
                .score(&typed, ask.as_of.as_deref(), ask.rule_set.as_deref()),
        )
    }

    /// A what-if: `overrides` laid over the prepared input.
    pub fn simulate(
        &mut self,
        typed: JsValue,
        overrides: JsValue,
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let typed = typed_from_js(typed)?;
        let overrides = input_from_js(overrides, "overrides")?;
        let ask: Ask = optional_from_js(options, "options")?;
        core(self.inner.simulate(
            &typed,
            &overrides,
            ask.as_of.as_deref(),
            ask.rule_set.as_deref(),
        ))
    }

    /// The same shop under every rule set → an array of reports.
    pub fn compare(&mut self, typed: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let typed = typed_from_js(typed)?;
        let ask: Ask = optional_from_js(options, "options")?;
        core(self.inner.compare(&typed, ask.as_of.as_deref()))
    }

    /// Every day's contributions per indicator (what the daily history slides over).
    pub fn days(&mut self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.days())
    }

    /// Every indicator's counts and value over `[start, end]` (`YYYY-MM-DD`).
    pub fn window_values(&mut self, start: &str, end: &str) -> Result<JsValue, JsValue> {
        core(self.inner.window_values(start, end))
    }

    /// A page (0-based) of one indicator's bad records in the report's window, with where
    /// they concentrate.
    pub fn drilldown(
        &mut self,
        indicator: &str,
        page: u32,
        page_size: u32,
        typed: JsValue,
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let typed = typed_from_js(typed)?;
        let ask: Ask = optional_from_js(options, "options")?;
        core(self.inner.drilldown(
            indicator,
            u64::from(page),
            u64::from(page_size),
            &typed,
            ask.as_of.as_deref(),
            ask.rule_set.as_deref(),
        ))
    }

    /// Every bad record of one indicator as CSV (`lang`: `zh` or `en` headers and reasons).
    pub fn drilldown_csv(
        &mut self,
        indicator: &str,
        lang: &str,
        typed: JsValue,
        options: JsValue,
    ) -> Result<String, JsValue> {
        let typed = typed_from_js(typed)?;
        let ask: Ask = optional_from_js(options, "options")?;
        let lang = if lang == "en" {
            crate::messages::Lang::En
        } else {
            crate::messages::Lang::Zh
        };
        self.inner
            .drilldown_csv(
                indicator,
                lang,
                &typed,
                ask.as_of.as_deref(),
                ask.rule_set.as_deref(),
            )
            .map_err(|e| to_js_error(&e))
    }

    /// Bytes of kept state (records, names, per-day counts), for the memory figures.
    pub fn state_bytes(&self) -> f64 {
        self.inner.state_bytes() as f64
    }
}

/// The crate version, for the page footer and bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[cfg(test)]
#[path = "../tests/wasm/bindings.rs"]
mod tests;

// ---- The paste reader (issue 12 item 8) --------------------------------------------------------
// Kept as one self-contained block: it uses only `core` and `to_js_error` above.

/// Read text copied from the back end's 体验分 pages → a `Reading` object (date, total,
/// dimension scores, indicator values in the rule set's units and scores, bonus and deduction
/// points, events, and `took` / `left` lists of `{code, subject, text: {zh, en}, raw, line}`).
/// `rule_set` (an id, or null/undefined for any rule set's indicators): values are converted to
/// its units and items it lacks are left. An unknown id throws `unknown_rule_set`.
#[wasm_bindgen]
pub fn read_pasted(text: &str, rule_set: Option<String>) -> Result<JsValue, JsValue> {
    let rules = match rule_set.as_deref().filter(|id| !id.is_empty()) {
        Some(id) => Some(crate::rules::rule_set_detail(id).map_err(|e| to_js_error(&e))?),
        None => None,
    };
    core(Ok::<_, Error>(crate::readings::read(text, rules)))
}

// ---- The score over time and the planner (issue 8) ---------------------------------------------
// Kept as one self-contained block: it uses only `input_from_js`, `typed_from_js`,
// `optional_from_js`, `core`, `to_js` and `to_js_error` above.

/// What the page asks of `timeline`.
#[derive(serde::Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct TimelineOptions {
    /// Use the demo shop's dated days (the page's demo).
    demo: bool,
    /// Days of history (default 90).
    days: Option<u32>,
    /// Rule set id (default: the one in force on the last day).
    rule_set: Option<String>,
    /// The last day, `YYYY-MM-DD` (default: the input's `as_of`, else the last day of data).
    as_of: Option<String>,
}

/// The score over time for the typed input (`options`: `{demo, days, rule_set, as_of}`) → the
/// timeline object: `{rule_set, days, backend, forecast, eligibility, alerts, versions, lines,
/// notes}`. Without per-day records (not the demo) the days are the typed back-end series and
/// today.
#[wasm_bindgen]
pub fn timeline(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    to_js(&timeline_of(input, options)?)
}

fn timeline_of(input: JsValue, options: JsValue) -> Result<crate::timeline::Timeline, JsValue> {
    let typed = input_from_js(input, "input")?;
    let options: TimelineOptions = optional_from_js(options, "options")?;
    let demo_days = options.demo.then(crate::demo::demo_days);
    let request = crate::timeline::Request {
        typed: &typed,
        aggregates: demo_days.as_ref(),
        rule_set: options.rule_set.as_deref(),
        as_of: options.as_of.as_deref(),
        days: options.days.unwrap_or(crate::timeline::DEFAULT_DAYS),
    };
    crate::timeline::timeline(&request).map_err(|e| to_js_error(&e))
}

/// The same history as CSV text (one row per day, then the forecast days), words in `lang`
/// (`zh` or `en`).
#[wasm_bindgen]
pub fn timeline_csv(input: JsValue, options: JsValue, lang: &str) -> Result<String, JsValue> {
    Ok(crate::timeline::history_csv(
        &timeline_of(input, options)?,
        lang_of(lang),
    ))
}

/// The fewest changes that reach `target` (`"80"`, a tier id or an eligibility id, or their
/// names) for the typed input → `{target, reachable, total_before, total_after, best_total,
/// changes: [{kind, indicator, from, to, score_from, score_to, amount: {zh, en},
/// total_without}], limits, notes, input_after}`.
#[wasm_bindgen]
pub fn plan(input: JsValue, target: &str) -> Result<JsValue, JsValue> {
    let typed = input_from_js(input, "input")?;
    core(crate::advice::planner::plan(&typed, target))
}

fn lang_of(lang: &str) -> crate::messages::Lang {
    if lang == "en" {
        crate::messages::Lang::En
    } else {
        crate::messages::Lang::Zh
    }
}

#[wasm_bindgen(js_class = Shop)]
impl ShopSession {
    /// The score over time of the files read, with the typed input. `options`: `{as_of,
    /// rule_set, days}` (all optional).
    pub fn timeline(&mut self, typed: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        to_js(&self.timeline_of(typed, options)?)
    }

    /// The same history as CSV text (one row per day, then the forecast days), words in `lang`
    /// (`zh` or `en`); `options` as for `timeline`.
    pub fn timeline_csv(
        &mut self,
        typed: JsValue,
        options: JsValue,
        lang: &str,
    ) -> Result<String, JsValue> {
        Ok(crate::timeline::history_csv(
            &self.timeline_of(typed, options)?,
            lang_of(lang),
        ))
    }

    /// The fewest changes reaching `target` for the files' values with the typed ones over
    /// them. `options`: `{as_of, rule_set}`.
    pub fn plan(
        &mut self,
        typed: JsValue,
        target: &str,
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let typed = typed_from_js(typed)?;
        let ask: Ask = optional_from_js(options, "options")?;
        core(self.inner.plan(
            &typed,
            target,
            ask.as_of.as_deref(),
            ask.rule_set.as_deref(),
        ))
    }
}

impl ShopSession {
    fn timeline_of(
        &mut self,
        typed: JsValue,
        options: JsValue,
    ) -> Result<crate::timeline::Timeline, JsValue> {
        let typed = typed_from_js(typed)?;
        let ask: TimelineOptions = optional_from_js(options, "options")?;
        self.inner
            .timeline(
                &typed,
                ask.as_of.as_deref(),
                ask.rule_set.as_deref(),
                ask.days.unwrap_or(crate::timeline::DEFAULT_DAYS),
            )
            .map_err(|e| to_js_error(&e))
    }
}

// ---- Calibration (issue 9) ---------------------------------------------------------------------
// Kept as one self-contained block: it uses only `core`, `to_js_error` and `optional_from_js`.

/// What the page sends to calibrate: the readings table (`header`, `rows` of text cells, the
/// first row numbered `first_line`) and the overlay's `name`, `industry` and `shop_type`.
#[derive(serde::Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct CalibrationRequest {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    first_line: Option<u64>,
    file: Option<String>,
    name: String,
    industry: Option<String>,
    shop_type: Option<crate::rules::ShopType>,
}

fn rule_set_of(id: &str) -> Result<&'static crate::rules::RuleSet, JsValue> {
    crate::rules::rule_set_detail(id).map_err(|e| to_js_error(&e))
}

/// The readings table's columns for a rule set: `[{zh, en}]` in template order.
#[wasm_bindgen]
pub fn readings_headers(rule_set: &str) -> Result<JsValue, JsValue> {
    let rs = rule_set_of(rule_set)?;
    let names: Vec<crate::Text> = crate::calibration::headers(rs)
        .into_iter()
        .map(|(_, zh, en)| crate::Text::new(zh, en))
        .collect();
    core(Ok::<_, Error>(names))
}

/// The readings template (CSV, UTF-8 with BOM, the header row) for a rule set.
#[wasm_bindgen]
pub fn readings_template(rule_set: &str) -> Result<String, JsValue> {
    Ok(crate::calibration::template(rule_set_of(rule_set)?))
}

/// Pasted back-end text → `{cells, reading}`: the day as a row of the readings table (cells in
/// template order) and the `Reading` (with what was taken and left).
#[wasm_bindgen]
pub fn reading_row(text: &str, rule_set: &str) -> Result<JsValue, JsValue> {
    let rs = rule_set_of(rule_set)?;
    let reading = crate::readings::read(text, Some(rs));
    let observation = crate::calibration::Observation::from_reading(&reading, 0);
    let cells = crate::calibration::cells_of(rs, &observation);
    core(Ok::<_, Error>(
        serde_json::json!({"cells": cells, "reading": reading}),
    ))
}

/// A readings file (CSV/TSV in any encoding, or XLSX) → `{rows, warnings}`: its days as rows
/// of cells in template order, and what was said about the file and its cells (with the file's
/// lines). A file that is no table at all throws `unreadable_file`.
#[wasm_bindgen]
pub fn readings_file(rule_set: &str, name: &str, bytes: &[u8]) -> Result<JsValue, JsValue> {
    let rs = rule_set_of(rule_set)?;
    let read = crate::calibration::read_file(rs, name, bytes).map_err(|e| to_js_error(&e))?;
    let rows: Vec<Vec<String>> = read
        .observations
        .iter()
        .map(|o| crate::calibration::cells_of(rs, o))
        .collect();
    core(Ok::<_, Error>(
        serde_json::json!({"rows": rows, "warnings": read.warnings}),
    ))
}

/// Calibrate a rule set on a readings table → `{rule_set, industry, shop_type, readings,
/// rounding, fits, warnings, overlay}` (the CLI's `calibrate --format json`).
#[wasm_bindgen]
pub fn calibrate(rule_set: &str, request: JsValue) -> Result<JsValue, JsValue> {
    let rs = rule_set_of(rule_set)?;
    let r: CalibrationRequest = optional_from_js(request, "request")?;
    let overlay_of = (r.name.as_str(), r.industry.as_deref(), r.shop_type);
    core(Ok::<_, Error>(crate::calibration::calibrate_table(
        rs,
        &r.header,
        &r.rows,
        r.file.as_deref(),
        r.first_line.unwrap_or(1),
        overlay_of,
    )))
}

/// Read a calibration file (JSON text) → the overlay, checked against its rule set; a damaged
/// file throws `bad_input` / `bad_field` naming the part.
#[wasm_bindgen]
pub fn read_calibration(text: &str) -> Result<JsValue, JsValue> {
    core(crate::rules::overlay::Overlay::parse(text))
}
