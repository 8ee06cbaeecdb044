//! Rule sets as data: the schema, the embedded JSON files, lookup by id and by date, industry weights.
//!
//! Every rule version is one JSON file in `src/rules/` (embedded with `include_str!`), plus the
//! official weight tables copied verbatim as CSV. Code never branches on a rule-set id: what
//! differs between versions (scales, bands, stage rule, deductions, bonuses, display, tiers,
//! eligibility, dynamic weighting) is a field here. Everything is parsed once (`OnceLock`).

use crate::error::{Error, ErrorCode};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The embedded rule-set files, newest official first (the order `shopscore rules` lists).
const RULE_SET_FILES: &[(&str, &str)] = &[
    ("douyin-2026-09", include_str!("rules/douyin-2026-09.json")),
    ("douyin-2026-07", include_str!("rules/douyin-2026-07.json")),
    ("douyin-2026-05", include_str!("rules/douyin-2026-05.json")),
    (
        "douyin-legacy-5pt",
        include_str!("rules/douyin-legacy-5pt.json"),
    ),
    ("seed-2023-4dim", include_str!("rules/seed-2023-4dim.json")),
    ("koubei-5pt", include_str!("rules/koubei-5pt.json")),
];
/// Eligibility rows several rule sets share (`eligibility_table` names one).
const ELIGIBILITY_TABLES: &[(&str, &str)] = &[(
    "official-100pt",
    include_str!("rules/eligibility-official-100pt.json"),
)];
/// Official per-industry service-indicator weights before/after the 2026-07-14 revision (101 rows).
const SERVICE_WEIGHTS_CSV: &str = include_str!("rules/service-weights-2026-07.csv");
/// Official full weight tables of three cross-border industries.
const CROSSBORDER_WEIGHTS_CSV: &str = include_str!("rules/crossborder-weights.csv");
/// Merchant score → score and stars shown to consumers.
const CONSUMER_DISPLAY_CSV: &str = include_str!("rules/consumer-display.csv");

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Range {
    pub min: f64,
    pub max: f64,
}

/// How an indicator value becomes a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Step bands: the highest band whose threshold the value reaches (2026-05, 2026-07).
    Bands,
    /// Linear interpolation between the reference values (2026-09 and the seed sets: an estimate).
    Interpolate,
}

/// Declares a string-valued choice as an enum serialised as its snake_case name, with
/// `as_str` and `Display` giving that same name.
macro_rules! choice {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant,)+ }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

// Declared after `choice!` so the schema files can use it.
mod eligibility;
pub mod overlay;

pub use eligibility::{
    Category, Condition, EligibilityKind, EligibilityRule, EligibilityTable, GrowthDays, Op, Scope,
    Variant, Window, WindowMode,
};

choice! {
    /// How far a rule set's numbers are the platform's own.
    Confidence {
        /// Every number published.
        Official => "official",
        /// Structure and the numbers marked official are published; the rest are labelled defaults.
        OfficialPartial => "official_partial",
        /// Taken from an article (of uneven accuracy), gaps filled by estimates.
        Seed => "seed",
    }
}

choice! {
    /// The unit an indicator value is in, as the back end shows it.
    Unit {
        /// 0.39 means 0.39 %.
        Percent => "percent",
        Stars => "stars",
        Seconds => "seconds",
        Hours => "hours",
        /// Already a score (揽收时长平均得分).
        Score => "score",
        Points => "points",
    }
}

choice! {
    /// The kind of shop, as the weights tables and the stage rule tell them apart.
    ShopType {
        /// A shop in an industry whose weights do not depend on the shop type.
        General => "general",
        Flagship => "flagship",
        NonFlagship => "non_flagship",
        /// 个人店: no growth stage, the non-flagship weights.
        Personal => "personal",
    }
}

