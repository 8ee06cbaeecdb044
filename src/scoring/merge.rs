//! What-if input: a base input with overrides laid over it (the page's sliders, `simulate`).

use crate::input::{IndicatorInput, ShopInput};

/// `base` with `overrides` laid over it: map entries replace, fields given win. An indicator
/// override that gives a `value` and no `score` drops the base's typed score, so a value
/// slider always takes effect.
pub fn merge(base: &ShopInput, overrides: &ShopInput) -> ShopInput {
    let mut m = base.clone();
    let o = overrides;
    macro_rules! take {
        ($($f:ident),*) => { $( if o.$f.is_some() { m.$f = o.$f.clone(); } )* };
    }
    take!(
        rule_set,
        as_of,
        industry,
        shop_type,
        valid_paid_orders_30d,
        shop_age_days,
        products_on_sale,
        calibration
    );
    if !o.categories.is_empty() {
        m.categories = o.categories.clone();
    }
    m.dimensions
        .extend(o.dimensions.iter().map(|(k, v)| (k.clone(), *v)));
    for (id, oi) in &o.indicators {
        let entry = m.indicators.entry(id.clone()).or_default();
        if oi.value.is_some() && oi.score.is_none() {
            entry.score = None;
        }
        let IndicatorInput {
            value,
            score,
            bad_count,
            base_count,
        } = oi.clone();
        entry.value = value.or(entry.value);
        entry.score = score.or(entry.score);
        entry.bad_count = bad_count.or(entry.bad_count);
        entry.base_count = base_count.or(entry.base_count);
    }
    m.events
        .extend(o.events.iter().map(|(k, v)| (k.clone(), v.clone())));
    m.bands
        .extend(o.bands.iter().map(|(k, v)| (k.clone(), v.clone())));
    m.weights
        .dimensions
        .extend(o.weights.dimensions.iter().map(|(k, v)| (k.clone(), *v)));
    m.weights
        .indicators
        .extend(o.weights.indicators.iter().map(|(k, v)| (k.clone(), *v)));
    m.history
        .extend(o.history.iter().map(|(k, v)| (k.clone(), v.clone())));
    if o.options.consumer_rounding.is_some() {
        m.options.consumer_rounding = o.options.consumer_rounding;
    }
    m.options.skip_advice = base.options.skip_advice || o.options.skip_advice;
    m
}
