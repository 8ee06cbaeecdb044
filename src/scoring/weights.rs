//! Dimension and indicator weights for the shop's industry and shop type: the official tables
//! where they exist, the rule set's defaults (estimates) elsewhere, the user's overrides over both.

use super::context::Ctx;
use crate::input::ShopType;
use crate::messages::{Text, Warning};
use crate::report::words::{say, text_param};
use crate::report::IndicatorScore;
use crate::rules;
use crate::sorting::CollectMap;
use std::collections::{BTreeMap, BTreeSet};

/// The weights in force: id → (percent, estimated).
pub(crate) struct IndustryWeights {
    pub dimensions: BTreeMap<String, (f64, bool)>,
    pub indicators: BTreeMap<String, (f64, bool)>,
}

impl IndustryWeights {
    pub fn dimension(&self, rule: &rules::DimensionRule) -> (f64, bool) {
        self.dimensions
            .get(&rule.id)
            .copied()
            .unwrap_or((rule.weight, rule.weight_estimated))
    }

    pub fn indicator(&self, rule: &rules::IndicatorRule) -> (f64, bool) {
        self.indicators
            .get(&rule.id)
            .copied()
            .unwrap_or((rule.weight, rule.weight_estimated))
    }
}

/// Weights for the input's industry and shop type (see the module doc).
pub(crate) fn for_shop(cx: &mut Ctx) -> IndustryWeights {
    let rs = cx.rs;
    let mut dims: BTreeMap<String, (f64, bool)> = rs
        .dimensions
        .iter()
        .map(|d| (d.id.clone(), (d.weight, d.weight_estimated)))
        .collect_map();
    let mut inds: BTreeMap<String, (f64, bool)> = rs
        .indicators
        .iter()
        .map(|i| (i.id.clone(), (i.weight, i.weight_estimated)))
        .collect_map();
    let industry = cx.industry.row.clone();
    if let Some(name) = &industry {
        if !rules::is_known_industry(name) {
            cx.say(
                Warning::of("unknown_industry.not_in_tables")
                    .subject("industry")
                    .param("industry", name.as_str()),
            );
        }
    }
    if rs.industry_weights.is_some() && industry.is_none() {
        cx.say(Warning::of("missing_input.industry_for_weights").subject("industry"));
    }
    if let (Some(src), Some(name)) = (&rs.industry_weights, &industry) {
        service_table(cx, src, name, &mut inds);
        crossborder_table(src, name, &mut dims, &mut inds, rs);
    }
    not_assessed_for_cross_border(cx, &mut inds);
    for (id, w) in &cx.input.weights.dimensions {
        if dims.contains_key(id) {
            dims.insert(id.clone(), (*w, false));
        }
    }
    for (id, w) in &cx.input.weights.indicators {
        if inds.contains_key(id) {
            inds.insert(id.clone(), (*w, false));
        }
    }
    super::overlay::weights(cx, &mut dims, &mut inds);
    for d in &rs.dimensions {
        if dims.get(&d.id).is_some_and(|w| w.1) {
            let name = text_param(Text::new(&d.zh, &d.en));
            cx.estimate(say("estimate.dimension_weight", vec![("name", name)]));
        }
    }
    IndustryWeights {
        dimensions: dims,
        indicators: inds,
    }
}

/// The official service-indicator weights of the industry's row for this shop type.
fn service_table(
    cx: &mut Ctx,
    src: &rules::IndustryWeightSource,
    name: &str,
    inds: &mut BTreeMap<String, (f64, bool)>,
) {
    let rows: Vec<&rules::ServiceWeightRow> = rules::service_weight_rows()
        .iter()
        .filter(|r| r.industry == name)
        .collect();
    if src.service_columns.is_empty() || rows.is_empty() {
        return;
    }
    let wanted = cx
        .input
        .shop_type
        .map(|t| src.shop_type_rows.get(&t).copied().unwrap_or(t))
        .map(ShopType::as_str);
    let row = rows
        .iter()
        .find(|r| Some(r.shop_type.as_str()) == wanted)
        .or_else(|| rows.iter().find(|r| r.shop_type == "general"))
        .or_else(|| rows.iter().find(|r| r.shop_type == "non_flagship"))
        .copied();
    let Some(row) = row else { return };
    let key = match wanted {
        Some(w) if w != row.shop_type => Some("shop_type_assumed.no_row"),
        None if row.shop_type != "general" => Some("shop_type_assumed.unset"),
        _ => None,
    };
    if let Some(key) = key {
        cx.say(
            Warning::of(key)
                .subject("shop_type")
                .param("industry", name)
                .param("shop_type", row.shop_type.as_str()),
        );
    }
    for (col, id) in &src.service_columns {
        if let Some(w) = row.weights.get(col) {
            inds.insert(id.clone(), (*w, src.service_columns_estimated));
        }
    }
    if src.service_columns_estimated {
        cx.estimate(say(
            "estimate.service_weights_borrowed",
            vec![("industry", name.into())],
        ));
    }
}

