// UI strings in zh-CN (default) and English. The choice is remembered in localStorage;
// storage can be unavailable (sandboxed iframe, privacy mode), so every access is guarded.

const STORAGE_KEY = 'shopscore.lang';

const STRINGS = {
  'zh-CN': {
    'app.title': '商家体验分测算',
    'app.tagline': '抖店商家体验分：分数、原因、优先改进项。全部在浏览器本地计算，数据不离开本机。',
    'lang.switch': 'English',
    'lang.switch.label': '切换到英文界面',
    'boot.loading': '正在加载计算引擎…',
    'boot.no_wasm': '此浏览器或所在页面不允许运行 WebAssembly，无法计算分数。请用新版 Chrome、Edge、Firefox 或 Safari 直接打开本页面（嵌入时，宿主页面的安全策略可能禁止了 WebAssembly）。',
    'boot.init_failed': '计算引擎启动失败，无法计算分数。',
    'section.shop': '店铺与规则',
    'section.result': '评分结果',
    'section.dimensions': '维度得分',
    'section.indicators': '指标明细与假设分析',
    'section.events': '扣分与加分事件',
    'section.eligibility': '权益资格',
    'section.advice': '改进建议（按可提升分数排序）',
    'section.warnings': '提示',
    'section.estimates': '估算项',
    'section.compare': '各规则版本对比',
    'section.export': '导出与分享',
    'field.shop_name': '店铺名称',
    'field.shop_name.placeholder': '例如：某某女装旗舰店（仅显示在报告中）',
    'field.rule_set': '规则版本',
    'field.rule_set.auto': '自动（按日期生效的版本）',
    'field.as_of': '数据截止日期',
    'field.industry': '行业（可搜索）',
    'field.industry.placeholder': '输入或选择行业，如 女装',
    'field.shop_type': '店铺类型',
    'field.shop_type.unset': '未指定',
    'shop_type.general': '普通店',
    'shop_type.flagship': '旗舰店',
    'shop_type.non_flagship': '非旗舰店',
    'field.orders': '近30天有效支付订单数',
    'field.rounding': '消费者展示分取整方式（未公布）',
    'rounding.floor': '向下取整（默认）',
    'rounding.round': '四舍五入',
    'button.demo': '恢复示例店铺',
    'button.clear': '清空输入',
    'button.compare': '对比全部规则版本',
    'button.export_json': '导出报告 JSON',
    'button.export_csv': '导出指标表 CSV',
    'button.print': '打印 / 存为 PDF',
    'button.share': '复制分享链接',
    'share.copied': '链接已复制。链接只包含您输入的数值，不含任何文件内容。',
    'share.manual': '请手动复制此链接（只包含您输入的数值）：',
    'result.total': '总分',
    'result.scale': '分值范围',
    'result.stage': '阶段',
    'stage.formal': '正式阶段',
    'stage.growth': '成长阶段',
    'stage.no_score': '暂无分数',
    'result.consumer': '消费者看到的评分',
    'result.consumer.none': '此规则版本不向消费者展示',
    'result.stars': '星级',
    'result.tier': '流量权重档位',
    'result.tier.none': '此规则版本未定义',
    'result.rule_set': '规则版本',
    'result.confidence': '可信度',
    'confidence.official': '官方',
    'confidence.official_partial': '官方结构，部分数值为估算',
    'confidence.seed': '来源文章，非官方',
    'result.whatif': '假设分析',
    'col.indicator': '指标',
    'col.value': '数值',
    'col.whatif': '假设调整',
    'col.score': '档位得分',
    'col.typed_score': '手填得分',
    'col.weight': '权重',
    'col.contribution': '贡献分',
    'col.next_band': '下一档门槛',
    'col.best_band': '满分门槛',
    'col.delta': '总分变化',
    'col.dimension': '维度',
    'col.typed_dimension': '手填维度分',
    'col.source': '来源',
    'col.rule_set': '规则版本',
    'col.total': '总分',
    'col.stage': '阶段',
    'col.consumer': '消费者评分',
    'col.tier': '档位',
    'col.event': '事件',
    'col.event_value': '次数 / 是否 / 比例',
    'col.points': '分数',
    'source.input': '手填',
    'source.indicators': '由指标计算',
    'source.missing': '缺少数据',
    'source.score': '手填得分',
    'source.value': '由数值换算',
    'source.records': '由明细重算',
    'estimate.mark': '估算',
    'estimate.tip': '估算：平台未公布此数值，这里是可编辑的默认值，不是官方数字。',
    'small_sample.mark': '小样本',
    'small_sample.tip': '小样本规则：订单量少且差评/问题单不超过 3 单时，该指标按 80 分计。',
    'eligibility.ok': '满足',
    'eligibility.fail': '不满足',
    'eligibility.unknown': '无法判断',
    'advice.gain_next': '达到下一档：总分 +{gain}',
    'advice.gain_best': '达到满分档：总分 +{gain}',
    'advice.target': '目标值',
    'advice.none': '暂无建议：各指标已在最高档，或缺少数据。',
    'warnings.none': '没有提示。',
    'adjustment.deduction': '扣分',
    'adjustment.bonus': '加分',
    'adjustment.capped': '已达30天上限',
    'adjustment.none': '无扣分或加分。',
    'events.none': '此规则版本没有可填写的事件。',
    'events.hint': '留空表示未发生。',
    'event.yes': '是',
    'compare.hint': '用相同的输入，按每个规则版本分别计算。',
    'error.title': '无法计算',
    'error.field': '字段',
    'input.invalid': '请输入数字',
    'dimension.typed_hint': '留空则由指标计算',
    'value.missing': '未填写',
    'footer.privacy': '隐私：本页面不联网。所有计算都在您的浏览器中完成，输入和文件不会被上传。',
    'print.generated': '生成于',
    'embed.open_full': '打开完整工具',
    'embed.title': '商家体验分试算',
    'delta.label': '变化',
    'tune.summary': '门槛与权重（估算，可修改）',
    'tune.hint': '平台只在商家后台展示本店的档位门槛；这里的默认值是估算。留空则使用默认值。',
  },
  en: {
    'app.title': 'Shop experience score',
    'app.tagline': 'Douyin shop experience score: where it stands, why, and what to fix first. Computed in your browser; no data leaves this device.',
    'lang.switch': '中文',
    'lang.switch.label': 'Switch to Chinese',
    'boot.loading': 'Loading the scoring engine…',
    'boot.no_wasm': 'This browser or the page embedding this tool does not allow WebAssembly, so no score can be computed. Open this page directly in a current Chrome, Edge, Firefox or Safari (when embedded, the host page\u2019s security policy may forbid WebAssembly).',
    'boot.init_failed': 'The scoring engine failed to start, so no score can be computed.',
    'section.shop': 'Shop and rules',
    'section.result': 'Result',
    'section.dimensions': 'Dimension scores',
    'section.indicators': 'Indicators and what-if',
    'section.events': 'Deduction and bonus events',
    'section.eligibility': 'Eligibility',
    'section.advice': 'What to fix first (by points gained)',
    'section.warnings': 'Warnings',
    'section.estimates': 'Estimates',
    'section.compare': 'All rule sets side by side',
    'section.export': 'Export and share',
    'field.shop_name': 'Shop name',
    'field.shop_name.placeholder': 'e.g. My fashion store (shown in the report only)',
    'field.rule_set': 'Rule set',
    'field.rule_set.auto': 'Automatic (in force on the date)',
    'field.as_of': 'Data ends on',
    'field.industry': 'Industry (searchable)',
    'field.industry.placeholder': 'Type or pick an industry, e.g. 女装',
    'field.shop_type': 'Shop type',
    'field.shop_type.unset': 'Not set',
    'shop_type.general': 'General',
    'shop_type.flagship': 'Flagship',
    'shop_type.non_flagship': 'Non-flagship',
    'field.orders': 'Valid paid orders, last 30 days',
    'field.rounding': 'Consumer display rounding (unpublished)',
    'rounding.floor': 'Floor (default)',
    'rounding.round': 'Round',
    'button.demo': 'Back to the demo shop',
    'button.clear': 'Clear inputs',
    'button.compare': 'Compare all rule sets',
    'button.export_json': 'Export report JSON',
    'button.export_csv': 'Export indicator CSV',
    'button.print': 'Print / save as PDF',
    'button.share': 'Copy share link',
    'share.copied': 'Link copied. It carries only the values you typed, never file contents.',
    'share.manual': 'Copy this link by hand (it carries only the values you typed):',
    'result.total': 'Total',
    'result.scale': 'Scale',
    'result.stage': 'Stage',
    'stage.formal': 'Formal',
    'stage.growth': 'Growth',
    'stage.no_score': 'No score',
    'result.consumer': 'Score consumers see',
    'result.consumer.none': 'Not shown to consumers under this rule set',
    'result.stars': 'Stars',
    'result.tier': 'Traffic-weight tier',
    'result.tier.none': 'Not defined by this rule set',
    'result.rule_set': 'Rule set',
    'result.confidence': 'Confidence',
    'confidence.official': 'Official',
    'confidence.official_partial': 'Official structure, some numbers estimated',
    'confidence.seed': 'From an article, not official',
    'result.whatif': 'What-if',
    'col.indicator': 'Indicator',
    'col.value': 'Value',
    'col.whatif': 'What-if',
    'col.score': 'Band score',
    'col.typed_score': 'Typed score',
    'col.weight': 'Weight',
    'col.contribution': 'Contribution',
    'col.next_band': 'Next band at',
    'col.best_band': 'Best band at',
    'col.delta': 'Total change',
    'col.dimension': 'Dimension',
    'col.typed_dimension': 'Typed dimension score',
    'col.source': 'Source',
    'col.rule_set': 'Rule set',
    'col.total': 'Total',
    'col.stage': 'Stage',
    'col.consumer': 'Consumer score',
    'col.tier': 'Tier',
    'col.event': 'Event',
    'col.event_value': 'Count / yes / share',
    'col.points': 'Points',
    'source.input': 'typed',
    'source.indicators': 'from indicators',
    'source.missing': 'missing',
    'source.score': 'typed score',
    'source.value': 'from value',
    'source.records': 'recomputed',
    'estimate.mark': 'estimate',
    'estimate.tip': 'Estimate: the platform does not publish this number; it is an editable default, not an official figure.',
    'small_sample.mark': 'small sample',
    'small_sample.tip': 'Small-sample rule: with few orders and at most 3 bad cases the indicator scores 80.',
    'eligibility.ok': 'met',
    'eligibility.fail': 'not met',
    'eligibility.unknown': 'cannot tell',
    'advice.gain_next': 'Next band: total +{gain}',
    'advice.gain_best': 'Best band: total +{gain}',
    'advice.target': 'Target',
    'advice.none': 'No advice: every indicator is in its best band, or data is missing.',
    'warnings.none': 'No warnings.',
    'adjustment.deduction': 'Deduction',
    'adjustment.bonus': 'Bonus',
    'adjustment.capped': '30-day cap reached',
    'adjustment.none': 'No deductions or bonuses.',
    'events.none': 'This rule set has no events to enter.',
    'events.hint': 'Leave empty when it did not happen.',
    'event.yes': 'yes',
    'compare.hint': 'The same inputs, scored under each rule set.',
    'error.title': 'Cannot score',
    'error.field': 'Field',
    'input.invalid': 'Enter a number',
    'dimension.typed_hint': 'Empty: computed from indicators',
    'value.missing': 'not given',
    'footer.privacy': 'Privacy: this page makes no network requests. Everything is computed in your browser; nothing you type or drop is uploaded.',
    'print.generated': 'Generated',
    'embed.open_full': 'Open the full tool',
    'embed.title': 'Experience score trainer',
    'delta.label': 'change',
    'tune.summary': 'Thresholds and weight (estimates, editable)',
    'tune.hint': 'The platform shows band thresholds only on the shop\u2019s own back end; these defaults are estimates. Empty keeps the default.',
  },
};

