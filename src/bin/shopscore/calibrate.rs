//! The calibration commands of the CLI: `calibrate READINGS.csv`, `template readings`,
//! `score … --calibration CAL.json`.

use super::{json, parse_opts, usage_error, Fail, Format};
use shopscore::calibration::{calibrate_read, read_file, TableCalibration, WeightFit};
use shopscore::input::ShopInput;
use shopscore::rules::overlay::Overlay;
use shopscore::rules::{self, RuleSet};
use shopscore::Text;

/// `calibrate READINGS [--rules ID] [--industry NAME] [--shop-type T] [--name NAME]
/// [--save CAL.json] [--format json|text]`: the readings file (CSV/TSV/XLSX) read through the
/// ingest reader; the rule set is the one named, else the one in force on the latest reading.
pub fn command(args: &[String]) -> Result<String, Fail> {
    let (args, save) = take_option(args, "--save")?;
    let (args, name) = take_option(&args, "--name")?;
    let o = parse_opts(&args, &["--format", "--rules", "--industry", "--shop-type"])?;
    let [path] = o.positional.as_slice() else {
        return Err(usage_error("calibrate takes one READINGS file (CSV, TSV or XLSX)"));
    };
    let bytes = std::fs::read(path).map_err(|e| Fail(2, format!("{path}: {e}")))?;
    let file_name = std::path::Path::new(path)
        .file_name()
        .map_or(path.clone(), |n| n.to_string_lossy().into_owned());
    let rs = rule_set_for(o.rules.as_deref(), &file_name, &bytes)?;
    let table = read_file(rs, &file_name, &bytes)?;
    let name = name.unwrap_or_else(|| file_name.clone());
    let result = calibrate_read(rs, table, (&name, o.industry.as_deref(), o.shop_type));
    if let Some(save) = &save {
        let text = serde_json::to_string_pretty(&result.overlay)
            .map_err(|e| Fail(1, format!("internal: {e}")))?;
        std::fs::write(save, text + "\n").map_err(|e| Fail(2, format!("{save}: {e}")))?;
    }
    match o.format.unwrap_or(Format::Text) {
        Format::Json => json(&result),
        Format::Text => Ok(text(rs, &result, save.as_deref())),
    }
}

/// `args` without `flag VALUE`, and the value.
fn take_option(args: &[String], flag: &str) -> Result<(Vec<String>, Option<String>), Fail> {
    let Some(at) = args.iter().position(|a| a == flag) else {
        return Ok((args.to_vec(), None));
    };
    let value = args
        .get(at + 1)
        .ok_or_else(|| usage_error(format!("{flag} needs a value")))?;
    let mut rest = args.to_vec();
    rest.drain(at..=at + 1);
    Ok((rest, Some(value.clone())))
}

/// The named rule set, else the one in force on the latest day the file holds.
fn rule_set_for(named: Option<&str>, name: &str, bytes: &[u8]) -> Result<&'static RuleSet, Fail> {
    if named.is_some() {
        return Ok(rules::select(named, None)?.0);
    }
    let newest = rules::select(None, None)?.0;
    let latest = read_file(newest, name, bytes)?
        .observations
        .into_iter()
        .filter(|o| rules::day_number(&o.date).is_some())
        .map(|o| o.date)
        .max();
    Ok(rules::select(None, latest.as_deref())?.0)
}

/// Both languages on one line, as the rest of the CLI's text.
fn both(t: &Text) -> String {
    format!("{} | {}", t.zh, t.en)
}

fn percent(x: f64) -> String {
    format!("{:.2}%", x * 100.0)
}

fn name_of(rs: &RuleSet, id: &str) -> String {
    rs.dimensions
        .iter()
        .map(|d| (&d.id, &d.zh, &d.en))
        .chain(rs.indicators.iter().map(|i| (&i.id, &i.zh, &i.en)))
        .find(|(i, _, _)| *i == id)
        .map_or(id.to_string(), |(_, zh, en)| format!("{zh} {en}"))
}

