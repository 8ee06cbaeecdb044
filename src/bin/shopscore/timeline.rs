//! `shopscore history …` (the score over time: JSON or CSV) and `shopscore plan …` (the fewest
//! changes to a target: JSON or text), over typed input, the shop's files, or the demo.

use super::files::is_input_json;
use super::{file_options, json, parse_opts, read_text, stream_file, usage_error, Fail, Opts};
use shopscore::advice::planner::{self, Plan};
use shopscore::input::{parse_input, ShopInput};
use shopscore::messages::{render_param, Lang, Text};
use shopscore::pipeline::Shop;
use shopscore::timeline::{self, Request};

/// Flags every file-reading command takes (passed on to the shared parser).
const COMMON: &[&str] = &[
    "--rules",
    "--industry",
    "--shop-type",
    "--values",
    "--as-of",
    "--map",
    "--sheet",
];

/// `history FILES…|INPUT.json|--demo [--values INPUT.json] [--as-of DATE] [--rules ID]
/// [--days N] [--format json|csv] [--lang zh|en]`.
pub fn history(args: &[String]) -> Result<String, Fail> {
    let (own, rest) = split(args, &["--format", "--days", "--lang"], &["--demo"])?;
    let o = parse_opts(&rest, COMMON)?;
    let days = match own.value("--days") {
        None => timeline::DEFAULT_DAYS,
        Some(n) => n
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=3650).contains(n))
            .ok_or_else(|| usage_error(format!("--days takes a number of days, not {n:?}")))?,
    };
    let csv = match own.value("--format") {
        None | Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(usage_error(format!(
                "history --format json|csv, not {other:?}"
            )))
        }
    };
    let lang = lang(own.value("--lang"))?;
    let files: Vec<&String> = o.positional.iter().filter(|p| !is_input_json(p)).collect();
    let demo = own.flag("--demo");
    if demo && !files.is_empty() {
        return Err(usage_error("history --demo takes no files"));
    }
    let typed = typed_input(&o, demo.then(shopscore::demo_input))?;
    let result = if !files.is_empty() {
        let mut shop = read_files(&o, &files)?;
        shop.timeline(&typed, o.as_of.as_deref(), o.rules.as_deref(), days)?
    } else {
        let demo_days = demo.then(shopscore::demo::demo_days);
        if !demo && typed == ShopInput::default() {
            return Err(usage_error(
                "history needs the shop's files, an INPUT.json with its history, or --demo",
            ));
        }
        timeline::timeline(&Request {
            typed: &typed,
            aggregates: demo_days.as_ref(),
            rule_set: o.rules.as_deref(),
            as_of: o.as_of.as_deref(),
            days,
        })?
    };
    if csv {
        Ok(timeline::history_csv(&result, lang))
    } else {
        json(&result)
    }
}

/// `plan INPUT.json|FILES…|--demo --target 80|TIER|ELIGIBILITY_ID [--values INPUT.json]
/// [--as-of DATE] [--rules ID] [--format json|text]`.
pub fn plan(args: &[String]) -> Result<String, Fail> {
    let (own, rest) = split(args, &["--target", "--format"], &["--demo"])?;
    let o = parse_opts(&rest, COMMON)?;
    let Some(target) = own.value("--target") else {
        return Err(usage_error("plan needs --target 80|TIER|ELIGIBILITY_ID"));
    };
    let text = match own.value("--format") {
        None | Some("json") => false,
        Some("text") => true,
        Some(other) => {
            return Err(usage_error(format!(
                "plan --format json|text, not {other:?}"
            )))
        }
    };
    let files: Vec<&String> = o.positional.iter().filter(|p| !is_input_json(p)).collect();
    let demo = own.flag("--demo");
    let typed = typed_input(&o, demo.then(shopscore::demo_input))?;
    let plan = if files.is_empty() {
        if !demo && typed == ShopInput::default() {
            return Err(usage_error(
                "plan needs INPUT.json, the shop's files, or --demo",
            ));
        }
        planner::plan(&typed, target)?
    } else {
        read_files(&o, &files)?.plan(&typed, target, o.as_of.as_deref(), o.rules.as_deref())?
    };
    if text {
        Ok(plan_text(&plan))
    } else {
        json(&plan)
    }
}

/// The command's own flags taken out of `args` (`valued` take a value, `bare` none); the rest
/// go to the shared parser.
struct Own(Vec<(String, Option<String>)>);

impl Own {
    fn value(&self, flag: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == flag)
            .and_then(|(_, v)| v.as_deref())
    }
    fn flag(&self, flag: &str) -> bool {
        self.0.iter().any(|(f, _)| f == flag)
    }
}

