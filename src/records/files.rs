//! Several files → one report: read, detect, parse, recompute, combine with what the user typed,
//! score; plus `inspect` (one file's quality summary) and the drill-down CSV export.

use super::cells;
use super::kinds::{self, ColumnMapping, FileKind};
use super::parse::{self, Records, DETAIL_LIMIT};
use crate::error::{Error, ErrorCode};
use crate::messages::Warning;
use crate::indicators::{self, BadRecord, Recomputed};
use crate::input::IndicatorInput;
use crate::{Report, ShopInput};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// How to read the files.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct FilesOptions {
    /// The user's column mapping (applies to every file that has the named headers).
    pub mapping: ColumnMapping,
    /// XLSX sheet to read (default: the first with a header row).
    pub sheet: Option<String>,
    /// Last day of the window, `YYYY-MM-DD` (default: the last day in the data, or the typed `as_of`).
    pub as_of: Option<String>,
    /// `inspect` only: also return the parsed rows.
    pub include_rows: bool,
    /// The user's values for the defaults the platform does not publish.
    pub estimates: indicators::EstimateOverrides,
}

/// Drill-down lists are cut at this many bad records per indicator in the report
/// (`bad_total` keeps the full count).
pub const BAD_LIST_LIMIT: usize = 1000;
const TOP_N: usize = 10;

/// One file as the quality summary shows it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FileSummary {
    pub name: String,
    pub kind: Option<FileKind>,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub sheet: Option<String>,
    pub rows: u64,
    pub skipped: u64,
    /// First 100 skipped rows with line, column and reason.
    pub skipped_rows: Vec<Warning>,
}

/// Everything the files give, before scoring.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// The typed input with the recomputed values filled in where the user typed nothing.
    pub input: ShopInput,
    pub inputs: Value,
    pub drilldown: Value,
    pub warnings: Vec<Warning>,
    pub recomputed: Recomputed,
    pub files: Vec<FileSummary>,
    /// Indicators whose input value was recomputed from records (not typed, not a values file).
    pub from_records: Vec<String>,
}

struct ReadFile {
    summary: FileSummary,
    warnings: Vec<Warning>,
}

fn file_warning(code: &str, name: &str, message: String) -> Warning {
    Warning::legacy(code, message).at(Some(name), None, None)
}

/// Read, detect and parse one file into `records`. Never fails: problems become warnings.
fn read_one(name: &str, bytes: &[u8], options: &FilesOptions, records: &mut Records) -> ReadFile {
    match read_table(name, bytes, options) {
        Ok(table) => parse_one(&table, options, records),
        Err(e) => ReadFile {
            summary: FileSummary {
                name: name.to_string(),
                ..Default::default()
            },
            warnings: vec![file_warning(
                "unreadable_file",
                name,
                format!(
                    "{name}: 无法读取, 已跳过 | unreadable, skipped ({})",
                    e.message
                ),
            )],
        },
    }
}

/// Detect and parse one table into `records`.
fn parse_one(
    table: &crate::ingest::Table,
    options: &FilesOptions,
    records: &mut Records,
) -> ReadFile {
    let name = table.name.as_str();
    let mut summary = FileSummary {
        name: name.to_string(),
        ..Default::default()
    };
    let mut warnings = Vec::new();
    summary.encoding = Some(table.encoding.clone());
    summary.delimiter = table.delimiter.clone();
    summary.sheet = table.sheet.clone();
    summary.skipped = table.skipped_count;
    summary.skipped_rows = table.skipped.clone();
    warnings.extend(table.warnings.iter().cloned());
    let resolved = match kinds::detect(&table.headers, &options.mapping) {
        Ok(resolved) => resolved,
        Err(partial) => {
            warnings.push(unknown_columns_warning(name, partial.as_ref()));
            summary.rows = table.rows.len() as u64;
            return ReadFile { summary, warnings };
        }
    };
    summary.kind = Some(resolved.kind);
    let problems = parse::read_table(table, &resolved, records);
    summary.rows = problems.rows_read;
    summary.skipped += problems.skipped_count;
    for w in problems.skipped {
        if summary.skipped_rows.len() < DETAIL_LIMIT {
            summary.skipped_rows.push(w);
        }
    }
    warnings.extend(problems.bad_cells);
    if problems.bad_cell_count > DETAIL_LIMIT as u64 {
        warnings.push(file_warning(
            "bad_cell",
            name,
            format!("{name}: 另有 {n} 个无法识别的单元格按缺失处理 (只列出前 {DETAIL_LIMIT} 个) | {n} more unreadable cells taken as missing (first {DETAIL_LIMIT} listed)", n = problems.bad_cell_count - DETAIL_LIMIT as u64),
        ));
    }
    if summary.skipped > 0 {
        warnings.push(file_warning(
            "bad_row",
            name,
            format!(
                "{name}: 跳过 {n} 行 (见文件质量摘要) | {n} rows skipped (see the file summary)",
                n = summary.skipped
            ),
        ));
    }
    ReadFile { summary, warnings }
}

