//! What every fit shows for itself: the readings it used, how far each one is from the fit,
//! and the further reading that would narrow it most.

use crate::messages::{render, Param, Text, Warning};
use crate::sorting::CollectMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// The evidence behind one fit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// How many readings the fit rests on.
    pub readings_used: usize,
    /// Observed minus fitted, per reading used (points of the figure fitted).
    pub residuals: Vec<Residual>,
    /// The largest |residual| (0 with no reading).
    pub residual_max: f64,
    /// The reading that would narrow the fit most; none when the readings already determine it.
    pub next_reading: Option<Hint>,
}

impl Evidence {
    pub fn new(residuals: Vec<Residual>, next_reading: Option<Hint>) -> Self {
        let residual_max = residuals
            .iter()
            .map(|r| r.residual.abs())
            .fold(0.0, f64::max);
        Evidence {
            readings_used: residuals.len(),
            residuals,
            residual_max: round_figure(residual_max),
            next_reading,
        }
    }
}

/// One reading's distance from the fit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Residual {
    pub row: u64,
    pub date: String,
    pub residual: f64,
}

impl Residual {
    pub fn new(row: u64, date: &str, residual: f64) -> Self {
        Residual {
            row,
            date: date.to_string(),
            residual: round_figure(residual),
        }
    }
}

/// A sentence from the catalogue with its parameters: what to record next.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hint {
    pub code: String,
    pub params: BTreeMap<String, Param>,
    pub text: Text,
}

impl Hint {
    /// The hint of catalogue entry `next_reading.<variant>` with `params`.
    pub fn of(variant: &str, params: &[(&str, Param)]) -> Self {
        let params: BTreeMap<String, Param> = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect_map();
        let key = format!("next_reading.{variant}");
        Hint {
            text: render(&key, &params),
            code: key,
            params,
        }
    }
}

/// The most readings a fit may leave out as contradicting the others before it gives up on
/// the model: a third (more than that says the formula, or the columns, are wrong, not the
/// readings), and at least one.
pub fn most_left_out(readings: usize) -> usize {
    (readings / 3).max(1)
}

/// The warning of a fit that gave up: `count` of `readings` would have had to go.
pub fn misfit(fit: &Text, count: usize, readings: usize) -> Warning {
    Warning::of("calibration_misfit")
        .param("fit", serde_json::json!(fit))
        .param("count", count)
        .param("readings", readings)
}

/// Figures the fits report, to a precision far below the back end's 0.01 and free of float
/// noise (0.30000000000000004 → 0.3).
pub fn round_figure(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    (x * 1e6).round() / 1e6 + 0.0
}