choice! {
    /// Which small-sample rule an indicator follows.
    SmallSampleKind {
        /// Few valid paid orders and few bad cases.
        Orders => "orders",
        /// Few rated manual sessions.
        RatedSessions => "rated_sessions",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherBetter,
    LowerBetter,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::HigherBetter => "higher_better",
            Direction::LowerBetter => "lower_better",
        }
    }
    /// True when `value` is at least as good as `threshold`.
    pub fn reaches(self, value: f64, threshold: f64) -> bool {
        match self {
            Direction::HigherBetter => value >= threshold,
            Direction::LowerBetter => value <= threshold,
        }
    }
}

/// One full rule set (what `rule_set_detail` hands the page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    pub id: String,
    pub zh: String,
    pub en: String,
    /// The documents it is built from (ids the catalogue names by title and date).
    pub sources: Vec<String>,
    /// Built from a draft (公示稿) because the final text in force is not available.
    pub draft: bool,
    pub confidence: Confidence,
    pub in_force_from: Option<String>,
    pub in_force_to: Option<String>,
    /// Whether `as_of` may select this set when no `rule_set` is named.
    pub default_candidate: bool,
    /// Scale of the total (clamped to it).
    pub scale: Range,
    /// Scale of each dimension score (clamped to it).
    pub dimension_scale: Range,
    pub window_days: u32,
    pub method: Method,
    /// The scores of the five bands whose thresholds `bands` lists (e.g. 60, 70, 80, 90, 100).
    pub band_scores: Vec<f64>,
    /// Score below the first band.
    pub floor_score: f64,
    pub dimensions: Vec<DimensionRule>,
    pub indicators: Vec<IndicatorRule>,
    pub industry_weights: Option<IndustryWeightSource>,
    pub stage: Option<StageRule>,
    pub small_sample: Option<SmallSampleRule>,
    pub deductions: Vec<DeductionRule>,
    pub bonuses: Vec<BonusRule>,
    pub consumer_display: Option<ConsumerDisplayRule>,
    pub tiers: Vec<TierRule>,
    /// Eligibility rows of this rule set; a shared table's rows follow them once loaded.
    #[serde(default)]
    pub eligibility: Vec<EligibilityRule>,
    /// A shared eligibility table (`eligibility-<id>.json`) whose rows and categories this rule
    /// set uses.
    #[serde(default)]
    pub eligibility_table: Option<String>,
    /// Categories a user can pick for the eligibility rows' variants.
    #[serde(default)]
    pub categories: Vec<Category>,
    pub dynamic_weighting: Option<DynamicWeighting>,
    /// Industries this rule set renames; both names resolve to the same table row.
    #[serde(default)]
    pub industry_renames: Vec<IndustryRename>,
    /// The structure of cross-border (全球购) shops, where it differs.
    #[serde(default)]
    pub cross_border: Option<CrossBorderRule>,
    /// The published definitions the recomputation from records follows (null for the seed sets).
    #[serde(default)]
    pub record_rules: Option<RecordRules>,
    /// What in this rule set rests on unpublished numbers (copied into each report's `estimates`).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DimensionRule {
    pub id: String,
    pub zh: String,
    pub en: String,
    /// Default weight in percent.
    pub weight: f64,
    pub weight_estimated: bool,
    /// Upper cap of the dimension score (bonuses to a dimension stop here).
    pub cap: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorRule {
    pub id: String,
    pub dimension: String,
    pub zh: String,
    pub en: String,
    pub unit: Unit,
    pub direction: Direction,
    pub population: String,
    /// Default weight in percent inside its dimension.
    pub weight: f64,
    pub weight_estimated: bool,
    /// The value needed for each of `band_scores` (null: that band is unknown and skipped).
    pub bands: Vec<Option<f64>>,
    pub bands_estimated: bool,
    pub bands_source: String,
    /// Range and step of the page's slider for this indicator.
    pub slider: Slider,
    /// Which small-sample rule applies, if any.
    pub small_sample: Option<SmallSampleKind>,
    /// True when the value already is a score (揽收时长平均得分 is an average of per-order scores).
    pub value_is_score: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Slider {
    pub min: f64,
    pub max: f64,
    pub step: f64,
}

/// Which official tables supply weights for this rule set, and how their columns map to ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndustryWeightSource {
    /// Column of `service-weights-2026-07.csv` → service indicator id.
    pub service_columns: BTreeMap<String, String>,
    /// True when the table is used as a default outside the version it was published for.
    #[serde(default)]
    pub service_columns_estimated: bool,
    /// `rule_version` rows of `crossborder-weights.csv` to use.
    pub crossborder_rule_version: Option<String>,
    /// Column of `crossborder-weights.csv` → dimension or indicator id.
    pub crossborder_columns: BTreeMap<String, String>,
    /// Shop types the table has no rows for, and the row type they use instead.
    #[serde(default)]
    pub shop_type_rows: BTreeMap<ShopType, ShopType>,
}

