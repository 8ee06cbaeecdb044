//! The `shopscore` command line: list rule sets, score an input or the shop's export files,
//! inspect a file, print a file template, score the demo shop; the score over time and the
//! planner (`shopscore/timeline.rs`).
//!
//! Exit codes: 0 success, 2 bad input (the message names the field), 1 internal error.
//! Arguments are parsed by hand (no clap: one dependency less, and the grammar is tiny).

#[path = "shopscore/files.rs"]
mod files;
#[path = "shopscore/timeline.rs"]
mod timeline;

use shopscore::error::{Error, ErrorCode};
use shopscore::input::{parse_input, ShopInput, ShopType};
use shopscore::pipeline::{FilesOptions, Shop};
use shopscore::report::{Report, Stage};
use std::io::{Read, Write};
use std::process::ExitCode;

#[path = "shopscore/calibrate.rs"]
mod calibrate;

const USAGE: &str = "\
shopscore: the Douyin shop experience score (抖店 商家体验分)

usage:
  shopscore rules [--format json|text]
  shopscore score INPUT.json [--rules ID] [--industry NAME] [--shop-type general|flagship|non_flagship|personal]
                  [--format json|text]          (INPUT.json may be - for stdin)
  shopscore score FILES… [--values INPUT.json] [--as-of YYYY-MM-DD] [--rules ID] [--map MAP.json]
                  [--sheet NAME] [--industry NAME] [--shop-type T] [--format json|text]
                                                (the shop's exports: CSV/TSV/XLSX, any encoding)
  shopscore inspect FILE [--format json|text] [--rows] [--map MAP.json] [--sheet NAME]
  shopscore template KIND                       (orders, logistics, after_sales, reviews,
                                                 feige_rounds, feige_agents, values)
  shopscore history FILES…|INPUT.json|--demo [--values INPUT.json] [--as-of YYYY-MM-DD] [--rules ID]
                  [--days N] [--format json|csv] [--lang zh|en]
                                                (the score over time: daily history, forecast,
                                                 eligibility over time, alerts, rule versions)
  shopscore plan INPUT.json|FILES…|--demo --target 80|TIER|ELIGIBILITY_ID [--values INPUT.json]
                  [--as-of YYYY-MM-DD] [--rules ID] [--format json|text]
                                                (the fewest changes that reach the target)
  shopscore calibrate READINGS [--rules ID] [--industry NAME] [--shop-type T] [--name NAME]
                  [--save CAL.json] [--format json|text]
                                                (learn the unpublished numbers from the shop's
                                                 daily back-end readings: CSV/TSV/XLSX)
  shopscore template readings [--rules ID]      (the daily readings table for calibrate)
  shopscore score … --calibration CAL.json      (score with a calibration: calibrate --save)
  shopscore demo [--format json|text]
  shopscore demo --input                        (prints the demo shop's input JSON)

exit codes: 0 ok, 2 bad input (the message names the field), 1 internal error";

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Json,
    Text,
}

/// A failure: exit code and message.
struct Fail(u8, String);

impl From<Error> for Fail {
    fn from(e: Error) -> Self {
        let code = if e.code == ErrorCode::Internal { 1 } else { 2 };
        Fail(code, e.to_string())
    }
}

fn usage_error(msg: impl Into<String>) -> Fail {
    Fail(2, format!("{}\n\n{USAGE}", msg.into()))
}

/// Parsed options common to the subcommands.
#[derive(Default)]
struct Opts {
    positional: Vec<String>,
    format: Option<Format>,
    rules: Option<String>,
    industry: Option<String>,
    shop_type: Option<ShopType>,
    /// `score FILES…`: typed input, window end, column mapping file, XLSX sheet.
    values: Option<String>,
    as_of: Option<String>,
    map: Option<String>,
    sheet: Option<String>,
    /// `--calibration CAL.json`: an overlay learnt by `calibrate`.
    calibration: Option<String>,
}

fn parse_opts(args: &[String], allowed: &[&str]) -> Result<Opts, Fail> {
    let mut o = Opts::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let flag = a.as_str();
        if flag.starts_with("--") {
            if !allowed.contains(&flag) {
                return Err(usage_error(format!("unknown option {flag}")));
            }
            let value = it
                .next()
                .ok_or_else(|| usage_error(format!("{flag} needs a value")))?;
            match flag {
                "--format" => {
                    o.format = Some(match value.as_str() {
                        "json" => Format::Json,
                        "text" => Format::Text,
                        other => {
                            return Err(usage_error(format!(
                                "--format: {other:?} is not json or text"
                            )))
                        }
                    })
                }
                "--rules" => o.rules = Some(value.clone()),
                "--industry" => o.industry = Some(value.clone()),
                "--values" => o.values = Some(value.clone()),
                "--as-of" => o.as_of = Some(value.clone()),
                "--map" => o.map = Some(value.clone()),
                "--sheet" => o.sheet = Some(value.clone()),
                "--calibration" => o.calibration = Some(value.clone()),
                "--shop-type" => {
                    o.shop_type = Some(match value.as_str() {
                        "general" => ShopType::General,
                        "flagship" => ShopType::Flagship,
                        "non_flagship" => ShopType::NonFlagship,
                        "personal" => ShopType::Personal,
                        other => {
                            return Err(usage_error(format!(
                                "--shop-type: {other:?} is not general, flagship, non_flagship or personal"
                            )))
                        }
                    })
                }
                _ => unreachable!("flag checked against `allowed`"),
            }
        } else {
            o.positional.push(a.clone());
        }
    }
    Ok(o)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = stdout.write_all(out.as_bytes());
            let _ = stdout.flush();
            ExitCode::SUCCESS
        }
        Err(Fail(code, msg)) => {
            eprintln!("shopscore: {msg}");
            ExitCode::from(code)
        }
    }
}

