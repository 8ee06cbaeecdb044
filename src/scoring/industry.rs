//! The shop's industry as the rule set knows it: the row of the official tables it reads
//! (an industry renamed by the rule set resolves under both names), and whether it is a
//! cross-border (全球购) industry with its own structure.

use super::context::Ctx;
use crate::messages::Warning;
use crate::rules::{self, CrossBorderRule};

/// The industry resolved for one rule set.
#[derive(Debug, Clone, Default)]
pub(crate) struct ShopIndustry {
    /// The industry's name in the official tables (and in the rule data's lists), if any was given.
    pub row: Option<String>,
    /// The cross-border structure, when the rule set has one and the industry is cross-border.
    pub cross_border: Option<&'static CrossBorderRule>,
}

pub(crate) fn resolve(cx: &mut Ctx) -> ShopIndustry {
    let Some(typed) = cx.input.industry.clone() else {
        return ShopIndustry::default();
    };
    let row = table_row(cx, &typed);
    let cross_border = cx
        .rs
        .cross_border
        .as_ref()
        .filter(|cb| cb.industries.contains(&row));
    ShopIndustry {
        row: Some(row),
        cross_border,
    }
}

/// The table row of `typed`, saying so when a rename is involved.
fn table_row(cx: &mut Ctx, typed: &str) -> String {
    // Renamed by this rule set: the new name is the current one; the old one still resolves.
    if let Some(rename) = cx.rs.industry_renames.iter().find(|r| r.new == typed) {
        return rename.old.clone();
    }
    if let Some(rename) = cx.rs.industry_renames.iter().find(|r| r.old == typed) {
        cx.say(
            Warning::of("industry_renamed.old_name")
                .subject("industry")
                .param("industry", typed)
                .param("new_name", rename.new.as_str()),
        );
        return rename.old.clone();
    }
    // A name a later rule set introduced, used under an earlier one.
    let later = rules::all().unwrap_or(&[]).iter().find_map(|rs| {
        rs.industry_renames
            .iter()
            .find(|r| r.new == typed)
            .map(|r| (r, rs.in_force_from.clone()))
    });
    if let Some((rename, from)) = later {
        cx.say(
            Warning::of("industry_renamed.new_name_earlier")
                .subject("industry")
                .param("industry", typed)
                .param("old_name", rename.old.as_str())
                .param("date", from.unwrap_or_default()),
        );
        return rename.old.clone();
    }
    typed.to_string()
}
