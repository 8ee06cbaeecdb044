//! File kinds: the columns each kind has (Chinese headers first, English and open-API names as
//! aliases), detection from a header row, the user's column mapping, and the CSV templates.

use crate::messages::{render_param, Lang, Text};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Orders,
    Logistics,
    AfterSales,
    Reviews,
    FeigeRounds,
    FeigeAgents,
    Values,
}

pub const ALL_KINDS: [FileKind; 7] = [
    FileKind::Orders,
    FileKind::Logistics,
    FileKind::AfterSales,
    FileKind::Reviews,
    FileKind::FeigeRounds,
    FileKind::FeigeAgents,
    FileKind::Values,
];

impl FileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Orders => "orders",
            FileKind::Logistics => "logistics",
            FileKind::AfterSales => "after_sales",
            FileKind::Reviews => "reviews",
            FileKind::FeigeRounds => "feige_rounds",
            FileKind::FeigeAgents => "feige_agents",
            FileKind::Values => "values",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            FileKind::Orders => "订单导出",
            FileKind::Logistics => "物流明细",
            FileKind::AfterSales => "售后明细",
            FileKind::Reviews => "评价明细",
            FileKind::FeigeRounds => "飞鸽会话明细",
            FileKind::FeigeAgents => "飞鸽客服接待量",
            FileKind::Values => "指标数值",
        }
    }

    pub fn parse(text: &str) -> Option<FileKind> {
        let wanted = text.trim().to_ascii_lowercase().replace('-', "_");
        ALL_KINDS.into_iter().find(|k| {
            k.as_str() == wanted || (wanted == "aftersales" && *k == FileKind::AfterSales)
        })
    }

    pub fn fields(self) -> &'static [Field] {
        match self {
            FileKind::Orders => ORDER_FIELDS,
            FileKind::Logistics => LOGISTICS_FIELDS,
            FileKind::AfterSales => AFTER_SALE_FIELDS,
            FileKind::Reviews => REVIEW_FIELDS,
            FileKind::FeigeRounds => FEIGE_ROUND_FIELDS,
            FileKind::FeigeAgents => FEIGE_AGENT_FIELDS,
            FileKind::Values => VALUE_FIELDS,
        }
    }

    pub fn field(self, key: &str) -> Option<&'static Field> {
        self.fields().iter().find(|f| f.key == key)
    }

    /// What a column of this kind holds, in words (the mapping step's labels; never the
    /// field key).
    pub fn label(self, key: &str) -> Text {
        let id = serde_json::Value::String(format!("{}.{key}", self.as_str()));
        let text = |lang| {
            let rendered = render_param("field_label", &id, lang);
            if rendered.contains('.') {
                // No label in the catalogue (a test guards against this): the template header.
                self.field(key).map_or(key, |f| f.headers[0]).to_string()
            } else {
                rendered
            }
        };
        Text {
            zh: text(Lang::Zh),
            en: text(Lang::En),
        }
    }
}

/// One canonical column of a kind. `headers[0]` is the header the template writes.
#[derive(Debug)]
pub struct Field {
    pub key: &'static str,
    pub headers: &'static [&'static str],
    pub required: bool,
    /// The template's example cell.
    pub example: &'static str,
}

const fn f(
    key: &'static str,
    headers: &'static [&'static str],
    required: bool,
    example: &'static str,
) -> Field {
    Field {
        key,
        headers,
        required,
        example,
    }
}

