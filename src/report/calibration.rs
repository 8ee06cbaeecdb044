//! The calibration a report used: which one, over which days, and each part used with its
//! evidence, so every calibrated number can say where it came from.

use crate::messages::Text;
use crate::rules::ShopType;
use serde::{Deserialize, Serialize};

/// The calibration behind some of a report's numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationUse {
    pub name: String,
    pub industry: Option<String>,
    pub shop_type: Option<ShopType>,
    /// The first and last day of the readings it was learnt from.
    pub from: Option<String>,
    pub to: Option<String>,
    /// The parts of it this report used.
    pub parts: Vec<CalibratedPart>,
    /// One sentence: what the report's calibrated numbers rest on.
    pub text: Text,
}

/// One part of a calibration a report used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibratedPart {
    /// `dimension_weights`, `indicator_weights`, `bands` or `mapping`.
    pub kind: String,
    /// The dimension (indicator weights, mapping) or indicator (bands) it is about.
    pub subject: Option<String>,
    /// Readings the part was learnt from, and the largest distance of one from it (points).
    pub readings: usize,
    pub residual_max: f64,
    /// For weights: whether the readings pin them down (else any weight in its range fits).
    pub determined: Option<bool>,
    pub text: Text,
}