/// The cross-border table: where it gives weights for a dimension's indicators, indicators it
/// does not list weigh 0 (e.g. no pickup indicator for cross-border).
fn crossborder_table(
    src: &rules::IndustryWeightSource,
    name: &str,
    dims: &mut BTreeMap<String, (f64, bool)>,
    inds: &mut BTreeMap<String, (f64, bool)>,
    rs: &rules::RuleSet,
) {
    let Some(version) = &src.crossborder_rule_version else {
        return;
    };
    let Some(row) = rules::crossborder_rows()
        .iter()
        .find(|r| &r.rule_version == version && r.industry == name)
    else {
        return;
    };
    let mut covered_dims = BTreeSet::new();
    for (col, id) in &src.crossborder_columns {
        let Some(w) = row.weights.get(col) else {
            continue;
        };
        if dims.contains_key(id) {
            dims.insert(id.clone(), (*w, false));
        } else if let Some(ind) = rs.indicators.iter().find(|i| &i.id == id) {
            inds.insert(id.clone(), (*w, false));
            covered_dims.insert(ind.dimension.clone());
        }
    }
    for ind in rs
        .indicators
        .iter()
        .filter(|i| covered_dims.contains(&i.dimension))
    {
        let listed = src
            .crossborder_columns
            .iter()
            .any(|(c, id)| id == &ind.id && row.weights.contains_key(c));
        if !listed {
            inds.insert(ind.id.clone(), (0.0, false));
        }
    }
}

/// Indicators a cross-border shop is not assessed on weigh nothing (a value typed for one is
/// said to be left out).
fn not_assessed_for_cross_border(cx: &mut Ctx, inds: &mut BTreeMap<String, (f64, bool)>) {
    let Some(cb) = cx.industry.cross_border else {
        return;
    };
    for id in &cb.not_assessed {
        inds.insert(id.clone(), (0.0, false));
        if cx.input.indicators.contains_key(id) {
            cx.say(
                Warning::of("cross_border.not_assessed")
                    .subject(id.as_str())
                    .param("indicator", id.as_str()),
            );
        }
    }
}

/// Default (unpublished) weights inside a dimension computed from two or more indicators shape
/// its score: mark those indicators estimated and say so once per dimension.
pub(crate) fn label_default_indicator_weights(
    cx: &mut Ctx,
    indicators: &mut [IndicatorScore],
    weights: &IndustryWeights,
) {
    let rs = cx.rs;
    for dim in &rs.dimensions {
        if cx.input.dimensions.contains_key(&dim.id) {
            continue;
        }
        let weight_estimated = |id: &str| {
            weights.indicators.get(id).map(|w| w.1).unwrap_or_else(|| {
                rs.indicators
                    .iter()
                    .any(|r| r.id == id && r.weight_estimated)
            })
        };
        let scored = indicators
            .iter()
            .filter(|i| i.dimension == dim.id && i.score.is_some() && i.weight > 0.0)
            .count();
        if scored < 2 {
            continue;
        }
        let mut any = false;
        for i in indicators.iter_mut().filter(|i| {
            i.dimension == dim.id && i.score.is_some() && i.weight > 0.0 && weight_estimated(&i.id)
        }) {
            i.estimated = true;
            any = true;
        }
        if any {
            let name = text_param(Text::new(&dim.zh, &dim.en));
            cx.estimate(say("estimate.indicator_weights", vec![("name", name)]));
        }
    }
}