static ORDER_FIELDS: &[Field] = &[
    f(
        "order_id",
        &[
            "主订单编号",
            "order_id",
            "shop_order_id",
            "p_order_id",
            "主订单号",
        ],
        true,
        "\t6930000000000000001",
    ),
    f(
        "sub_order_id",
        &["子订单编号", "sub_order_id", "sku_order_id", "子订单号"],
        false,
        "\t6930000000000000002",
    ),
    f(
        "product",
        &["选购商品", "product_name", "商品名称"],
        false,
        "纯棉T恤",
    ),
    f(
        "product_id",
        &["商品ID", "product_id"],
        false,
        "\t3600000000000000001",
    ),
    f(
        "quantity",
        &["商品数量", "item_num", "quantity"],
        false,
        "1",
    ),
    f(
        "amount",
        &["订单应付金额", "pay_amount", "order_amount"],
        false,
        "59.90",
    ),
    f(
        "province",
        &["省", "province", "收件省", "省份"],
        false,
        "浙江省",
    ),
    f(
        "created_time",
        &["订单提交时间", "create_time", "created_time"],
        false,
        "2026-11-20 07:58:00",
    ),
    f(
        "paid_time",
        &["支付完成时间", "pay_time", "paid_time", "支付时间"],
        true,
        "2026-11-20 08:00:00",
    ),
    f(
        "status",
        &["订单状态", "order_status", "order_status_desc", "status"],
        true,
        "已完成",
    ),
    f(
        "promised_ship_time",
        &["承诺发货时间", "exp_ship_time", "promised_ship_time"],
        false,
        "2026-11-22 08:00:00",
    ),
    f(
        "order_type",
        &["订单类型", "order_type", "order_type_desc"],
        false,
        "普通订单",
    ),
    f(
        "after_sale_status",
        &["售后状态", "after_sale_status"],
        false,
        "-",
    ),
    f("cancel_reason", &["取消原因", "cancel_reason"], false, "-"),
    f(
        "ship_time",
        &["发货时间", "ship_time"],
        false,
        "2026-11-20 16:00:00",
    ),
    f(
        "courier",
        &["快递信息", "快递公司", "logistics_company", "company_name"],
        false,
        "SF-A-顺丰速运",
    ),
    f(
        "finish_time",
        &["订单完成时间", "finish_time"],
        false,
        "2026-11-24 10:00:00",
    ),
];

static LOGISTICS_FIELDS: &[Field] = &[
    f(
        "order_id",
        &[
            "订单编号",
            "order_id",
            "shop_order_id",
            "主订单编号",
            "订单号",
            "订单ID",
        ],
        true,
        "\t6930000000000000001",
    ),
    f(
        "paid_time",
        &["支付时间", "pay_time", "paid_time", "支付完成时间"],
        false,
        "2026-11-20 08:00:00",
    ),
    f(
        "pickup_time",
        &["揽收时间", "pickup_time", "collect_time", "揽件时间"],
        false,
        "2026-11-20 18:30:00",
    ),
    f(
        "signed_time",
        &["签收时间", "sign_time", "signed_time", "receipt_time"],
        false,
        "2026-11-22 10:00:00",
    ),
    f(
        "presale",
        &["是否预售", "is_presale", "presale"],
        false,
        "否",
    ),
    f(
        "promised_ship_time",
        &["承诺发货时间", "exp_ship_time", "promised_ship_time"],
        false,
        "2026-11-22 08:00:00",
    ),
    f(
        "courier",
        &[
            "快递公司",
            "logistics_company",
            "company_name",
            "courier",
            "快递信息",
        ],
        false,
        "顺丰速运",
    ),
    f(
        "delivery_on_time",
        &[
            "配送时效是否达成",
            "delivery_on_time",
            "is_delivery_on_time",
        ],
        false,
        "是",
    ),
    f(
        "abnormal_compensation",
        &["物流异常赔付", "abnormal_compensation", "是否物流异常赔付"],
        false,
        "否",
    ),
    f(
        "fraud_shipping",
        &[
            "是否欺诈发货",
            "欺诈发货",
            "fraud_shipping",
            "is_fraud_shipping",
        ],
        false,
        "否",
    ),
    f(
        "qic",
        &["是否QIC订单", "QIC订单", "是否质检订单", "is_qic", "qic"],
        false,
        "否",
    ),
];

