//! The calibration commands of the CLI: `template readings`, `score … --calibration CAL.json`
//! (and `calibrate READINGS.csv`, below).

use super::Fail;
use shopscore::input::ShopInput;
use shopscore::rules::overlay::Overlay;

/// `score … --calibration CAL.json`: the overlay file (`calibrate --save`), or the whole
/// output of `calibrate --format json`, whose `overlay` it takes.
pub fn apply(input: &mut ShopInput, path: Option<&String>) -> Result<(), Fail> {
    let Some(path) = path else {
        return Ok(());
    };
    let text = std::fs::read_to_string(path).map_err(|e| Fail(2, format!("{path}: {e}")))?;
    let overlay_text = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| {
            v.get("overlay")
                .filter(|o| o.is_object())
                .map(|o| o.to_string())
        })
        .unwrap_or(text);
    let overlay = Overlay::parse(&overlay_text).map_err(|e| Fail(2, format!("{path}: {e}")))?;
    input.calibration = Some(overlay);
    Ok(())
}

/// `template readings [--rules ID]`: the readings table's header row for the rule set (the
/// newest by default).
pub fn template(rules: Option<&str>) -> Result<String, Fail> {
    let (rs, _) = shopscore::rules::select(rules, None)?;
    Ok(shopscore::calibration::template(rs))
}