fn read_table(
    name: &str,
    bytes: &[u8],
    options: &FilesOptions,
) -> Result<crate::ingest::Table, Error> {
    let read_options = crate::ingest::ReadOptions {
        sheet: options.sheet.clone(),
        // In a workbook, read the first sheet whose header row is a known kind.
        sheet_chooser: Some(|headers| kinds::detect(headers, &ColumnMapping::default()).is_ok()),
        ..Default::default()
    };
    crate::ingest::read_file(name, bytes, &read_options)
}

fn unknown_columns_warning(name: &str, partial: Option<&kinds::Resolved>) -> Warning {
    let message = match partial {
        Some(p) => {
            let missing: Vec<&str> =
                p.missing_required.iter().map(|k| p.kind.field(k).map_or(*k, |f| f.headers[0])).collect();
            format!(
                "{name}: 表头最接近 {zh} ({kind}), 但缺少必需列 {cols}; 请提供列映射 | the headers look most like {kind} but lack the required columns {cols}; give a column mapping (--map)",
                zh = p.kind.zh(),
                kind = p.kind.as_str(),
                cols = missing.join("、")
            )
        }
        None => format!("{name}: 无法从表头识别文件类型; 请提供列映射或使用模板 | the file kind cannot be told from the headers; give a column mapping (--map) or use a template (shopscore template KIND)"),
    };
    file_warning("unknown_columns", name, message)
}