fn run(args: &[String]) -> Result<String, Fail> {
    let Some(cmd) = args.first() else {
        return Err(usage_error("no command given"));
    };
    let rest = &args[1..];
    match cmd.as_str() {
        "rules" => {
            let o = parse_opts(rest, &["--format"])?;
            if !o.positional.is_empty() {
                return Err(usage_error("rules takes no arguments"));
            }
            cmd_rules(o.format.unwrap_or(Format::Text))
        }
        "score" => {
            let o = parse_opts(
                rest,
                &[
                    "--format",
                    "--rules",
                    "--industry",
                    "--shop-type",
                    "--values",
                    "--as-of",
                    "--map",
                    "--sheet",
                    "--calibration",
                ],
            )?;
            let file_options =
                o.values.is_some() || o.as_of.is_some() || o.map.is_some() || o.sheet.is_some();
            match o.positional.as_slice() {
                [path] if files::is_input_json(path) && !file_options => cmd_score(path, &o),
                [] => Err(usage_error(
                    "score needs INPUT.json (or - for stdin), or the shop's export files",
                )),
                _ => cmd_score_files(&o),
            }
        }
        "demo" => {
            // `demo --input` prints the demo shop's input JSON (a template to edit and score).
            if rest.iter().any(|a| a == "--input") {
                return json(&shopscore::demo_input());
            }
            let o = parse_opts(rest, &["--format"])?;
            if !o.positional.is_empty() {
                return Err(usage_error("demo takes no arguments"));
            }
            let report = shopscore::score(&shopscore::demo_input())?;
            render(&report, o.format.unwrap_or(Format::Text))
        }
        "inspect" => {
            // `--rows` is the one flag without a value.
            let with_rows = rest.iter().any(|a| a == "--rows");
            let rest: Vec<String> = rest.iter().filter(|a| *a != "--rows").cloned().collect();
            let o = parse_opts(&rest, &["--format", "--map", "--sheet"])?;
            match o.positional.as_slice() {
                [path] => cmd_inspect(path, &o, with_rows),
                _ => Err(usage_error("inspect takes one FILE")),
            }
        }
        "history" => timeline::history(rest),
        "plan" => timeline::plan(rest),
        "calibrate" => calibrate::command(rest),
        "template" => match rest {
            [kind, ..] if kind == "readings" => {
                let o = parse_opts(&rest[1..], &["--rules"])?;
                calibrate::template(o.rules.as_deref())
            }
            [kind] => Ok(files::template_for(kind)?),
            _ => Err(usage_error("template takes one KIND")),
        },
        "help" | "--help" | "-h" => Ok(format!("{USAGE}\n")),
        other => Err(usage_error(format!("unknown command {other:?}"))),
    }
}

fn cmd_rules(format: Format) -> Result<String, Fail> {
    let sets = shopscore::rule_sets();
    if sets.is_empty() {
        return Err(Fail(
            1,
            "internal: the embedded rule sets failed to load".into(),
        ));
    }
    if format == Format::Json {
        return json(&sets);
    }
    let mut out = String::new();
    for r in sets {
        let from = r.in_force_from.as_deref().unwrap_or("—");
        let to = r.in_force_to.as_deref().unwrap_or("now");
        let source = shopscore::report::words::documents(&r.sources);
        let draft = if r.draft { "  公示稿 draft" } else { "" };
        out += &format!(
            "{:<18} {}  [{}]{draft}  scale {}–{}  in force {from} → {to}\n    {}\n    来源: {}\n    source: {}\n",
            r.id, r.zh, r.confidence, r.scale_min, r.scale_max, r.en, source.zh, source.en
        );
    }
    Ok(out)
}

