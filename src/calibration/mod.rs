//! Calibration: learns a rule set's unpublished numbers (dimension and indicator weights, band
//! thresholds, the 2026-09 value → score mapping) from the shop's own daily back-end readings.
//!
//! Pure: readings in (`Observation`, one per day), fits out (`Calibration`), each fit with its
//! evidence (readings used, residuals, the reading that would narrow it most). Every figure the
//! back end shows is rounded, so a reading is an interval, never a point: the fits find what
//! every reading allows, and say when that is one answer and when a range. Bad readings are
//! named with their row and left out, never absorbed. Which fits apply follows the rule set's
//! data (its dimensions, its method), never its id.

mod bands;
mod dimension_weights;
mod evidence;
mod indicator_weights;
mod linalg;
mod lp;
mod mapping;
mod monotone;
mod nnls;
mod observation;
mod overlay;
mod screen;
mod table;
mod weights;

pub use bands::{BandFit, Pair};
pub use evidence::{Evidence, Hint, Residual};
pub use mapping::MappingFit;
pub use observation::{Observation, Rounding};
pub use table::{cells_of, headers, read_file, read_table, template, Field, TableRead};
pub use weights::{WeightFit, DETERMINED_WIDTH};

use crate::messages::Warning;
use crate::rules::overlay::Overlay;
use crate::rules::{RuleSet, ShopType};
use serde::Serialize;
use std::collections::BTreeMap;

/// Everything learnt from one set of readings under one rule set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    pub rule_set: String,
    pub readings: ReadingCount,
    /// The rounding step assumed for each column (inferred from the figures).
    pub rounding: Rounding,
    pub fits: Fits,
    pub warnings: Vec<Warning>,
}

/// How many readings were given, which rows were left out entirely, and the days of those used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadingCount {
    pub given: usize,
    pub used: usize,
    pub left_out: Vec<u64>,
    /// The first and last day of the readings used.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The fits; each is absent where the rule set has no such number or no reading bears on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fits {
    /// Dimension id → weight (fractions summing to 1), with ranges and evidence.
    pub dimension_weights: Option<WeightFit>,
    /// Dimension id → its indicator weights (banded rule sets).
    pub indicator_weights: BTreeMap<String, WeightFit>,
    /// Indicator id → its bands, lowest score first (banded rule sets).
    pub bands: BTreeMap<String, Vec<BandFit>>,
    /// Dimension id → its value → score mapping (rule sets with no published formula).
    pub mapping: BTreeMap<String, MappingFit>,
}

/// Learn what `readings` reveal of `rs`'s unpublished numbers.
pub fn calibrate(rs: &RuleSet, readings: &[Observation]) -> Calibration {
    let screened = screen::screen(rs, readings);
    let mut warnings = screened.warnings;
    let usable = screened.readings;
    let (rounding, fits, fit_warnings) = fit_with_finest_rounding(rs, &usable);
    warnings.extend(fit_warnings);
    let mut left_out = screened.left_out;
    crate::sorting::sort_dedup(&mut left_out);
    Calibration {
        rule_set: rs.id.clone(),
        readings: ReadingCount {
            given: readings.len(),
            used: usable.len(),
            left_out,
            from: usable.iter().map(|o| o.date.clone()).min(),
            to: usable.iter().map(|o| o.date.clone()).max(),
        },
        rounding,
        fits,
        warnings,
    }
}

/// A readings table calibrated for one shop: everything learnt with its evidence, the
/// overlay to score with and to share, and what was said about the table and the readings.
/// The shape the CLI prints (`calibrate --format json`) and the page shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableCalibration {
    #[serde(flatten)]
    pub calibration: Calibration,
    pub industry: Option<String>,
    pub shop_type: Option<ShopType>,
    pub overlay: Overlay,
}

/// Read `header` and `rows` (the first on line `first_line` of `file`) as readings and calibrate
/// `rs` on them; the overlay is named `name`, for `industry` and `shop_type`.
pub fn calibrate_table(
    rs: &RuleSet,
    header: &[String],
    rows: &[Vec<String>],
    file: Option<&str>,
    first_line: u64,
    overlay_of: (&str, Option<&str>, Option<ShopType>),
) -> TableCalibration {
    calibrate_read(
        rs,
        read_table(rs, header, rows, file, first_line),
        overlay_of,
    )
}