/// An industry renamed by a rule set (the tables keep the `old` name).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndustryRename {
    pub old: String,
    pub new: String,
}

/// Cross-border (全球购) shops: their industries, the indicators not assessed for them, and the
/// only bonuses they can earn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossBorderRule {
    pub industries: Vec<String>,
    /// Indicator ids that weigh nothing for these shops.
    pub not_assessed: Vec<String>,
    /// Bonus ids these shops can earn (the others do not apply).
    pub bonuses: Vec<String>,
}

/// Published numbers of the indicator definitions that matter when indicators are recomputed
/// from the shop's records (RULES.md §2–§3). None of them is an estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordRules {
    /// 商品差评: a product rating of at most this many stars (1★ or 2★; 3★ is not 差评).
    pub product_bad_rating_max_stars: u8,
    /// 飞鸽 "不满意": a session rated at most this many stars (1–3★).
    pub feige_dissatisfied_max_stars: u8,
    /// The per-order pickup score of a fraudulently shipped or abnormal-track-compensated order
    /// (揽收时长平均得分), and the floor of the per-order scores.
    pub pickup_score_floor: f64,
    /// Such orders count as missed in the pickup and delivery on-time rates.
    pub fraud_and_abnormal_track_count_as_missed: bool,
    /// An unanswered Feige round counts this many seconds (10 minutes).
    pub unanswered_round_seconds: f64,
    /// Industries whose in-stock orders have 48 hours to be picked up (instead of the day after
    /// payment), and whether QIC quality-check orders do too.
    pub pickup_48h_industries: Vec<String>,
    pub pickup_48h_qic_orders: bool,
}

/// Growth stage: fewer than `min_orders` valid paid orders → a flat score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageRule {
    pub min_orders: f64,
    pub growth_score: f64,
    pub growth_penalised_score: f64,
    /// Events that lower the growth score (any count > 0 or flag true).
    pub penalising_events: Vec<String>,
    /// Shop types that have no growth stage: under `min_orders` they get the formal formula.
    #[serde(default)]
    pub no_growth_stage_for: Vec<ShopType>,
    /// 出分任务: what a shop needs for a score to be given at all.
    #[serde(default)]
    pub score_task: Option<ScoreTask>,
}

/// 出分任务: a shop open at most `new_shop_max_days` needs `min_products_on_sale`; an older one
/// also `min_orders_older_shop` valid paid orders in the window. Otherwise: no score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreTask {
    pub new_shop_max_days: f64,
    pub min_products_on_sale: f64,
    pub min_orders_older_shop: f64,
}

/// The small-sample rule: a banded indicator is set to `score` when the sample is too small.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmallSampleRule {
    pub score: f64,
    pub orders_big_ticket: f64,
    pub orders_other: f64,
    pub max_bad_count: f64,
    pub max_rated_sessions: f64,
    /// Flagship stores use the big-ticket order threshold in every industry.
    pub flagship_uses_big_ticket: bool,
    /// The industries of the < `orders_big_ticket` group (published in full).
    pub big_ticket_industries: Vec<String>,
}