/// Read every file, recompute, and fill a `ShopInput` (typed values win). Errors only for
/// options the tool cannot work with (an unreadable `as_of`).
pub fn prepare(
    files: &[(String, Vec<u8>)],
    typed: &ShopInput,
    options: &FilesOptions,
) -> Result<Prepared, Error> {
    let as_of_text = options.as_of.as_deref().or(typed.as_of.as_deref());
    let as_of_day = match as_of_text {
        Some(text) => Some(cells::parse_day(text).ok_or_else(|| {
            Error::field(
                ErrorCode::BadField,
                "as_of",
                format!("as_of “{text}” 不是 YYYY-MM-DD 日期 | is not a YYYY-MM-DD date"),
            )
        })?),
        None => None,
    };
    let mut records = Records::default();
    let mut warnings = Vec::new();
    let mut summaries = Vec::new();
    let mut order_rows = Vec::new();
    for (name, bytes) in files {
        let read = read_one(name, bytes, options, &mut records);
        // Sub-orders of the same order can sit in several files: group once, at the end.
        order_rows.append(&mut records.orders);
        summaries.push(read.summary);
        warnings.extend(read.warnings);
    }
    let sub_order_rows = order_rows.len();
    records.orders = parse::group_orders(dedupe_sub_orders(order_rows));
    records.fill_session_starts();
    let duplicates = records.dedupe()
        + (sub_order_rows as u64)
            .saturating_sub(records.orders.iter().map(|o| u64::from(o.sub_orders)).sum());
    if duplicates > 0 {
        warnings.push(Warning::legacy(
            "duplicate_records",
            format!("{duplicates} 条记录在多个文件或同一文件中重复出现 (同一订单号/售后单号/会话消息), 只计一次 | {duplicates} records appear twice (same order, after-sale or chat message) and are counted once"),
        ));
    }

    let recomputed = indicators::recompute(
        &records,
        typed.rule_set.as_deref(),
        as_of_day,
        &options.estimates,
    )?;
    let mut input = typed.clone();
    if input.rule_set.is_none() {
        input.rule_set = Some(recomputed.rule_set.clone());
    }
    if input.as_of.is_none() {
        input.as_of = recomputed.window.map(|w| w.end());
    }

    let mut values_order_count = None;
    // Values copied from the back end: they are the official numbers, so they win over the
    // recomputed ones; what the user typed wins over both.
    let mut from_values: BTreeMap<String, IndicatorInput> = BTreeMap::new();
    for row in &records.values {
        // Dimension scores and the order count copied from the same page are inputs too.
        if let Some(dimension) = indicators::dimension_id(&row.indicator) {
            match row.score.or(row.value) {
                Some(score) if !typed.dimensions.contains_key(&dimension) => {
                    input.dimensions.insert(dimension, score);
                }
                Some(_) => warnings.push(Warning::legacy(
                    "typed_wins",
                    format!("dimensions.{dimension}: 使用手动填写的维度分, 指标数值文件中的值未采用 | the typed dimension score is used, not the values file's"),
                )),
                None => {}
            }
            continue;
        }
        if is_order_count(&row.indicator) {
            if let (None, Some(count)) = (typed.valid_paid_orders_30d, row.value) {
                values_order_count = Some(count);
            }
            continue;
        }
        match indicators::indicator_id(&row.indicator) {
            Some(_) if row.value.is_none() && row.score.is_none() && row.weight.is_none() => {} // an empty row says nothing
            Some(id) => {
                if let Some(weight) = row.weight {
                    if !typed.weights.indicators.contains_key(&id) {
                        input.weights.indicators.insert(id.clone(), weight);
                    }
                }
                // A numerator is the bad count (small-sample rule) only for a lower-is-better rate.
                let bad_count = if counts_bad_cases(&id) {
                    row.numerator
                } else {
                    None
                };
                if row.value.is_some() || row.score.is_some() {
                    from_values.insert(
                        id,
                        IndicatorInput {
                            value: row.value,
                            score: row.score,
                            bad_count,
                            base_count: row.denominator,
                        },
                    );
                }
            }
            None => warnings.push(
                Warning::legacy(
                    "unknown_indicator",
                    format!(
                        "指标 “{0}” 不认识, 已忽略 | unknown indicator “{0}”, ignored",
                        row.indicator
                    ),
                )
                .at(None, Some(row.line), Some("指标")),
            ),
        }
    }
    let typed_ids: Vec<String> = typed.indicators.keys().cloned().collect();
    for (id, value) in from_values {
        if typed.indicators.contains_key(&id) {
            warnings.push(Warning::legacy("typed_wins", format!("{id}: 使用手动填写的值, 指标数值文件中的值未采用 | the typed value is used, not the values file's")));
        } else {
            input.indicators.insert(id, value);
        }
    }
    let mut from_records = Vec::new();
    for id in &recomputed.wanted {
        let Some(computed) = recomputed.indicators.get(id) else {
            continue;
        };
        let Some(value) = computed.value else {
            continue;
        };
        if input.indicators.contains_key(id) {
            let (source, source_en) = if typed_ids.contains(id) {
                ("手动填写", "typed")
            } else {
                ("指标数值文件", "values-file")
            };
            warnings.push(Warning::legacy(
                "typed_wins",
                format!("{id}: 使用{source}的值; 由明细重算的值为 {value} | the {source_en} value is used; recomputed from the records: {value}"),
            ));
            continue;
        }
        input.indicators.insert(
            id.clone(),
            IndicatorInput {
                value: Some(value),
                score: None,
                bad_count: computed.counts_are_cases.then_some(computed.bad_count),
                base_count: computed.counts_are_cases.then_some(computed.base_count),
            },
        );
        from_records.push(id.clone());
    }
    if let Some(count) = values_order_count {
        input.valid_paid_orders_30d = Some(count);
    }
    match (typed.valid_paid_orders_30d.or(values_order_count), recomputed.valid_paid_orders) {
        (Some(typed_count), Some(count)) if typed_count != count => warnings.push(Warning::legacy(
            "typed_wins",
            format!("valid_paid_orders_30d: 使用手动填写的 {typed_count}; 由订单导出计算为 {count} | the typed {typed_count} is used; the order export gives {count}"),
        )),
        (None, Some(count)) => input.valid_paid_orders_30d = Some(count),
        _ => {}
    }

    // Keep the recompute warnings that matter: those about the rule set's indicators that
    // nobody typed (and the general ones).
    let given = |id: &str| {
        input.indicators.contains_key(id)
            || (id == "valid_paid_orders_30d" && input.valid_paid_orders_30d.is_some())
    };
    for w in &recomputed.warnings {
        let message = w.message();
        let about = w.subject.as_deref().or_else(|| message.split_once(':').map(|(id, _)| id)).filter(|id| {
            id.bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit())
        });
        match about {
            Some(id) if id == "valid_paid_orders_30d" => {
                if !given(id) {
                    warnings.push(w.clone());
                }
            }
            Some(id) => {
                if recomputed.wanted.iter().any(|x| x == id)
                    && !(w.code == "missing_input" && given(id))
                {
                    warnings.push(w.clone());
                }
            }
            None => warnings.push(w.clone()),
        }
    }

    let inputs = json!({
        "rule_set": recomputed.rule_set,
        "window": recomputed.window.map(|w| json!({"start": w.start(), "end": w.end()})),
        "valid_paid_orders_30d": recomputed.valid_paid_orders,
        "orders_not_counted": recomputed.orders_not_counted,
        "files": summaries,
    });
    let drilldown = drilldown_json(&recomputed);
    Ok(Prepared {
        input,
        inputs,
        drilldown,
        warnings,
        recomputed,
        files: summaries,
        from_records,
    })
}

