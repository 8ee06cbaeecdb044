//! The state one scoring pass carries: the rule set, the input, and what it has to say
//! (warnings, and the unpublished numbers the report rests on).

use super::industry::ShopIndustry;
pub(crate) use super::overlay::Calibration;
use crate::input::ShopInput;
use crate::messages::Warning;
use crate::rules::RuleSet;

pub(crate) struct Ctx<'a> {
    pub rs: &'static RuleSet,
    pub input: &'a ShopInput,
    /// The shop's industry as this rule set knows it (set by `industry::resolve`).
    pub industry: ShopIndustry,
    pub warnings: Vec<Warning>,
    /// In first-mention order (the rule set's own notes first), without repeats.
    pub estimates: Vec<String>,
    /// The calibration in force for this pass, and the parts of it used (`overlay`).
    pub calibration: Calibration<'a>,
}

impl<'a> Ctx<'a> {
    pub fn new(rs: &'static RuleSet, input: &'a ShopInput) -> Self {
        let mut cx = Ctx {
            rs,
            input,
            industry: ShopIndustry::default(),
            warnings: Vec::new(),
            estimates: Vec::new(),
            calibration: Calibration::default(),
        };
        for note in &rs.notes {
            cx.estimate(note.clone());
        }
        cx
    }

    /// A warning for the report (rendered from the message catalogue).
    pub fn say(&mut self, warning: Warning) {
        self.warnings.push(warning);
    }

    pub fn estimate(&mut self, what: String) {
        if !self.estimates.contains(&what) {
            self.estimates.push(what);
        }
    }
}

/// Round for display: scores and totals are reported to 0.01 (the back end's own rounding is unpublished).
pub(crate) fn r2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}