fn weights_text(rs: &RuleSet, title: &str, fit: &WeightFit) -> String {
    let state = if fit.determined {
        "已确定 determined"
    } else {
        "范围 a range"
    };
    let mut o = format!("{title} ({state}):\n");
    for (id, [lo, hi]) in &fit.ranges {
        o += &format!(
            "  {:<40} {:>8}   [{} – {}]\n",
            name_of(rs, id),
            percent(fit.weights[id]),
            percent(*lo),
            percent(*hi)
        );
    }
    o += &format!(
        "  依据 evidence: {} 天读数 readings, 最大偏差 largest residual {}\n",
        fit.evidence.readings_used, fit.evidence.residual_max
    );
    if let Some(hint) = &fit.evidence.next_reading {
        o += &format!("  下一步 next: {}\n", both(&hint.text));
    }
    o
}

/// The calibration as text: readings used, each fit with its evidence, the warnings.
fn text(rs: &RuleSet, r: &TableCalibration, saved: Option<&str>) -> String {
    let c = &r.calibration;
    let mut o = format!("校准 calibration: {}  {}\n{}\n\n", rs.zh, rs.id, rs.en);
    o += &format!(
        "读数 readings: {} / {} used",
        c.readings.used, c.readings.given
    );
    if let (Some(from), Some(to)) = (&c.readings.from, &c.readings.to) {
        o += &format!(" ({from} → {to})");
    }
    o += "\n";
    if !c.readings.left_out.is_empty() {
        let rows: Vec<String> = c.readings.left_out.iter().map(u64::to_string).collect();
        o += &format!("未用的行 rows left out: {}\n", rows.join(", "));
    }
    o += "\n";
    if let Some(fit) = &c.fits.dimension_weights {
        o += &weights_text(rs, "维度权重 dimension weights", fit);
    }
    for (dim, fit) in &c.fits.indicator_weights {
        let title = format!("指标权重 indicator weights — {}", name_of(rs, dim));
        o += &weights_text(rs, &title, fit);
    }
    for (id, bands) in &c.fits.bands {
        o += &format!("分档门槛 band thresholds — {}:\n", name_of(rs, id));
        let side = |x: Option<f64>| x.map_or("…".to_string(), |v| v.to_string());
        for b in bands {
            o += &format!(
                "  {:>5}: {:<12} [{} – {}]\n",
                b.score,
                b.threshold.map_or("—".into(), |t| t.to_string()),
                side(b.threshold_min),
                side(b.threshold_max)
            );
        }
    }
    for (dim, m) in &c.fits.mapping {
        let state = if m.usable {
            "用于评分 used"
        } else {
            "暂不用于评分 not used yet"
        };
        o += &format!("换算 mapping — {} ({state}):\n", name_of(rs, dim));
        for (id, curve) in &m.model.indicators {
            o += &format!(
                "  {:<40} seen {} – {}, worst→best +{} 分 points\n",
                name_of(rs, id),
                curve.seen_min,
                curve.seen_max,
                curve.span
            );
        }
        o += &format!(
            "  依据 evidence: {} 天读数 readings, 最大偏差 largest residual {}\n",
            m.evidence.readings_used, m.evidence.residual_max
        );
        if let Some(hint) = &m.evidence.next_reading {
            o += &format!("  下一步 next: {}\n", both(&hint.text));
        }
    }
    if !c.warnings.is_empty() {
        o += "\n提示 warnings:\n";
        for w in &c.warnings {
            o += &format!("  - {}\n", both(&w.text()));
        }
    }
    if let Some(path) = saved {
        o += &format!("\n已保存校准文件 calibration saved: {path} (score … --calibration {path})\n");
    }
    o
}

/// `score … --calibration CAL.json`: the overlay file (`calibrate --save`), or the whole
/// output of `calibrate --format json`, whose `overlay` it takes.
pub fn apply(input: &mut ShopInput, path: Option<&String>) -> Result<(), Fail> {
    let Some(path) = path else {
        return Ok(());
    };
    let text = std::fs::read_to_string(path).map_err(|e| Fail(2, format!("{path}: {e}")))?;
    let overlay_text = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("overlay").filter(|o| o.is_object()).map(|o| o.to_string()))
        .unwrap_or(text);
    let overlay = Overlay::parse(&overlay_text).map_err(|e| Fail(2, format!("{path}: {e}")))?;
    input.calibration = Some(overlay);
    Ok(())
}

/// `template readings [--rules ID]`: the readings table's header row for the rule set (the
/// newest by default).
pub fn template(rules: Option<&str>) -> Result<String, Fail> {
    let (rs, _) = rules::select(rules, None)?;
    Ok(shopscore::calibration::template(rs))
}