/// The after-sales list as 售后工作台 → 导出 writes it (50 columns; these are the ones read),
/// the template's older headers and the open API's names as aliases.
static AFTER_SALE_FIELDS: &[Field] = &[
    f(
        "after_sale_id",
        &["售后单号", "after_sale_id", "aftersale_id", "售后单编号"],
        true,
        "\t7000000000000000001",
    ),
    f(
        "order_id",
        &[
            "订单号",
            "订单编号",
            "主订单编号",
            "订单ID",
            "order_id",
            "shop_order_id",
            "related_id",
        ],
        true,
        "\t6930000000000000001",
    ),
    f("product", &["商品名称", "product_name"], false, "纯棉T恤"),
    f(
        "shipped",
        &["商品发货状态", "发货状态", "shipped_state"],
        false,
        "1/1已发货",
    ),
    f(
        "type",
        &["售后类型", "after_sale_type", "aftersale_type"],
        false,
        "退货退款",
    ),
    f(
        "status",
        &[
            "售后状态",
            "after_sale_status",
            "aftersale_status",
            "status",
        ],
        false,
        "同意退款，退款成功",
    ),
    f(
        "apply_time",
        &["售后申请时间", "申请时间", "apply_time", "create_time"],
        true,
        "2026-11-23 09:00:00",
    ),
    f(
        "reason",
        &[
            "售后原因",
            "首次售后原因",
            "reason",
            "first_reason",
            "reason_desc",
            "reason_text",
        ],
        false,
        "质量问题",
    ),
    f(
        "agree_time",
        &[
            "同意售后申请时间",
            "商家同意时间",
            "agree_time",
            "audit_time",
            "审核时间",
        ],
        false,
        "2026-11-23 12:00:00",
    ),
    f(
        "return_signed_time",
        &["退货签收时间", "return_signed_time", "return_sign_time"],
        false,
        "2026-11-25 10:00:00",
    ),
    f(
        "confirm_time",
        &[
            "商家退款时间",
            "商家确认收货时间",
            "confirm_time",
            "merchant_refund_time",
        ],
        false,
        "2026-11-25 15:00:00",
    ),
    f(
        "arbitration",
        &[
            "仲裁状态",
            "是否仲裁",
            "arbitrate_status",
            "arbitrate",
            "is_arbitrate",
        ],
        false,
        "无仲裁记录",
    ),
    f(
        "blame",
        &["纠纷责任方", "仲裁责任方", "arbitrate_blame", "blame"],
        false,
        "-",
    ),
    f("ruling", &["判责类型", "判责结果", "ruling"], false, "-"),
    f(
        "exempt",
        &["豁免体验分", "是否豁免体验分", "体验分豁免", "exempt"],
        false,
        "否",
    ),
    f(
        "platform_handled",
        &["是否平台处理", "平台处理", "platform_handled"],
        false,
        "否",
    ),
];

/// The review list as 评价管理 → 导出 writes it (one row per review; a follow-up review sits
/// in the same row's 追评 columns, so the row's score is the first review's), the template's
/// older headers and the open API's names as aliases.
static REVIEW_FIELDS: &[Field] = &[
    f(
        "order_id",
        &[
            "订单ID",
            "订单编号",
            "订单号",
            "主订单编号",
            "order_id",
            "shop_order_id",
        ],
        true,
        "\t6930000000000000001",
    ),
    f(
        "product_id",
        &["商品ID", "product_id"],
        false,
        "\t3600000000000000001",
    ),
    f(
        "product",
        &["商品名称", "product_name", "选购商品"],
        false,
        "纯棉T恤",
    ),
    f(
        "rating",
        &[
            "商品评价得分",
            "评分",
            "商品评分",
            "rating",
            "score",
            "rank",
            "星级",
        ],
        true,
        "5",
    ),
    f("level", &["评价等级", "rank_level", "level"], false, "好评"),
    f(
        "first",
        &["是否首评", "is_first", "first_review", "首评"],
        false,
        "是",
    ),
    f(
        "time",
        &[
            "评价日期",
            "评价时间",
            "comment_time",
            "review_time",
            "create_time",
        ],
        false,
        "2026-11-24 20:00:00",
    ),
];