fn cmd_score(path: &str, o: &Opts) -> Result<String, Fail> {
    let text = if path == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Fail(2, format!("stdin: {e}")))?;
        s
    } else {
        std::fs::read_to_string(path).map_err(|e| Fail(2, format!("{path}: {e}")))?
    };
    let mut input: ShopInput = parse_input(&text).map_err(|e| Fail(2, format!("{path}: {e}")))?;
    if o.rules.is_some() {
        input.rule_set = o.rules.clone();
    }
    if o.industry.is_some() {
        input.industry = o.industry.clone();
    }
    if o.shop_type.is_some() {
        input.shop_type = o.shop_type;
    }
    calibrate::apply(&mut input, o.calibration.as_ref())?;
    let report = shopscore::score(&input)?;
    render(&report, o.format.unwrap_or(Format::Text))
}

/// `score FILES…`: the exports streamed from disk into a session, typed values from
/// `--values` (or one positional INPUT.json) winning where given.
fn cmd_score_files(o: &Opts) -> Result<String, Fail> {
    use files::is_input_json;
    let mut typed_paths: Vec<&String> = o.positional.iter().filter(|p| is_input_json(p)).collect();
    typed_paths.extend(o.values.as_ref());
    let mut input = match typed_paths.as_slice() {
        [] => ShopInput::default(),
        [path] => {
            let text = read_text(path)?;
            parse_input(&text).map_err(|e| Fail(2, format!("{path}: {e}")))?
        }
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
    calibrate::apply(&mut input, o.calibration.as_ref())?;
    let options = file_options(o)?;
    // An unreadable --as-of is a usage error before any file is read.
    shopscore::pipeline::parse_as_of(options.as_of.as_deref().or(input.as_of.as_deref()))?;
    let mut shop = Shop::new(&options);
    for path in o.positional.iter().filter(|p| !is_input_json(p)) {
        stream_file(&mut shop, path)?;
    }
    let report = shop.score_with_bad_records(&input, options.as_of.as_deref(), None)?;
    let format = o.format.unwrap_or(Format::Text);
    let mut out = render(&report, format)?;
    if format == Format::Text {
        out += &files::files_text(&report);
    }
    Ok(out)
}

/// Read a file into the session in 1 MiB chunks (memory: the chunk, not the file).
fn stream_file(shop: &mut Shop, path: &str) -> Result<(), Fail> {
    let mut file = std::fs::File::open(path).map_err(|e| Fail(2, format!("{path}: {e}")))?;
    let name = std::path::Path::new(path)
        .file_name()
        .map_or(path.to_string(), |n| n.to_string_lossy().into_owned());
    let id = shop.add_file(&name);
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        let n = file
            .read(&mut chunk)
            .map_err(|e| Fail(2, format!("{path}: {e}")))?;
        if n == 0 {
            break;
        }
        shop.push(id, &chunk[..n])?;
    }
    shop.finish(id)?;
    Ok(())
}

fn cmd_inspect(path: &str, o: &Opts, with_rows: bool) -> Result<String, Fail> {
    let bytes = std::fs::read(path).map_err(|e| Fail(2, format!("{path}: {e}")))?;
    let name = std::path::Path::new(path)
        .file_name()
        .map_or(path.to_string(), |n| n.to_string_lossy().into_owned());
    let mut options = file_options(o)?;
    options.include_rows = with_rows;
    let inspection = shopscore::pipeline::inspect(&name, &bytes, &options);
    match o.format.unwrap_or(Format::Text) {
        Format::Json => json(&inspection),
        Format::Text => Ok(files::inspection_text(&inspection)),
    }
}

fn file_options(o: &Opts) -> Result<FilesOptions, Fail> {
    let mapping = match &o.map {
        Some(path) => {
            files::parse_mapping(&read_text(path)?).map_err(|e| Fail(2, format!("{path}: {e}")))?
        }
        None => Default::default(),
    };
    Ok(FilesOptions {
        mapping,
        sheet: o.sheet.clone(),
        as_of: o.as_of.clone(),
        ..Default::default()
    })
}