/// A deduction bucket: `per_case` points for each case of any of `events`, at most `cap` in the window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeductionRule {
    pub id: String,
    pub zh: String,
    pub en: String,
    pub events: Vec<String>,
    pub per_case: f64,
    /// At most this many points in the window; null where no cap is published.
    pub cap: Option<f64>,
    /// The last day (`YYYY-MM-DD`) the deduction applies, where a notice ended it inside the
    /// rule set's period; null: the whole period.
    #[serde(default)]
    pub in_force_to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BonusRule {
    pub id: String,
    pub zh: String,
    pub en: String,
    /// The input event that drives it.
    pub event: String,
    pub condition: BonusCondition,
    /// Points, at most once per window.
    pub points: f64,
    /// Dimension the points go to (capped at its cap), or null for the total.
    pub dimension: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum BonusCondition {
    /// The event is `true` (or a count ≥ 1).
    Flag,
    /// The event is a percentage ≥ `min`.
    ShareMin { min: f64 },
    /// The event is `{orders, share}` with orders ≥ `min_orders` and share ≥ `min_share`.
    Installation { min_orders: f64, min_share: f64 },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsumerDisplayRule {
    /// The table file (always `consumer-display.csv` today).
    pub table: String,
    /// Score shown for any merchant score from 0 to 50 (3.0 from 2026-09).
    pub zero_to_fifty: f64,
    /// The growth-stage score is not shown to consumers.
    pub not_in_growth: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierRule {
    pub id: String,
    pub zh: String,
    pub en: String,
    /// The tier applies from this total upwards (the highest `min` not above the total wins).
    pub min: f64,
    pub estimated: bool,
}

/// Seed 000: an indicator falling more than `drop_percent` for `days` days in a row makes its
/// dimension weigh `multiplier` times as much (weights then renormalised to 100).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DynamicWeighting {
    pub drop_percent: f64,
    pub days: u32,
    pub multiplier: f64,
}

/// One line of `shopscore rules`: what a user picks from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleSetSummary {
    pub id: String,
    pub zh: String,
    pub en: String,
    /// Document ids (`report::words::documents` names them).
    pub sources: Vec<String>,
    /// Built from a draft, not the final text in force.
    pub draft: bool,
    pub confidence: Confidence,
    pub in_force_from: Option<String>,
    pub in_force_to: Option<String>,
    pub scale_min: f64,
    pub scale_max: f64,
}

/// An industry of the official weights table and the shop types it distinguishes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Industry {
    pub name: String,
    pub shop_types: Vec<String>,
}

/// One row of the official service weights table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceWeightRow {
    pub industry: String,
    pub shop_type: String,
    /// Column name → weight in percent.
    pub weights: BTreeMap<String, f64>,
}

/// One row of the cross-border table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossborderRow {
    pub rule_version: String,
    pub industry: String,
    /// Column name → weight in percent (empty cells left out).
    pub weights: BTreeMap<String, f64>,
}

/// One row of the consumer-display table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DisplayRow {
    pub min: f64,
    pub max: f64,
    pub shown: f64,
    pub stars: f64,
}

/// Everything parsed once.
struct Catalogue {
    rule_sets: Vec<RuleSet>,
    service_weights: Vec<ServiceWeightRow>,
    crossborder: Vec<CrossborderRow>,
    display: Vec<DisplayRow>,
}

static CATALOGUE: OnceLock<Result<Catalogue, String>> = OnceLock::new();

fn catalogue() -> Result<&'static Catalogue, Error> {
    CATALOGUE.get_or_init(load).as_ref().map_err(|e| {
        Error::new(
            ErrorCode::Internal,
            format!("embedded rule data failed to load: {e}"),
        )
    })
}