/// `有效支付订单数` (and its spellings) in a values file.
fn is_order_count(name: &str) -> bool {
    let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    [
        "有效支付订单数",
        "有效支付订单",
        "近30天有效支付订单数",
        "valid_paid_orders_30d",
    ]
    .contains(&name.as_str())
}

fn counts_bad_cases(indicator: &str) -> bool {
    let Ok(sets) = crate::rules::all() else {
        return false;
    };
    sets.iter()
        .flat_map(|r| &r.indicators)
        .find(|i| i.id == indicator)
        .is_some_and(|i| i.unit.as_str() == "percent" && i.direction == crate::rules::Direction::LowerBetter)
}

/// The same sub-order row twice (an export dropped twice) is one sub-order. Rows without a
/// sub-order id are kept as they are.
fn dedupe_sub_orders(rows: Vec<parse::Order>) -> Vec<parse::Order> {
    let mut seen = std::collections::BTreeSet::new();
    rows.into_iter()
        .filter(|o| match &o.sub_order_id {
            Some(sub) => seen.insert((o.order_id.clone(), sub.clone())),
            None => true,
        })
        .collect()
}

fn drilldown_json(recomputed: &Recomputed) -> Value {
    let mut out = serde_json::Map::new();
    for id in &recomputed.wanted {
        let Some(c) = recomputed.indicators.get(id) else {
            continue;
        };
        let mut top = serde_json::Map::new();
        type Pick = fn(&BadRecord) -> Option<&String>;
        let by: [(&str, Pick); 4] = [
            ("product", |b| b.product.as_ref()),
            ("courier", |b| b.courier.as_ref()),
            ("province", |b| b.province.as_ref()),
            ("agent", |b| b.agent.as_ref()),
        ];
        for (key, pick) in by {
            let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
            for b in &c.bad {
                if let Some(name) = pick(b) {
                    *counts.entry(name.as_str()).or_default() += 1;
                }
            }
            let mut ranked: Vec<(&str, u64)> = counts.into_iter().collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            ranked.truncate(TOP_N);
            top.insert(key.into(), json!(ranked));
        }
        out.insert(
            id.clone(),
            json!({
                "value": c.value,
                "numerator": c.numerator,
                "denominator": c.denominator,
                "estimated": c.estimated,
                "bad_total": c.bad.len(),
                "bad": &c.bad[..c.bad.len().min(BAD_LIST_LIMIT)],
                "top": top,
            }),
        );
    }
    Value::Object(out)
}