export const LANGS = ['zh-CN', 'en'];

function readStoredLang() {
  try {
    const stored = globalThis.localStorage && localStorage.getItem(STORAGE_KEY);
    return LANGS.includes(stored) ? stored : null;
  } catch {
    return null;
  }
}

let current = readStoredLang() || 'zh-CN';

export function lang() {
  return current;
}

export function isZh() {
  return current === 'zh-CN';
}

/** Switch language; `remember` false is used when a link forces a language without storing it. */
export function setLang(next, remember = true) {
  if (!LANGS.includes(next)) return;
  current = next;
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Storage refused: the choice lasts for this visit only.
    }
  }
  document.documentElement.lang = next;
}

/** The string for `key` in the current language, with `{name}` placeholders filled from `vars`. */
export function t(key, vars) {
  const table = STRINGS[current] || STRINGS['zh-CN'];
  let text = table[key] ?? STRINGS['zh-CN'][key] ?? key;
  if (vars) {
    for (const [name, value] of Object.entries(vars)) text = text.split(`{${name}}`).join(String(value));
  }
  return text;
}

/** Pick the zh or en field of a core object (`{zh, en}`), falling back to the other. */
export function pick(obj) {
  if (!obj) return '';
  return (isZh() ? obj.zh || obj.en : obj.en || obj.zh) || obj.id || '';
}

/** Fill every element carrying data-i18n (text), data-i18n-placeholder or data-i18n-title. */
export function applyStatic(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
  document.title = t('app.title') + ' · shopscore';
}