fn load() -> Result<Catalogue, String> {
    let mut rule_sets = Vec::new();
    for (id, text) in RULE_SET_FILES {
        let rs: RuleSet = serde_json::from_str(text).map_err(|e| format!("{id}.json: {e}"))?;
        if rs.id != *id {
            return Err(format!("{id}.json declares id {}", rs.id));
        }
        if rs.band_scores.len() != 5 || rs.indicators.iter().any(|i| i.bands.len() != 5) {
            return Err(format!("{id}.json: bands need exactly five entries"));
        }
        let mut rs = rs;
        if let Some(table) = &rs.eligibility_table {
            let (_, text) = ELIGIBILITY_TABLES
                .iter()
                .find(|(t, _)| t == table)
                .ok_or_else(|| format!("{id}.json: no eligibility table {table}"))?;
            let table: EligibilityTable =
                serde_json::from_str(text).map_err(|e| format!("eligibility-{table}.json: {e}"))?;
            rs.eligibility.extend(table.rows);
            rs.categories.extend(table.categories);
        }
        rule_sets.push(rs);
    }
    Ok(Catalogue {
        rule_sets,
        service_weights: parse_service_weights()?,
        crossborder: parse_crossborder()?,
        display: parse_display()?,
    })
}

fn csv_rows(text: &str) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| e.to_string())?
        .iter()
        .map(str::to_string)
        .collect();
    let mut rows = Vec::new();
    for rec in reader.records() {
        rows.push(
            rec.map_err(|e| e.to_string())?
                .iter()
                .map(|c| c.trim().to_string())
                .collect(),
        );
    }
    Ok((headers, rows))
}

/// The weight columns of a weights-table row (every column after the two key columns),
/// header → number; an empty cell means "not published" and is left out.
fn numeric_cells(
    headers: &[String],
    row: &[String],
    context: &str,
) -> Result<BTreeMap<String, f64>, String> {
    let mut weights = BTreeMap::new();
    for (h, c) in headers.iter().zip(row).skip(2) {
        if !c.is_empty() {
            let value = c.parse::<f64>().map_err(|e| format!("{context}: {e}"))?;
            weights.insert(h.clone(), value);
        }
    }
    Ok(weights)
}

fn parse_service_weights() -> Result<Vec<ServiceWeightRow>, String> {
    let (headers, rows) = csv_rows(SERVICE_WEIGHTS_CSV)?;
    rows.into_iter()
        .map(|r| {
            let weights = numeric_cells(&headers, &r, &format!("service weights {}", r[0]))?;
            Ok(ServiceWeightRow {
                industry: r[0].clone(),
                shop_type: r[1].clone(),
                weights,
            })
        })
        .collect()
}

fn parse_crossborder() -> Result<Vec<CrossborderRow>, String> {
    let (headers, rows) = csv_rows(CROSSBORDER_WEIGHTS_CSV)?;
    rows.into_iter()
        .map(|r| {
            let weights = numeric_cells(&headers, &r, &format!("crossborder {}", r[1]))?;
            Ok(CrossborderRow {
                rule_version: r[0].clone(),
                industry: r[1].clone(),
                weights,
            })
        })
        .collect()
}

fn parse_display() -> Result<Vec<DisplayRow>, String> {
    let (_, rows) = csv_rows(CONSUMER_DISPLAY_CSV)?;
    rows.into_iter()
        .map(|r| {
            let n = |i: usize| {
                r[i].parse::<f64>()
                    .map_err(|e| format!("consumer display: {e}"))
            };
            Ok(DisplayRow {
                min: n(0)?,
                max: n(1)?,
                shown: n(2)?,
                stars: n(3)?,
            })
        })
        .collect()
}

/// All rule sets, fully parsed.
pub fn all() -> Result<&'static [RuleSet], Error> {
    Ok(&catalogue()?.rule_sets)
}

/// The rule sets a user can pick from.
pub fn rule_sets() -> Vec<RuleSetSummary> {
    all()
        .unwrap_or(&[])
        .iter()
        .map(|r| RuleSetSummary {
            id: r.id.clone(),
            zh: r.zh.clone(),
            en: r.en.clone(),
            sources: r.sources.clone(),
            draft: r.draft,
            confidence: r.confidence,
            in_force_from: r.in_force_from.clone(),
            in_force_to: r.in_force_to.clone(),
            scale_min: r.scale.min,
            scale_max: r.scale.max,
        })
        .collect()
}