/// Score a shop from its files and typed values. One bad file never stops the others.
pub fn score_files(
    files: &[(String, Vec<u8>)],
    typed: &ShopInput,
    options: &FilesOptions,
) -> Result<Report, Error> {
    let prepared = prepare(files, typed, options)?;
    let mut report = crate::scoring::score(&prepared.input)?;
    // Say which numbers came from the records, with their numerator and denominator.
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
                report.estimates.push(format!(
                    "{}: 由明细重算时用了未公布的默认值 (揽收小时→得分表 / 售后处理时限, 可编辑) | recomputed with unpublished defaults (hour→score table / after-sale time limit, editable)",
                    indicator.id
                ));
            }
        }
    }
    report.inputs = Some(prepared.inputs);
    report.drilldown = Some(prepared.drilldown);
    report.warnings.extend(prepared.warnings);
    Ok(report)
}

/// One file's quality summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Inspection {
    pub name: String,
    /// The detected kind; null when the headers lack a kind's required columns.
    pub kind: Option<FileKind>,
    /// When `kind` is null: the kind the headers look most like (for the mapping step).
    pub guess: Option<FileKind>,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    pub headers: Vec<String>,
    /// Data rows read (after skipping).
    pub rows: u64,
    pub skipped: u64,
    pub skipped_rows: Vec<Warning>,
    /// Canonical field → the header it was found under.
    pub mapping: BTreeMap<String, String>,
    /// Required fields not found (fill them in a column mapping).
    pub missing_required: Vec<String>,
    pub warnings: Vec<Warning>,
    /// With `include_rows`: the cells as read (strings, a leading tab and `-` kept).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<Vec<String>>>,
}

pub fn inspect(name: &str, bytes: &[u8], options: &FilesOptions) -> Inspection {
    let mut inspection = Inspection {
        name: name.to_string(),
        ..Default::default()
    };
    let table = match read_table(name, bytes, options) {
        Ok(table) => table,
        Err(e) => {
            inspection.warnings.push(file_warning(
                "unreadable_file",
                name,
                format!("{name}: 无法读取 | unreadable ({})", e.message),
            ));
            return inspection;
        }
    };
    inspection.headers = table.headers.clone();
    inspection.sheets = table.sheets.clone();
    if options.include_rows {
        inspection.data = Some(table.rows.iter().map(|r| r.cells.clone()).collect());
    }
    let mut records = Records::default();
    let read = parse_one(&table, options, &mut records);
    let s = read.summary;
    inspection.kind = s.kind;
    inspection.encoding = s.encoding;
    inspection.delimiter = s.delimiter;
    inspection.sheet = s.sheet;
    inspection.rows = s.rows;
    inspection.skipped = s.skipped;
    inspection.skipped_rows = s.skipped_rows;
    inspection.warnings = read.warnings;
    let resolved = match kinds::detect(&table.headers, &options.mapping) {
        Ok(r) => Some(r),
        Err(partial) => partial,
    };
    if let Some(r) = resolved {
        if inspection.kind.is_none() {
            inspection.guess = Some(r.kind);
        }
        for (key, index) in &r.columns {
            if let Some(header) = table.headers.get(*index) {
                inspection.mapping.insert(key.to_string(), header.clone());
            }
        }
        inspection.missing_required = r.missing_required.iter().map(|k| k.to_string()).collect();
    }
    inspection
}

/// The bad records of one indicator as CSV (UTF-8 with BOM). Cells that a spreadsheet would
/// run as a formula (starting with = + - @, tab or CR) get a leading `'`.
pub fn drilldown_csv(report: &Report, indicator: &str) -> String {
    drilldown_csv_from(report.drilldown.as_ref().unwrap_or(&Value::Null), indicator)
}

/// `drilldown_csv` from the report's `drilldown` value alone (what the page holds).
pub fn drilldown_csv_from(drilldown: &Value, indicator: &str) -> String {
    let mut out = String::from("\u{feff}指标,订单编号,商品,快递公司,省份,客服,原因,时间\r\n");
    let Some(bad) = drilldown
        .get(indicator)
        .and_then(|d| d.get("bad"))
        .and_then(Value::as_array)
    else {
        return out;
    };
    for record in bad {
        let cell = |key: &str| {
            record
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let row = [
            indicator.to_string(),
            cell("order_id"),
            cell("product"),
            cell("courier"),
            cell("province"),
            cell("agent"),
            cell("reason"),
            cell("time"),
        ];
        let line: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

fn csv_cell(text: &str) -> String {
    let mut text = text.to_string();
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        text.insert(0, '\'');
    }
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}
