//! The score over time and the planner for a session's files: the records' per-day counts slid
//! by `timeline`, and plans made on the files' values (their denominators give the amounts).

use super::shop::annotate;
use super::Shop;
use crate::advice::planner::{self, Plan, Target};
use crate::error::Error;
use crate::timeline::{self, Request, Timeline};
use crate::ShopInput;

impl Shop {
    /// The daily history, forecast, eligibility over time, alerts and rule versions of the
    /// files read, with the typed settings and values (`as_of` default: the typed one, else the
    /// data's last day; `rule_set` default: the one in force on that day).
    pub fn timeline(
        &mut self,
        typed: &ShopInput,
        as_of: Option<&str>,
        rule_set: Option<&str>,
        days: u32,
    ) -> Result<Timeline, Error> {
        let aggregates = timeline::from_records(self.aggregates());
        timeline::timeline(&Request {
            typed,
            aggregates: Some(&aggregates),
            rule_set,
            as_of,
            days,
        })
    }

    /// The fewest changes reaching `target` (`"80"`, a tier or an eligibility id or name) for
    /// the files' values with the typed ones laid over them.
    pub fn plan(
        &mut self,
        typed: &ShopInput,
        target: &str,
        as_of: Option<&str>,
        rule_set: Option<&str>,
    ) -> Result<Plan, Error> {
        let prepared = self.prepare(typed, as_of, rule_set)?;
        let mut quiet = prepared.input.clone();
        quiet.options.skip_advice = true;
        let mut report = crate::scoring::score(&quiet)?;
        annotate(&mut report, &prepared);
        let rules = crate::rules::rule_set_detail(&report.rule_set)?;
        let target = Target::parse(target, rules)?;
        planner::plan_for(&prepared.input, &report, &target)
    }
}