fn split(args: &[String], valued: &[&str], bare: &[&str]) -> Result<(Own, Vec<String>), Fail> {
    let mut own = Vec::new();
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if valued.contains(&a.as_str()) {
            let value = it
                .next()
                .ok_or_else(|| usage_error(format!("{a} needs a value")))?;
            own.push((a.clone(), Some(value.clone())));
        } else if bare.contains(&a.as_str()) {
            own.push((a.clone(), None));
        } else {
            rest.push(a.clone());
        }
    }
    Ok((Own(own), rest))
}

fn lang(value: Option<&str>) -> Result<Lang, Fail> {
    match value {
        None | Some("zh") => Ok(Lang::Zh),
        Some("en") => Ok(Lang::En),
        Some(other) => Err(usage_error(format!("--lang zh|en, not {other:?}"))),
    }
}

/// The typed input: one positional INPUT.json or `--values` (else `base`, else empty), with
/// `--rules`, `--industry`, `--shop-type` laid over it.
fn typed_input(o: &Opts, base: Option<ShopInput>) -> Result<ShopInput, Fail> {
    let mut paths: Vec<&String> = o.positional.iter().filter(|p| is_input_json(p)).collect();
    paths.extend(o.values.as_ref());
    let mut input = match paths.as_slice() {
        [] => base.unwrap_or_default(),
        [path] => parse_input(&read_text(path)?).map_err(|e| Fail(2, format!("{path}: {e}")))?,
        _ => {
            return Err(usage_error(
                "give typed values once: one INPUT.json or --values",
            ))
        }
    };
    if o.rules.is_some() {
        input.rule_set = o.rules.clone();
    }
    if o.industry.is_some() {
        input.industry = o.industry.clone();
    }
    if o.shop_type.is_some() {
        input.shop_type = o.shop_type;
    }
    Ok(input)
}

/// A session with `files` streamed in (an unreadable `--as-of` stops before any is read).
fn read_files(o: &Opts, files: &[&String]) -> Result<Shop, Fail> {
    let options = file_options(o)?;
    shopscore::pipeline::parse_as_of(options.as_of.as_deref())?;
    let mut shop = Shop::new(&options);
    for path in files {
        stream_file(&mut shop, path)?;
    }
    Ok(shop)
}

/// What a change moves, in both languages (None for a bonus: its sentence names it).
fn change_name(c: &planner::Change) -> Option<String> {
    let id = serde_json::json!(c.indicator);
    match c.kind {
        "orders" => Some("有效支付订单 | valid paid orders".to_string()),
        "bonus" => None,
        kind => {
            let key = if kind == "dimension" {
                "dimension"
            } else {
                "indicator"
            };
            Some(format!(
                "{} | {}",
                render_param(key, &id, Lang::Zh),
                render_param(key, &id, Lang::En)
            ))
        }
    }
}

/// A plan as text, both languages.
fn plan_text(plan: &Plan) -> String {
    let both = |t: &Text| format!("{}\n     {}", t.zh, t.en);
    let number = |v: Option<f64>| {
        v.map_or("—".to_string(), |v| {
            render_param("n", &serde_json::json!(v), Lang::En)
        })
    };
    let mut out = format!(
        "目标 target: {} | {}\n",
        plan.target.name.zh, plan.target.name.en
    );
    if !plan.reachable {
        out += &format!(
            "达不到 out of reach (最多 at most {})\n",
            number(plan.best_total)
        );
    } else if plan.changes.is_empty() {
        out += "已达到 met already\n";
    } else {
        out += &format!(
            "可以达到 reachable: {} → {}\n",
            number(plan.total_before),
            number(plan.total_after)
        );
        out += &format!("改进 changes ({}):\n", plan.changes.len());
        for (i, c) in plan.changes.iter().enumerate() {
            out += &format!(
                "  {}. {}\n",
                i + 1,
                change_name(c).unwrap_or_else(|| both(&c.amount))
            );
            if change_name(c).is_some() {
                out += &format!("     {}\n", both(&c.amount));
            }
            if let Some(without) = c.total_without {
                out += &format!("     少了这一项 without it: {}\n", number(Some(without)));
            }
        }
    }
    if !plan.limits.is_empty() {
        out += "限制 limits:\n";
        for l in &plan.limits {
            out += &format!("  - {}\n", both(l));
        }
    }
    if !plan.notes.is_empty() {
        out += "说明 notes:\n";
        for n in &plan.notes {
            out += &format!("  - {}\n", both(n));
        }
    }
    out
}