/// The full rule set for the page (bands, sliders, weights, rules), or `unknown_rule_set`.
pub fn rule_set_detail(id: &str) -> Result<&'static RuleSet, Error> {
    all()?.iter().find(|r| r.id == id).ok_or_else(|| {
        let known: Vec<&str> = RULE_SET_FILES.iter().map(|(id, _)| *id).collect();
        Error::field(
            ErrorCode::UnknownRuleSet,
            "rule_set",
            format!("unknown rule set {id:?}; known: {}", known.join(", ")),
        )
    })
}

/// Industries of the official weight tables, with the shop types each distinguishes.
pub fn industries() -> Vec<Industry> {
    let Ok(cat) = catalogue() else {
        return Vec::new();
    };
    let mut out: Vec<Industry> = Vec::new();
    let names = cat
        .service_weights
        .iter()
        .map(|r| (r.industry.clone(), r.shop_type.clone()))
        .chain(
            cat.crossborder
                .iter()
                .map(|r| (r.industry.clone(), "general".to_string())),
        );
    for (name, shop_type) in names {
        match out.iter_mut().find(|i| i.name == name) {
            Some(i) if !i.shop_types.contains(&shop_type) => i.shop_types.push(shop_type),
            Some(_) => {}
            None => out.push(Industry {
                name,
                shop_types: vec![shop_type],
            }),
        }
    }
    // A rule set's new name for an industry is offered too, with the old name's shop types.
    let renames = cat.rule_sets.iter().flat_map(|r| &r.industry_renames);
    for rename in renames {
        let known = out.iter().any(|i| i.name == rename.new);
        if let (false, Some(old)) = (known, out.iter().find(|i| i.name == rename.old)) {
            let shop_types = old.shop_types.clone();
            out.push(Industry {
                name: rename.new.clone(),
                shop_types,
            });
        }
    }
    out
}

/// The official service weights table (all rows).
pub fn service_weight_rows() -> &'static [ServiceWeightRow] {
    catalogue()
        .map(|c| c.service_weights.as_slice())
        .unwrap_or(&[])
}

/// The official cross-border table (all rows).
pub fn crossborder_rows() -> &'static [CrossborderRow] {
    catalogue().map(|c| c.crossborder.as_slice()).unwrap_or(&[])
}

/// The consumer-display table.
pub fn display_rows() -> &'static [DisplayRow] {
    catalogue().map(|c| c.display.as_slice()).unwrap_or(&[])
}

/// Whether `name` is an industry of the official tables (a rule set's new name for one is
/// resolved to the table's name first).
pub fn is_known_industry(name: &str) -> bool {
    service_weight_rows().iter().any(|r| r.industry == name)
        || crossborder_rows().iter().any(|r| r.industry == name)
}