/// Calibrate `rs` on a table already read (`read_table`, `read_file`).
pub fn calibrate_read(
    rs: &RuleSet,
    table: TableRead,
    (name, industry, shop_type): (&str, Option<&str>, Option<ShopType>),
) -> TableCalibration {
    let mut calibration = calibrate(rs, &table.observations);
    calibration.warnings.splice(0..0, table.warnings);
    let overlay = calibration.overlay(name, industry, shop_type);
    TableCalibration {
        calibration,
        industry: industry.map(str::to_string),
        shop_type,
        overlay,
    }
}

/// Every fit under one rounding, with what it said about the readings.
fn fit_all(rs: &RuleSet, readings: &[Observation], rounding: &Rounding) -> (Fits, Vec<Warning>) {
    let mut warnings = Vec::new();
    let fits = Fits {
        dimension_weights: dimension_weights::fit(rs, readings, rounding, &mut warnings),
        indicator_weights: indicator_weights::fit(rs, readings, rounding, &mut warnings),
        bands: bands::fit(rs, readings, rounding, &mut warnings),
        mapping: mapping::fit(rs, readings, rounding, &mut warnings),
    };
    (fits, warnings)
}

/// How many readings the fits found at odds with the rest.
fn disagreements(warnings: &[Warning]) -> usize {
    warnings
        .iter()
        .filter(|w| {
            matches!(
                w.code.as_str(),
                "reading_contradicts" | "reading_unexplained" | "calibration_misfit"
            )
        })
        .count()
}

/// Fit at two decimals (the back end's rounding). When readings then disagree and some
/// column holds only whole numbers, those figures may have been shown rounded to whole points:
/// refit so, and keep that if fewer readings disagree, saying which columns were widened.
fn fit_with_finest_rounding(
    rs: &RuleSet,
    readings: &[Observation],
) -> (Rounding, Fits, Vec<Warning>) {
    let finest = Rounding::finest(readings);
    let (fits, warnings) = fit_all(rs, readings, &finest);
    let Some(coarse) = finest.whole_points(readings) else {
        return (finest, fits, warnings);
    };
    if disagreements(&warnings) == 0 {
        return (finest, fits, warnings);
    }
    let (coarse_fits, mut coarse_warnings) = fit_all(rs, readings, &coarse);
    if disagreements(&coarse_warnings) >= disagreements(&warnings) {
        return (finest, fits, warnings);
    }
    coarse_warnings.splice(0..0, widened_columns(rs, readings, &finest, &coarse));
    (coarse, coarse_fits, coarse_warnings)
}

/// One warning per score column taken as rounded to whole points.
fn widened_columns(
    rs: &RuleSet,
    readings: &[Observation],
    finest: &Rounding,
    coarse: &Rounding,
) -> Vec<Warning> {
    let mut columns: Vec<(String, usize)> = Vec::new();
    if coarse.total != finest.total {
        columns.push((
            "readings.total".into(),
            readings.iter().filter(|o| o.total.is_some()).count(),
        ));
    }
    for d in &rs.dimensions {
        if coarse.dimensions.get(&d.id) != finest.dimensions.get(&d.id) {
            let count = readings
                .iter()
                .filter(|o| o.dimensions.contains_key(&d.id))
                .count();
            columns.push((format!("dimensions.{}", d.id), count));
        }
    }
    for i in &rs.indicators {
        if coarse.indicator_scores.get(&i.id) != finest.indicator_scores.get(&i.id) {
            let count = readings
                .iter()
                .filter(|o| o.indicator_scores.contains_key(&i.id))
                .count();
            columns.push((format!("indicators.{}.score", i.id), count));
        }
    }
    columns
        .into_iter()
        .map(|(field, count)| {
            Warning::of("calibration_rounding")
                .subject(field.as_str())
                .param("field", field.as_str())
                .param("step", 1)
                .param("half", 0.5)
                .param("count", count)
        })
        .collect()
}
