//! From a calibration to the overlay scoring uses and users share (`rules::overlay`): what was
//! learnt with its evidence in figures (readings used, largest residual), never the readings,
//! their rows or their residuals one by one.

use super::bands::BandFit;
use super::weights::WeightFit;
use super::Calibration;
use crate::rules::overlay::{
    BandOverlay, MappingModel, Overlay, OverlayEvidence, WeightsOverlay, FORMAT, VERSION,
};
use crate::rules::ShopType;
use crate::sorting::CollectMap;

impl Calibration {
    /// The overlay named `name` for `industry` and `shop_type` (as the readings' shop is).
    pub fn overlay(
        &self,
        name: &str,
        industry: Option<&str>,
        shop_type: Option<ShopType>,
    ) -> Overlay {
        let fits = &self.fits;
        Overlay {
            format: FORMAT.into(),
            version: VERSION,
            name: name.into(),
            rule_set: self.rule_set.clone(),
            industry: industry.map(str::to_string),
            shop_type,
            from: self.readings.from.clone(),
            to: self.readings.to.clone(),
            dimension_weights: fits.dimension_weights.as_ref().map(weights),
            indicator_weights: fits
                .indicator_weights
                .iter()
                .map(|(dim, fit)| (dim.clone(), weights(fit)))
                .collect_map(),
            bands: fits
                .bands
                .iter()
                .filter_map(|(id, fit)| bands(fit).map(|b| (id.clone(), b)))
                .collect_map(),
            mapping: fits
                .mapping
                .iter()
                .filter(|(_, fit)| fit.usable)
                .map(|(dim, fit)| {
                    let model = MappingModel {
                        evidence: Some(OverlayEvidence {
                            readings: fit.evidence.readings_used,
                            residual_max: fit.evidence.residual_max,
                        }),
                        ..fit.model.clone()
                    };
                    (dim.clone(), model)
                })
                .collect_map(),
        }
    }
}

fn weights(fit: &WeightFit) -> WeightsOverlay {
    WeightsOverlay {
        weights: fit.weights.clone(),
        ranges: fit.ranges.clone(),
        determined: fit.determined,
        evidence: OverlayEvidence {
            readings: fit.evidence.readings_used,
            residual_max: fit.evidence.residual_max,
        },
    }
}

/// Every band with a threshold (they come as a set that gets stricter band by band, so none is
/// left out); `None` when no band has one.
fn bands(fit: &[BandFit]) -> Option<Vec<BandOverlay>> {
    let bands: Vec<BandOverlay> = fit
        .iter()
        .filter_map(|b| {
            Some(BandOverlay {
                score: b.score,
                threshold: b.threshold?,
                threshold_min: b.threshold_min,
                threshold_max: b.threshold_max,
                evidence: OverlayEvidence {
                    readings: b.readings_used,
                    residual_max: b.residual_max,
                },
            })
        })
        .collect();
    (!bands.is_empty()).then_some(bands)
}