static FEIGE_ROUND_FIELDS: &[Field] = &[
    f(
        "session_id",
        &["会话ID", "session_id", "conversation_id", "会话编号"],
        true,
        "S0001",
    ),
    f(
        "order_id",
        &["订单编号", "order_id", "shop_order_id", "订单号", "订单ID"],
        false,
        "\t6930000000000000001",
    ),
    // Without it, a session starts at its first buyer message.
    f(
        "session_start",
        &[
            "会话发起时间",
            "session_start_time",
            "session_start",
            "会话开始时间",
        ],
        false,
        "2026-11-21 10:00:00",
    ),
    f(
        "buyer_time",
        &["买家消息时间", "buyer_msg_time", "buyer_time", "消息时间"],
        true,
        "2026-11-21 10:00:05",
    ),
    f(
        "reply_time",
        &["客服回复时间", "reply_time", "agent_reply_time"],
        false,
        "2026-11-21 10:00:35",
    ),
    f("manual", &["是否人工", "is_manual", "manual"], false, "是"),
    f(
        "rating",
        &[
            "会话评价星级",
            "evaluation",
            "satisfaction_star",
            "评价星级",
        ],
        false,
        "5",
    ),
    f(
        "escalated",
        &["是否升级平台求助", "escalated", "is_escalated", "平台求助"],
        false,
        "否",
    ),
    f(
        "agent",
        &["客服昵称", "agent_name", "agent", "客服"],
        false,
        "小美",
    ),
];

static FEIGE_AGENT_FIELDS: &[Field] = &[
    f("date", &["日期", "date", "统计日期"], true, "2026-11-21"),
    f(
        "agent",
        &["客服昵称", "agent_name", "agent", "客服"],
        true,
        "小美",
    ),
    f(
        "sessions",
        &[
            "人工已接待会话量",
            "人工接待会话量",
            "已接待会话量",
            "sessions",
        ],
        true,
        "120",
    ),
    f(
        "dissatisfaction",
        &["不满意率", "dissatisfaction_rate"],
        false,
        "1.5%",
    ),
    f(
        "three_min_rate",
        &[
            "3分钟人工回复率",
            "三分钟人工回复率",
            "three_min_reply_rate",
        ],
        false,
        "98.2%",
    ),
    f(
        "first_response_seconds",
        &[
            "首次响应时长（秒）",
            "首次响应时长",
            "first_response_seconds",
        ],
        false,
        "12",
    ),
    f(
        "avg_response_seconds",
        &["平均响应时长（秒）", "平均响应时长", "avg_response_seconds"],
        false,
        "25",
    ),
    f(
        "satisfaction",
        &["满意率", "satisfaction_rate"],
        false,
        "96%",
    ),
];

static VALUE_FIELDS: &[Field] = &[
    f(
        "indicator",
        &["指标", "指标名称", "indicator", "id"],
        true,
        "商品综合评分",
    ),
    f("value", &["数值", "指标值", "value", "值"], false, "4.82"),
    f("score", &["得分", "指标得分", "score"], false, "90"),
    f("numerator", &["分子", "numerator"], false, "-"),
    f("denominator", &["分母", "denominator"], false, "-"),
    f("weight", &["权重", "weight", "指标权重"], false, "-"),
];

/// Header comparison ignores case, blanks, a BOM, and full-width vs ASCII brackets.
pub fn normalise_header(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}' && *c != '*')
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// What the user says a column means: canonical field → header in their file, and
/// optionally the kind (`"kind": "after_sales"`) when detection should not guess.
/// JSON: one flat object, e.g. `{"kind": "orders", "order_id": "单号", "paid_time": "付款时间"}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ColumnMapping {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<FileKind>,
    /// A null (or, from the page, undefined) header means "not mapped".
    #[serde(flatten)]
    pub fields: BTreeMap<String, Option<String>>,
}

/// Where each canonical field sits in a file's header row.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub kind: FileKind,
    /// field key → column index.
    pub columns: BTreeMap<&'static str, usize>,
    /// Required fields not found (empty when the kind can be read).
    pub missing_required: Vec<&'static str>,
    /// Fields found by their header names (not counting the user's mapping).
    pub score: usize,
}

