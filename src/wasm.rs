//! The one wasm-bindgen file: thin bindings over the core's own types, errors mapped once.
//!
//! Every function takes plain JS values (objects, strings) and returns plain JS values built
//! by one serializer setting, so the page sees exactly the JSON the CLI prints: maps as
//! objects, `None` as `null`. Every failure becomes one kind of thrown JS `Error` carrying
//! the core's stable `code` (and `field` where there is one), so the page can match on codes
//! instead of message text.

use crate::{Error, ErrorCode, ShopInput};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// JSON-compatible output: maps become plain objects (not `Map`), `None` becomes `null`
/// (not `undefined`), so `JSON.stringify(report)` equals the CLI's report JSON.
const SERIALIZER: serde_wasm_bindgen::Serializer = serde_wasm_bindgen::Serializer::json_compatible();

/// The single place a core `Error` becomes a JS exception: an `Error` whose `message` is
/// the human text and whose `code` / `field` are the stable, matchable parts.
fn to_js_error(error: &Error) -> JsValue {
    let js_error = js_sys::Error::new(&error.to_string());
    js_error.set_name("ShopscoreError");
    let field = match &error.field {
        Some(field) => JsValue::from_str(field),
        None => JsValue::NULL,
    };
    // Reflect::set on a fresh Error object cannot fail (it is extensible and has no setters).
    let _ = js_sys::Reflect::set(&js_error, &JsValue::from_str("code"), &JsValue::from_str(error.code.as_str()));
    let _ = js_sys::Reflect::set(&js_error, &JsValue::from_str("field"), &field);
    js_error.into()
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value.serialize(&SERIALIZER).map_err(|e| {
        // Our own output failed to serialise: a bug on our side, never the user's.
        to_js_error(&Error::new(ErrorCode::Internal, format!("could not serialise the result: {e}")))
    })
}

/// Reads a JS object into the documented input shape, through the core's own `parse_input`,
/// so the page gets exactly the CLI's checks and messages (and the offending `field`).
///
/// Why not `serde_wasm_bindgen::from_value::<ShopInput>` directly: serde-wasm-bindgen reads a
/// struct by asking for its known fields only, so `deny_unknown_fields` never fires and a
/// misspelt field would be dropped silently. Walking the whole object into a JSON value first
/// keeps every key.
fn input_from_js(value: JsValue, what: &str) -> Result<ShopInput, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Err(to_js_error(&Error::new(ErrorCode::BadInput, format!("{what}: expected an input object, found nothing"))));
    }
    let json: serde_json::Value = serde_wasm_bindgen::from_value(value)
        .map_err(|e| to_js_error(&Error::new(ErrorCode::BadInput, format!("{what}: {e}"))))?;
    let text = serde_json::to_string(&json)
        .map_err(|e| to_js_error(&Error::new(ErrorCode::BadInput, format!("{what}: {e}"))))?;
    crate::input::parse_input(&text).map_err(|e| to_js_error(&e))
}

fn core<T: Serialize>(result: Result<T, Error>) -> Result<JsValue, JsValue> {
    match result {
        Ok(value) => to_js(&value),
        Err(error) => Err(to_js_error(&error)),
    }
}

/// Score a shop (the input JSON as a JS object) → the report object.
#[wasm_bindgen]
pub fn score(input: JsValue) -> Result<JsValue, JsValue> {
    let input = input_from_js(input, "input")?;
    core(crate::score(&input))
}

/// Re-score `base` with `overrides` laid over it (the what-if sliders) → the report object.
#[wasm_bindgen]
pub fn simulate(base: JsValue, overrides: JsValue) -> Result<JsValue, JsValue> {
    let base = input_from_js(base, "base")?;
    let overrides = input_from_js(overrides, "overrides")?;
    core(crate::simulate(&base, &overrides))
}

/// The rule sets a user can pick from, with sources and confidence.
#[wasm_bindgen]
pub fn rule_sets() -> Result<JsValue, JsValue> {
    to_js(&crate::rule_sets())
}

/// The full rule set `id` (bands, slider ranges, weights, names) for the page, or
/// `unknown_rule_set`.
#[wasm_bindgen]
pub fn rule_set_detail(id: &str) -> Result<JsValue, JsValue> {
    core(crate::rules::rule_set_detail(id))
}

/// The advice playbook (actions per indicator, dimension and event, zh/en).
#[wasm_bindgen]
pub fn playbook() -> Result<JsValue, JsValue> {
    to_js(crate::advice::playbook())
}

/// The industries of the official weights table and the shop types each distinguishes.
#[wasm_bindgen]
pub fn industries() -> Result<JsValue, JsValue> {
    to_js(&crate::industries())
}

/// The built-in demo shop (an input object) the page opens on.
#[wasm_bindgen]
pub fn demo_input() -> Result<JsValue, JsValue> {
    to_js(&crate::demo_input())
}

/// The crate version, for the page footer and bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[cfg(test)]
#[path = "../tests/wasm/bindings.rs"]
mod tests;