fn read_text(path: &str) -> Result<String, Fail> {
    std::fs::read_to_string(path).map_err(|e| Fail(2, format!("{path}: {e}")))
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, Fail> {
    serde_json::to_string_pretty(v)
        .map(|s| s + "\n")
        .map_err(|e| Fail(1, format!("internal: {e}")))
}

fn num(v: Option<f64>) -> String {
    match v {
        None => "—".into(),
        Some(v) => {
            let s = format!("{v:.3}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    }
}

fn render(r: &Report, format: Format) -> Result<String, Fail> {
    if format == Format::Json {
        return json(r);
    }
    let mut o = String::new();
    let info = &r.rule_set_info;
    o += &format!(
        "{}  {}  [{}]\n{}\n\n",
        info.zh, info.id, info.confidence, info.en
    );
    let stage = match r.stage {
        Stage::Formal => "正式阶段 formal",
        Stage::Growth => "成长阶段 growth",
        Stage::NoScore => "无分数 no_score",
    };
    o += &format!("阶段 stage:        {stage}\n");
    o += &format!(
        "总分 total:        {}  (scale {}–{})\n",
        num(r.total),
        r.scale.min,
        r.scale.max
    );
    if let Some(c) = r.consumer {
        o += &format!(
            "消费者展示 shown:  {:.1} 分, {} 星 stars\n",
            c.score,
            num(Some(c.stars))
        );
    }
    if let Some(t) = &r.tier {
        o += &format!("层级 tier:         {} {} ({})\n", t.zh, t.en, t.id);
    }
    o += "\n维度 dimensions\n";
    for d in &r.dimensions {
        o += &format!(
            "  {:<8} {:<12} {:>7}  weight {:>6}%  → {:>6} pts  [{}]{}\n",
            d.zh,
            d.id,
            num(d.score),
            num(Some(d.weight)),
            num(d.contribution),
            d.source,
            if d.estimated { "  估算 estimate" } else { "" }
        );
    }
    o += "\n指标 indicators\n";
    for i in &r.indicators {
        if i.source == "missing" && i.weight <= 0.0 {
            continue;
        }
        let next = match (i.next_band, i.best_band) {
            (Some(n), Some(b)) if n != b => format!(
                "  next {} at {}, best {} at {}",
                num(Some(n.score)),
                num(Some(n.threshold)),
                num(Some(b.score)),
                num(Some(b.threshold))
            ),
            (Some(n), _) => format!(
                "  next {} at {}",
                num(Some(n.score)),
                num(Some(n.threshold))
            ),
            _ => String::new(),
        };
        o += &format!(
            "  {} {}: value {} {} → score {} (weight {}%, {}){}{}{}\n",
            i.zh,
            i.id,
            num(i.value),
            i.unit,
            num(i.score),
            num(Some(i.weight)),
            i.source,
            next,
            if i.small_sample {
                "  小样本 small sample"
            } else {
                ""
            },
            if i.estimated { "  估算 estimate" } else { "" }
        );
    }
    if !r.adjustments.is_empty() {
        o += "\n加减分 adjustments\n";
        for a in &r.adjustments {
            o += &format!(
                "  {} {} ({}): {:+}{}{}\n",
                a.zh,
                a.id,
                a.kind,
                a.points,
                a.dimension
                    .as_ref()
                    .map(|d| format!(" → {d}"))
                    .unwrap_or_default(),
                if a.capped { "  (capped 封顶)" } else { "" }
            );
        }
    }
    if !r.eligibility.is_empty() {
        o += "\n资格 eligibility\n";
        for e in &r.eligibility {
            let mark = match (e.ok, e.at_risk) {
                (_, Some(true)) => "⚠",
                (Some(true), _) | (_, Some(false)) => "✓",
                (Some(false), _) => "✗",
                (None, None) => "?",
            };
            o += &format!(
                "  {mark} {} ({}): {} / {}\n",
                e.name.zh, e.id, e.detail.zh, e.detail.en
            );
        }
    }
    if !r.advice.is_empty() {
        o += "\n建议 advice (by points gained)\n";
        for a in &r.advice {
            o += &format!(
                "  {}: +{} next band, +{} best band\n",
                a.indicator,
                num(Some(a.gain)),
                num(Some(a.gain_best))
            );
            for action in &a.actions {
                o += &format!("    - {} / {}\n", action.zh, action.en);
            }
        }
    }
    if !r.warnings.is_empty() {
        o += "\n提示 warnings\n";
        for w in &r.warnings {
            o += &format!("  [{}] {}\n", w.code, w.message());
        }
    }
    if !r.estimates.is_empty() {
        o += "\n估算 estimates (unpublished numbers; editable)\n";
        for e in &r.estimates {
            o += &format!("  - {e}\n");
        }
    }
    Ok(o)
}