/// The rule set to use: the named one, else the one in force on `as_of` (a `YYYY-MM-DD` already
/// validated), else the newest. Returns whether the date fell between versions (a guess).
pub fn select(id: Option<&str>, as_of: Option<&str>) -> Result<(&'static RuleSet, bool), Error> {
    if let Some(id) = id {
        return Ok((rule_set_detail(id)?, false));
    }
    let sets = all()?;
    let candidates = sets.iter().filter(|r| r.default_candidate);
    let Some(date) = as_of else {
        let newest = candidates.max_by(|a, b| a.in_force_from.cmp(&b.in_force_from));
        return newest
            .map(|r| (r, false))
            .ok_or_else(|| Error::new(ErrorCode::Internal, "no default rule set"));
    };
    let in_force = |r: &&RuleSet| {
        r.in_force_from.as_deref().is_none_or(|f| f <= date)
            && r.in_force_to.as_deref().is_none_or(|t| date <= t)
    };
    if let Some(r) = candidates.clone().find(in_force) {
        return Ok((r, false));
    }
    // Between two versions: the next one. A gap means the rules of that time are not modelled,
    // and the later version is the closer kin (the 100-point system ran before its 2026-05
    // revision; early-2026 back-end pages show 100-point bands, example-bands.csv).
    let next = candidates
        .clone()
        .filter(|r| r.in_force_from.as_deref().is_some_and(|f| date < f))
        .min_by(|a, b| a.in_force_from.cmp(&b.in_force_from));
    let earlier_exists = candidates
        .clone()
        .any(|r| r.in_force_to.as_deref().is_some_and(|t| t < date));
    if let (Some(r), true) = (next, earlier_exists) {
        return Ok((r, true));
    }
    // Before or after every version modelled: the one whose in-force period is nearest.
    let distance = |r: &RuleSet| -> i64 {
        let d = day_number(date).unwrap_or(0);
        let from = r
            .in_force_from
            .as_deref()
            .and_then(day_number)
            .unwrap_or(i64::MIN / 4);
        let to = r
            .in_force_to
            .as_deref()
            .and_then(day_number)
            .unwrap_or(i64::MAX / 4);
        if d < from {
            from - d
        } else if d > to {
            d - to
        } else {
            0
        }
    };
    candidates
        .min_by_key(|r| distance(r))
        .map(|r| (r, true))
        .ok_or_else(|| Error::new(ErrorCode::Internal, "no default rule set"))
}

/// The `YYYY-MM-DD` date of a day number (the inverse of [`day_number`]).
pub fn date_of_day_number(z: i64) -> String {
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 0000-03-01 for a valid `YYYY-MM-DD`, None otherwise (also the date validator).
pub fn day_number(date: &str) -> Option<i64> {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |s: &str| {
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse::<i64>().ok())
            .flatten()
    };
    let (y, m, d) = (num(&date[0..4])?, num(&date[5..7])?, num(&date[8..10])?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month[(m - 1) as usize] {
        return None;
    }
    // Civil-from-days inverse (Howard Hinnant's algorithm).
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146097 + doe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_rule_sets_load() {
        let sets = all().expect("embedded rule sets parse");
        assert_eq!(sets.len(), 6);
        assert_eq!(service_weight_rows().len(), 101);
        assert_eq!(crossborder_rows().len(), 6);
        assert_eq!(display_rows().len(), 21);
    }

    #[test]
    fn as_of_selects_the_version_in_force() {
        assert_eq!(
            select(None, Some("2026-08-01")).unwrap().0.id,
            "douyin-2026-07"
        );
        assert_eq!(
            select(None, Some("2026-09-08")).unwrap().0.id,
            "douyin-2026-09"
        );
        assert_eq!(
            select(None, Some("2026-05-07")).unwrap().0.id,
            "douyin-2026-05"
        );
        assert_eq!(select(None, None).unwrap().0.id, "douyin-2026-09");
        assert!(select(None, Some("2026-04-20")).unwrap().1);
        assert_eq!(
            select(None, Some("2023-05-01")).unwrap(),
            (rule_set_detail("douyin-legacy-5pt").unwrap(), false)
        );
        assert_eq!(
            select(Some("koubei-5pt"), Some("2026-08-01")).unwrap().0.id,
            "koubei-5pt"
        );
        assert_eq!(
            select(Some("nope"), None).unwrap_err().code,
            ErrorCode::UnknownRuleSet
        );
    }

    #[test]
    fn day_numbers_round_trip() {
        for date in [
            "2026-02-28",
            "2026-03-01",
            "2024-02-29",
            "2000-01-01",
            "2026-12-31",
        ] {
            assert_eq!(date_of_day_number(day_number(date).unwrap()), date);
        }
    }

    #[test]
    fn dates_are_validated() {
        assert!(day_number("2026-02-29").is_none());
        assert!(day_number("2024-02-29").is_some());
        assert!(day_number("2026-13-01").is_none());
        assert!(day_number("26-01-01").is_none());
        assert_eq!(
            day_number("2026-03-01").unwrap() - day_number("2026-02-28").unwrap(),
            1
        );
    }
}