impl Resolved {
    pub fn has(&self, key: &str) -> bool {
        self.columns.contains_key(key)
    }
}

/// Resolve a header row against one kind.
pub fn resolve(kind: FileKind, headers: &[String], mapping: &ColumnMapping) -> Resolved {
    let normalised: Vec<String> = headers.iter().map(|h| normalise_header(h)).collect();
    let mut columns = BTreeMap::new();
    let mut score = 0;
    for field in kind.fields() {
        let mapped = mapping
            .fields
            .get(field.key)
            .and_then(Option::as_deref)
            .and_then(|header| {
                normalised
                    .iter()
                    .position(|h| *h == normalise_header(header))
            });
        if let Some(index) = mapped {
            columns.insert(field.key, index);
            continue;
        }
        let found = field.headers.iter().find_map(|alias| {
            let alias = normalise_header(alias);
            normalised.iter().position(|h| *h == alias)
        });
        if let Some(index) = found {
            // A column serves one field only (`售后状态` is not also the order status).
            if !columns.values().any(|&used| used == index) {
                columns.insert(field.key, index);
                score += 1;
            }
        }
    }
    let missing_required = kind
        .fields()
        .iter()
        .filter(|f| f.required && !columns.contains_key(f.key))
        .map(|f| f.key)
        .collect();
    Resolved {
        kind,
        columns,
        missing_required,
        score,
    }
}

/// Fewer columns than this recognised by their header names, and the kind is a guess.
const SURE_COLUMNS: usize = 3;

/// Whether a detected kind is a guess: the user did not say the kind, and few columns were
/// recognised by name, or another kind fits the headers as well.
pub fn is_guess(headers: &[String], mapping: &ColumnMapping, resolved: &Resolved) -> bool {
    if mapping.kind.is_some() {
        return false;
    }
    if resolved.score < SURE_COLUMNS {
        return true;
    }
    ALL_KINDS
        .into_iter()
        .filter(|k| *k != resolved.kind)
        .any(|kind| {
            let other = resolve(kind, headers, mapping);
            other.missing_required.is_empty() && other.columns.len() >= resolved.columns.len()
        })
}

/// The kind whose columns this header row covers best. `Err` carries the best partial match
/// (for the mapping step) when no kind has all its required columns.
pub fn detect(headers: &[String], mapping: &ColumnMapping) -> Result<Resolved, Option<Resolved>> {
    if let Some(kind) = mapping.kind {
        let resolved = resolve(kind, headers, mapping);
        return if resolved.missing_required.is_empty() {
            Ok(resolved)
        } else {
            Err(Some(resolved))
        };
    }
    let mut best_complete: Option<Resolved> = None;
    let mut best_partial: Option<Resolved> = None;
    for kind in ALL_KINDS {
        let resolved = resolve(kind, headers, mapping);
        let matched = resolved.columns.len();
        if matched == 0 {
            continue;
        }
        // Rank by columns matched, then by the share of the kind's columns matched.
        let rank = |r: &Resolved| {
            (
                r.columns.len(),
                r.columns.len() * 1000 / r.kind.fields().len(),
            )
        };
        // A lone id column (every kind has 订单编号) is not enough to tell a kind.
        let complete = resolved.missing_required.is_empty() && matched >= 2;
        let slot = if complete {
            &mut best_complete
        } else {
            &mut best_partial
        };
        if slot.as_ref().is_none_or(|b| rank(&resolved) > rank(b)) {
            *slot = Some(resolved);
        }
    }
    best_complete.ok_or(best_partial)
}

/// One kind as the mapping step shows it: its columns, which are required, and the headers
/// recognised for each.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindInfo {
    pub kind: FileKind,
    pub zh: &'static str,
    pub fields: Vec<FieldInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldInfo {
    pub key: &'static str,
    /// What the column holds, in words (show this, not `key`).
    pub label: Text,
    /// The header the template writes.
    pub header: &'static str,
    pub aliases: Vec<&'static str>,
    pub required: bool,
}

/// Every kind and its columns (for the page's mapping step and `--map` help).
pub fn catalog() -> Vec<KindInfo> {
    ALL_KINDS
        .iter()
        .map(|&kind| KindInfo {
            kind,
            zh: kind.zh(),
            fields: kind
                .fields()
                .iter()
                .map(|f| FieldInfo {
                    key: f.key,
                    label: kind.label(f.key),
                    header: f.headers[0],
                    aliases: f.headers[1..].to_vec(),
                    required: f.required,
                })
                .collect(),
        })
        .collect()
}

/// A CSV template (UTF-8 with BOM, header row and one example row) for a kind.
pub fn template(kind: FileKind) -> String {
    let quote = |cell: &str| {
        if cell.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", cell.replace('"', "\"\""))
        } else {
            cell.to_string()
        }
    };
    let fields = kind.fields();
    let header: Vec<String> = fields.iter().map(|f| quote(f.headers[0])).collect();
    let example: Vec<String> = fields.iter().map(|f| quote(f.example)).collect();
    format!("\u{feff}{}\r\n{}\r\n", header.join(","), example.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(text: &str) -> Vec<String> {
        text.split(',').map(str::to_string).collect()
    }

    #[test]
    fn every_template_detects_as_its_kind() {
        for kind in ALL_KINDS {
            let text = template(kind);
            let first_line = text
                .trim_start_matches('\u{feff}')
                .lines()
                .next()
                .unwrap()
                .to_string();
            let resolved = detect(&headers(&first_line), &ColumnMapping::default()).unwrap();
            assert_eq!(resolved.kind, kind);
            assert_eq!(resolved.columns.len(), kind.fields().len(), "{kind:?}");
        }
    }

    #[test]
    fn every_field_has_a_label_in_both_languages() {
        for kind in ALL_KINDS {
            for field in kind.fields() {
                let label = kind.label(field.key);
                let id = format!("{}.{}", kind.as_str(), field.key);
                let rendered = render_param(
                    "field_label",
                    &serde_json::Value::String(id.clone()),
                    Lang::En,
                );
                assert_eq!(
                    rendered, label.en,
                    "{id} has no label in catalogue/records.json"
                );
                assert!(
                    !label.zh.is_empty() && !label.en.contains('_'),
                    "{id}: {label:?}"
                );
            }
        }
    }

    #[test]
    fn a_kind_read_from_two_columns_is_a_guess() {
        let mapping = ColumnMapping::default();
        let few = headers("订单编号,评分");
        let r = detect(&few, &mapping).unwrap();
        assert_eq!(r.kind, FileKind::Reviews);
        assert!(is_guess(&few, &mapping, &r));
        let template = template(FileKind::Reviews);
        let full = headers(
            template
                .trim_start_matches('\u{feff}')
                .lines()
                .next()
                .unwrap(),
        );
        let r = detect(&full, &mapping).unwrap();
        assert!(!is_guess(&full, &mapping, &r));
    }

    #[test]
    fn aliases_and_mapping() {
        let r = detect(
            &headers("after_sale_id,order_id,create_time,reason_desc"),
            &ColumnMapping::default(),
        )
        .unwrap();
        assert_eq!(r.kind, FileKind::AfterSales);
        let unknown = headers("单号,付款,状态");
        assert!(detect(&unknown, &ColumnMapping::default()).is_err());
        let mapping: ColumnMapping = serde_json::from_str(
            r#"{"kind":"orders","order_id":"单号","paid_time":"付款","status":"状态"}"#,
        )
        .unwrap();
        let r = detect(&unknown, &mapping).unwrap();
        assert_eq!(r.kind, FileKind::Orders);
        assert_eq!(r.columns["paid_time"], 1);
        // An unmapped field (null) is ignored, not an error.
        let mapping: ColumnMapping =
            serde_json::from_str(r#"{"order_id":"单号","paid_time":null}"#).unwrap();
        assert_eq!(mapping.fields["paid_time"], None);
    }
}
