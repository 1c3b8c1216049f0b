//! The report page: one self-contained `index.html` (inline CSS and SVG, no scripts, no external
//! requests) with the summary table, each language pair's charts and tables, a section per
//! vendor with its worst segments and their word-level differences against the reference, and a
//! footer with every signature and the SHA-256 of every input file. All text that comes from the
//! input (segments, names, paths) is HTML-escaped.

use super::drawn_chart::Chart;
use super::model::{DiffKind, DiffToken, PairReport, Report, SystemRow};
use std::fmt::Write;

/// Escapes text for HTML element content and quoted attribute values; control characters
/// other than tab and line breaks (a NUL in a segment) become U+FFFD, as an HTML parser would
/// read them, so the page stays text.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            _ if c.is_control() => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    out
}

/// An element id from arbitrary text, different for different texts: ASCII letters, digits,
/// `.` and `-` stay; any other character becomes `_` + its hexadecimal code + `_`
/// (`Vendor A` → `Vendor_20_A`, so it is not the id of `Vendor-A`).
pub fn slug(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '-') {
            id.push(c);
        } else {
            let _ = write!(id, "_{:x}_", u32::from(c));
        }
    }
    id
}

const STYLE: &str = r#"
:root { --ink:#212529; --muted:#6c757d; --line:#dee2e6; --band:#f4f6f8; --accent:#0b5ed7;
        --miss:#fde2e1; --miss-ink:#9b1c1c; --extra:#dff3e4; --extra-ink:#14532d; }
* { box-sizing: border-box; }
body { margin:0; color:var(--ink); background:#fff;
       font:15px/1.5 "DejaVu Sans", "Segoe UI", Helvetica, Arial, "Noto Sans CJK SC", "PingFang SC",
            "Microsoft YaHei", "Hiragino Sans", sans-serif; }
header, main, footer { max-width:1080px; margin:0 auto; padding:0 24px; }
header { padding-top:28px; border-bottom:1px solid var(--line); }
h1 { font-size:26px; margin:0 0 4px; }
h2 { font-size:21px; margin:36px 0 12px; padding-top:8px; border-top:3px solid var(--ink); }
h3 { font-size:17px; margin:26px 0 8px; }
h4 { font-size:15px; margin:18px 0 6px; color:var(--muted); }
p.meta, .muted { color:var(--muted); }
nav { margin:10px 0 14px; display:flex; flex-wrap:wrap; gap:6px 14px; font-size:14px; }
a { color:var(--accent); text-decoration:none; }
a:hover { text-decoration:underline; }
table { border-collapse:collapse; margin:8px 0 16px; font-size:13.5px; }
th, td { padding:4px 10px; border-bottom:1px solid var(--line); text-align:left; vertical-align:top; }
th { background:var(--band); font-weight:600; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
tbody tr:nth-child(even) td { background:#fafbfc; }
.table-wrap { overflow-x:auto; }
figure { margin:14px 0 24px; }
figure svg { max-width:100%; height:auto; display:block; border:1px solid var(--line); }
figure svg text { font-family:"DejaVu Sans", Verdana, sans-serif; }
figcaption { font-size:13px; color:var(--muted); margin-top:4px; }
.notes li { margin:2px 0; }
.gate-fail { border-left:5px solid #c8373c; background:#fdf0f0; padding:8px 14px; margin:10px 0; }
.gate-pass { border-left:5px solid #1a8754; background:#eef8f2; padding:8px 14px; margin:10px 0; }
.segment { border:1px solid var(--line); border-radius:6px; margin:10px 0; overflow:hidden; }
.segment .head { background:var(--band); padding:4px 12px; font-size:13px; color:var(--muted); }
.segment dl { margin:0; padding:6px 12px; display:grid; grid-template-columns:7em 1fr; gap:4px 10px; }
.segment dt { color:var(--muted); font-size:13px; padding-top:2px; }
.segment dd { margin:0; white-space:pre-wrap; overflow-wrap:anywhere; }
.miss { background:var(--miss); color:var(--miss-ink); text-decoration:line-through; border-radius:2px; }
.extra { background:var(--extra); color:var(--extra-ink); border-radius:2px; font-weight:600; }
.legend span { padding:0 4px; }
code, .sig { font-family:"DejaVu Sans Mono", Menlo, Consolas, monospace; font-size:12px; overflow-wrap:anywhere; }
footer { margin-top:40px; padding-bottom:40px; border-top:3px solid var(--ink); font-size:13px; }
footer td { font-size:12px; }
footer h2 { border-top:none; margin-top:16px; }
footer td:nth-child(-n+2) { white-space:nowrap; }
"#;

fn number(value: f64) -> String {
    format!("{value:.1}")
}

fn money(value: f64) -> String {
    format!("{value:.2}")
}

/// Renders the page. `charts` are the rendered charts (their SVG is inlined).
pub fn render_page(report: &Report, charts: &[Chart]) -> String {
    let mut html = String::with_capacity(1 << 20);
    let title = escape(&report.title);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} — mteval report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    );
    header(&mut html, report);
    html.push_str("<main>\n");
    summary(&mut html, report);
    for pair in &report.pairs {
        pair_section(&mut html, report, pair, charts);
    }
    errors_section(&mut html, report);
    human_section(&mut html, report);
    vendors_section(&mut html, report);
    html.push_str("</main>\n");
    footer(&mut html, report);
    html.push_str("</body>\n</html>\n");
    html
}

fn header(html: &mut String, report: &Report) {
    let metrics: Vec<String> = report
        .pairs
        .first()
        .map(|p| p.metrics.iter().map(|m| escape(&m.name)).collect())
        .unwrap_or_default();
    let _ = write!(
        html,
        "<header id=\"top\">\n<h1>{}</h1>\n<p class=\"meta\">{} language pair(s) · {} vendor(s) · {} · \
         {} with {} resamples{} (seed {}), α = {} · input <code>{}</code> ({}) · {}</p>\n<nav>",
        escape(&report.title),
        report.pairs.len(),
        report.vendors.len(),
        metrics.join(", "),
        escape(&report.settings.test),
        report.settings.samples,
        if report.settings.samples_raised {
            " (more where a pair has many vendors)"
        } else {
            ""
        },
        report.settings.seed,
        report.settings.alpha,
        escape(&report.input),
        escape(&report.input_format),
        escape(&report.version),
    );
    html.push_str("<a href=\"#summary\">Summary</a>");
    for pair in &report.pairs {
        let _ = write!(
            html,
            "<a href=\"#pair-{}\">{}</a>",
            slug(&pair.label),
            escape(&pair.label)
        );
    }
    if report.errors.is_some() {
        html.push_str("<a href=\"#errors\">Errors</a>");
    }
    html.push_str(
        "<a href=\"#vendors\">Vendors</a><a href=\"#provenance\">Provenance</a></nav>\n</header>\n",
    );
}

/// Rows of one pair in rank order of the primary metric, one entry per vendor.
fn ranked_vendors(report: &Report, pair: &PairReport) -> Vec<String> {
    let primary = &pair.metrics[pair.primary].name;
    let mut rows: Vec<&SystemRow> = report
        .systems
        .iter()
        .filter(|r| r.pair == pair.label && &r.metric == primary)
        .collect();
    rows.sort_by_key(|r| r.rank);
    rows.iter().map(|r| r.system.clone()).collect()
}

fn row<'a>(report: &'a Report, pair: &str, vendor: &str, metric: &str) -> Option<&'a SystemRow> {
    report
        .systems
        .iter()
        .find(|r| r.pair == pair && r.system == vendor && r.metric == metric)
}

/// The score table of one pair: rank, vendor, each metric `score ± ci (cluster)`, cost.
fn score_table(html: &mut String, report: &Report, pair: &PairReport) {
    let primary = &pair.metrics[pair.primary].name;
    let has_cost = report
        .systems
        .iter()
        .any(|r| r.pair == pair.label && r.cost.is_some());
    html.push_str(
        "<div class=\"table-wrap\"><table>\n<thead><tr><th class=\"num\">rank</th><th>vendor</th>",
    );
    for metric in &pair.metrics {
        let arrow = if metric.higher_is_better {
            "↑"
        } else {
            "↓"
        };
        let _ = write!(
            html,
            "<th class=\"num\" title=\"{}\">{} {arrow}</th><th class=\"num\">cluster</th>",
            escape(&metric.signature),
            escape(&metric.name)
        );
    }
    if has_cost {
        let currency = report.currency.as_deref().map(escape).unwrap_or_default();
        let _ = write!(
            html,
            "<th class=\"num\">price/{}</th><th class=\"num\">cost {currency}</th>",
            if pair.length_unit == "characters" {
                "char"
            } else {
                "word"
            }
        );
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for vendor in ranked_vendors(report, pair) {
        let rank = row(report, &pair.label, &vendor, primary).map_or(0, |r| r.rank);
        let _ = write!(
            html,
            "<tr><td class=\"num\">{rank}</td><td><a href=\"#vendor-{}\">{}</a></td>",
            slug(&vendor),
            escape(&vendor)
        );
        for metric in &pair.metrics {
            match row(report, &pair.label, &vendor, &metric.name) {
                Some(r) => {
                    let _ = write!(
                        html,
                        "<td class=\"num\">{} ± {}</td><td class=\"num\">{}</td>",
                        number(r.score),
                        number(r.ci_half_width),
                        r.cluster
                    );
                }
                None => html.push_str("<td></td><td></td>"),
            }
        }
        if has_cost {
            let r = row(report, &pair.label, &vendor, primary);
            let price = r.and_then(|r| r.price_per_word);
            let cost = r.and_then(|r| r.cost);
            let _ = write!(
                html,
                "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
                price
                    .map(|p| format!("{p:.3}"))
                    .unwrap_or_else(|| "—".into()),
                cost.map(money).unwrap_or_else(|| "—".into())
            );
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody></table></div>\n");
}

fn summary(html: &mut String, report: &Report) {
    html.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n");
    if !report.gates.is_empty() {
        let failed: Vec<_> = report
            .gates
            .iter()
            .flat_map(|g| g.failures.iter().map(move |f| (g, f)))
            .collect();
        if failed.is_empty() {
            let gates: Vec<String> = report.gates.iter().map(|g| escape(&g.gate)).collect();
            let _ = writeln!(
                html,
                "<div class=\"gate-pass\" id=\"gates\"><strong>Quality gates passed:</strong> {}</div>",
                gates.join(", ")
            );
        } else {
            html.push_str(
                "<div class=\"gate-fail\" id=\"gates\"><strong>Quality gates failed:</strong><ul>",
            );
            for (gate, failure) in failed {
                let _ = write!(
                    html,
                    "<li>{} in {}: {} = {} is {} {}</li>",
                    escape(&failure.system),
                    escape(&failure.pair),
                    escape(&failure.metric),
                    number(failure.score),
                    escape(&gate.fails_when),
                    gate.threshold
                );
            }
            html.push_str("</ul></div>\n");
        }
    }
    if !report.notes.is_empty() {
        html.push_str("<h3>Notes</h3>\n<ul class=\"notes\">\n");
        for note in &report.notes {
            let _ = writeln!(html, "<li>{}</li>", escape(note));
        }
        html.push_str("</ul>\n");
    }
    overview(html, report);
    html.push_str(
        "<p>Vendors ranked by each pair's primary metric (chrF when computed). Scores are corpus \
         scores ± the half-width of the 95% bootstrap interval; a <em>cluster</em> groups vendors \
         whose differences from the cluster's best are not significant (1 = best group).</p>\n",
    );
    for pair in &report.pairs {
        let _ = writeln!(
            html,
            "<h3><a href=\"#pair-{}\">{}</a> <span class=\"muted\">· {} segments · {} vendors</span></h3>",
            slug(&pair.label),
            escape(&pair.label),
            pair.segments,
            pair.systems.len()
        );
        score_table(html, report, pair);
    }
    html.push_str("</section>\n");
}

/// Vendors × pairs under each pair's primary metric; best-cluster scores in bold.
fn overview(html: &mut String, report: &Report) {
    if report.pairs.len() < 2 {
        return;
    }
    html.push_str(
        "<h3>Overview</h3>\n<div class=\"table-wrap\"><table>\n<thead><tr><th>vendor</th>",
    );
    for pair in &report.pairs {
        let _ = write!(
            html,
            "<th class=\"num\"><a href=\"#pair-{}\">{}</a><br><span class=\"muted\">{}</span></th>",
            slug(&pair.label),
            escape(&pair.label),
            escape(&pair.metrics[pair.primary].name)
        );
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for vendor in &report.vendors {
        let _ = write!(
            html,
            "<tr><td><a href=\"#vendor-{}\">{}</a></td>",
            slug(vendor),
            escape(vendor)
        );
        for pair in &report.pairs {
            match row(
                report,
                &pair.label,
                vendor,
                &pair.metrics[pair.primary].name,
            ) {
                Some(r) if r.cluster == 1 => {
                    let _ = write!(
                        html,
                        "<td class=\"num\"><strong>{}</strong></td>",
                        number(r.score)
                    );
                }
                Some(r) => {
                    let _ = write!(html, "<td class=\"num\">{}</td>", number(r.score));
                }
                None => html.push_str("<td class=\"num muted\">·</td>"),
            }
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody></table></div>\n<p class=\"muted\">Bold: in the pair's best significance cluster.</p>\n");
}

fn figure(html: &mut String, chart: &Chart) {
    let _ = write!(
        html,
        "<figure id=\"chart-{}\">\n{}\n<figcaption>{} · <a href=\"charts/{}.png\">PNG</a> · \
         <a href=\"charts/{}.svg\">SVG</a></figcaption>\n</figure>\n",
        slug(&chart.id),
        chart.svg.trim(),
        escape(&chart.caption),
        escape(&chart.id),
        escape(&chart.id)
    );
}

fn pair_section(html: &mut String, report: &Report, pair: &PairReport, charts: &[Chart]) {
    let _ = writeln!(
        html,
        "<section id=\"pair-{}\" class=\"pair\">\n<h2>{}</h2>",
        slug(&pair.label),
        escape(&pair.label)
    );
    let references: Vec<String> = pair.references.iter().map(|r| escape(r)).collect();
    let _ = writeln!(
        html,
        "<p class=\"muted\">{} segments · {} reference(s): <code>{}</code>{}</p>",
        pair.segments,
        pair.references.len(),
        references.join("</code>, <code>"),
        pair.source_length.map_or(String::new(), |n| format!(
            " · source: {n} {}",
            escape(&pair.length_unit)
        ))
    );
    for chart in charts
        .iter()
        .filter(|c| c.pair.as_deref() == Some(&pair.label))
    {
        figure(html, chart);
    }
    if !pair.alignments.is_empty() {
        html.push_str("<h3>Aligned vendor files</h3>\n<table><thead><tr><th>vendor</th><th class=\"num\">lines</th><th class=\"num\">segments</th><th>method</th><th class=\"num\">mean confidence</th></tr></thead><tbody>\n");
        for a in &pair.alignments {
            let _ = writeln!(
                html,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                escape(&a.system),
                a.hypothesis_lines,
                a.reference_segments,
                escape(&a.method),
                a.mean_confidence.map_or("—".to_string(), |c| format!("{c:.2}"))
            );
        }
        html.push_str("</tbody></table>\n");
    }
    if pair.has_documents {
        documents_table(html, report, pair);
    }
    let pairwise: Vec<_> = report
        .pairwise
        .iter()
        .filter(|p| p.pair == pair.label && p.significant)
        .collect();
    let _ = writeln!(
        html,
        "<h3>Significant differences</h3>\n<p class=\"muted\">{} of {} vendor pairs × metrics differ significantly (Holm-corrected p ≤ {}); every pair is in <a href=\"pairwise.csv\">pairwise.csv</a>.</p>",
        pairwise.len(),
        report.pairwise.iter().filter(|p| p.pair == pair.label).count(),
        report.settings.alpha
    );
    if !pairwise.is_empty() {
        html.push_str("<div class=\"table-wrap\"><table><thead><tr><th>metric</th><th>better</th><th>worse</th><th class=\"num\">difference</th><th class=\"num\">p (Holm)</th></tr></thead><tbody>\n");
        for p in pairwise {
            let better = p.better.clone().unwrap_or_default();
            let worse = if better == p.system_a {
                &p.system_b
            } else {
                &p.system_a
            };
            let _ = writeln!(
                html,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:.4}</td></tr>",
                escape(&p.metric),
                escape(&better),
                escape(worse),
                number(p.difference.abs()),
                p.p_holm
            );
        }
        html.push_str("</tbody></table></div>\n");
    }
    html.push_str("</section>\n");
}

fn documents_table(html: &mut String, report: &Report, pair: &PairReport) {
    let metric = &pair.metrics[pair.primary].name;
    let rows: Vec<_> = report
        .documents
        .iter()
        .filter(|r| r.pair == pair.label && r.level == "document" && &r.metric == metric)
        .collect();
    let mut documents: Vec<(&str, Option<&str>, usize)> = Vec::new();
    for r in &rows {
        if !documents.iter().any(|(d, _, _)| *d == r.id) {
            documents.push((&r.id, r.domain.as_deref(), r.segments));
        }
    }
    let vendors = ranked_vendors(report, pair);
    let _ = writeln!(
        html,
        "<h3>{} per document</h3>\n<div class=\"table-wrap\"><table><thead><tr><th>document</th><th>domain</th><th class=\"num\">segments</th>",
        escape(metric)
    );
    for vendor in &vendors {
        let _ = write!(html, "<th class=\"num\">{}</th>", escape(vendor));
    }
    html.push_str("</tr></thead><tbody>\n");
    for (document, domain, segments) in documents {
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{segments}</td>",
            escape(document),
            escape(domain.unwrap_or(""))
        );
        for vendor in &vendors {
            let score = rows
                .iter()
                .find(|r| r.id == document && &r.system == vendor)
                .map(|r| number(r.score))
                .unwrap_or_default();
            let _ = write!(html, "<td class=\"num\">{score}</td>");
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody></table></div>\n");
}

fn errors_section(html: &mut String, report: &Report) {
    let Some(errors) = &report.errors else {
        return;
    };
    let _ = writeln!(
        html,
        "<section id=\"errors\">\n<h2>Error categories</h2>\n<p class=\"muted\">{}. Counts per vendor, category and severity; all rows are in <a href=\"errors.csv\">errors.csv</a>.</p>",
        escape(&errors.analysis)
    );
    html.push_str("<div class=\"table-wrap\"><table><thead><tr><th>pair</th><th>vendor</th><th>category</th><th>severity</th><th class=\"num\">count</th><th class=\"num\">per 1000 words</th><th>words of</th></tr></thead><tbody>\n");
    for c in &errors.counts {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:.1}</td><td>{}</td></tr>",
            escape(&c.pair),
            escape(&c.system),
            escape(&c.category),
            escape(&c.severity),
            c.count,
            c.per_1000_words,
            c.words_of
        );
    }
    html.push_str("</tbody></table></div>\n</section>\n");
}

/// A value with three decimals, or a dash where it is undefined.
fn optional(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{v:.3}"))
}

/// An interval `[low, high]`, or a dash.
fn interval(low: Option<f64>, high: Option<f64>, decimals: usize) -> String {
    match (low, high) {
        (Some(low), Some(high)) => format!("[{low:.decimals$}, {high:.decimals$}]"),
        _ => "—".to_string(),
    }
}

fn human_section(html: &mut String, report: &Report) {
    let Some(human) = &report.human else {
        return;
    };
    html.push_str("<section id=\"human\">\n<h2>Human evaluation</h2>\n<p class=\"muted\">MQM from the reviewers' annotations (summed error weights per segment, averaged over raters and segments; lower is better), with 95% bootstrap intervals over the annotated segments; in <a href=\"human.csv\">human.csv</a>.</p>\n");
    html.push_str("<div class=\"table-wrap\"><table><thead><tr><th>pair</th><th>vendor</th><th class=\"num\">MQM</th><th>95% CI</th><th class=\"num\">rank</th><th class=\"num\">segments</th><th class=\"num\">errors</th></tr></thead><tbody>\n");
    for row in &human.mqm {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{:.2}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&row.pair),
            escape(&row.system),
            row.mqm,
            interval(row.ci_low, row.ci_high, 2),
            row.rank,
            row.segments,
            row.errors
        );
    }
    html.push_str("</tbody></table></div>\n<h3>Agreement of the metrics with MQM</h3>\n<p class=\"muted\">Lower-is-better scores (MQM, TER) are negated, so that agreement is positive. System level: the vendors' corpus scores against their MQM; segment level: the sentence scores of the annotated segments. With few vendors the system-level intervals are wide. All rows are in <a href=\"human-agreement.csv\">human-agreement.csv</a>.</p>\n");
    html.push_str("<div class=\"table-wrap\"><table><thead><tr><th>pair</th><th>metric</th><th>level</th><th>statistic</th><th class=\"num\">value</th><th>95% CI</th></tr></thead><tbody>\n");
    for row in &human.agreement {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            escape(&row.pair),
            escape(&row.metric),
            escape(&row.level),
            escape(&row.statistic),
            optional(row.value),
            interval(row.ci_low, row.ci_high, 3)
        );
    }
    html.push_str("</tbody></table></div>\n");
    if !human.spans.is_empty() {
        html.push_str("<h3>Automatic error checks against the reviewers' spans</h3>\n<p class=\"muted\">Findings of the error analysis on the annotated segments against the human <code>&lt;v&gt;</code> spans: precision (findings that match a human span), recall (human spans found), exact or overlapping matches; in <a href=\"human-spans.csv\">human-spans.csv</a>.</p>\n");
        html.push_str("<div class=\"table-wrap\"><table><thead><tr><th>pair</th><th>matching</th><th>category</th><th class=\"num\">human spans</th><th class=\"num\">automatic spans</th><th class=\"num\">precision</th><th class=\"num\">recall</th><th class=\"num\">F1</th></tr></thead><tbody>\n");
        for row in &human.spans {
            let _ = writeln!(
                html,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&row.pair),
                escape(&row.matching),
                escape(&row.category),
                row.human_spans,
                row.automatic_spans,
                optional(row.precision),
                optional(row.recall),
                optional(row.f1)
            );
        }
        html.push_str("</tbody></table></div>\n");
    }
    html.push_str("</section>\n");
}

fn diff_html(tokens: &[DiffToken]) -> String {
    let mut out = String::new();
    for token in tokens {
        match token.kind {
            DiffKind::Equal => out.push_str(&escape(&token.text)),
            DiffKind::Missing => {
                let _ = write!(out, "<span class=\"miss\">{}</span>", escape(&token.text));
            }
            DiffKind::Extra => {
                let _ = write!(out, "<span class=\"extra\">{}</span>", escape(&token.text));
            }
        }
    }
    out
}

fn vendors_section(html: &mut String, report: &Report) {
    html.push_str("<section id=\"vendors\">\n<h2>Vendors</h2>\n<p class=\"legend muted\">In the worst segments, <span class=\"miss\">struck-through</span> reference words are missing from the hypothesis and <span class=\"extra\">highlighted</span> hypothesis words are not in the reference (word level; character level for Chinese, Japanese and Thai).</p>\n");
    for vendor in &report.vendors {
        let _ = writeln!(
            html,
            "<section id=\"vendor-{}\" class=\"vendor\">\n<h3>{}</h3>",
            slug(vendor),
            escape(vendor)
        );
        let rows: Vec<&SystemRow> = report
            .systems
            .iter()
            .filter(|r| &r.system == vendor)
            .collect();
        if let Some(price) = rows.iter().find_map(|r| r.price_per_word) {
            let _ = writeln!(
                html,
                "<p class=\"muted\">Price: {price} {} per source word.</p>",
                escape(report.currency.as_deref().unwrap_or(""))
            );
        }
        html.push_str("<table><thead><tr><th>pair</th><th>metric</th><th class=\"num\">score</th><th class=\"num\">95% interval</th><th class=\"num\">rank</th><th class=\"num\">cluster</th></tr></thead><tbody>\n");
        for r in &rows {
            let of = report
                .pairs
                .iter()
                .find(|p| p.label == r.pair)
                .map_or(0, |p| p.systems.len());
            let _ = writeln!(
                html,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{} – {}</td><td class=\"num\">{} of {of}</td><td class=\"num\">{}</td></tr>",
                escape(&r.pair),
                escape(&r.metric),
                number(r.score),
                number(r.ci_low),
                number(r.ci_high),
                r.rank,
                r.cluster
            );
        }
        html.push_str("</tbody></table>\n");
        for pair in &report.pairs {
            let worst: Vec<_> = pair.worst.iter().filter(|w| &w.system == vendor).collect();
            if worst.is_empty() {
                continue;
            }
            let _ = writeln!(
                html,
                "<h4>{}: {} lowest sentence {}</h4>",
                escape(&pair.label),
                worst.len(),
                escape(&pair.metrics[pair.primary].name)
            );
            for w in worst {
                let document = w
                    .document
                    .as_deref()
                    .map_or(String::new(), |d| format!(" · document {}", escape(d)));
                let _ = write!(
                    html,
                    "<div class=\"segment\"><div class=\"head\">segment {}{document} · {} {}</div><dl>",
                    w.segment,
                    escape(&pair.metrics[pair.primary].name),
                    number(w.score)
                );
                if let Some(source) = &w.source {
                    let _ = write!(html, "<dt>source</dt><dd>{}</dd>", escape(source));
                }
                let _ = writeln!(
                    html,
                    "<dt>reference</dt><dd>{}</dd><dt>hypothesis</dt><dd>{}</dd></dl></div>",
                    diff_html(&w.reference_diff),
                    diff_html(&w.hypothesis_diff)
                );
            }
        }
        html.push_str("</section>\n");
    }
    html.push_str("</section>\n");
}

fn footer(html: &mut String, report: &Report) {
    html.push_str("<footer id=\"provenance\">\n<h2>Provenance</h2>\n");
    let _ = writeln!(
        html,
        "<p>Produced by {} from <code>{}</code>. Significance: {} with {} resamples of {}, seed {}, \
         Holm–Bonferroni correction per pair and metric, α = {}. Signatures follow sacreBLEU's format; \
         keys sacreBLEU does not have are mteval's own.</p>",
        escape(&report.version),
        escape(&report.input),
        escape(&report.settings.test),
        {
            let mut counts: Vec<usize> = report.pairs.iter().map(|p| p.samples).collect();
            counts.sort_unstable();
            counts.dedup();
            counts
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join("/")
        },
        escape(&report.settings.resample),
        report.settings.seed,
        report.settings.alpha
    );
    html.push_str("<h3>Signatures</h3>\n<div class=\"table-wrap\"><table><thead><tr><th>pair</th><th>metric</th><th>scores and intervals</th><th>documents, domains, lengths</th><th>sentence scores</th></tr></thead><tbody>\n");
    for pair in &report.pairs {
        for m in &pair.metrics {
            let _ = writeln!(
                html,
                "<tr><td>{}</td><td>{}</td><td class=\"sig\">{}</td><td class=\"sig\">{}</td><td class=\"sig\">{}</td></tr>",
                escape(&pair.label),
                escape(&m.name),
                escape(&m.signature),
                escape(&m.corpus_signature),
                escape(&m.sentence_signature)
            );
        }
    }
    html.push_str("</tbody></table></div>\n<h3>Input files</h3>\n<div class=\"table-wrap\"><table><thead><tr><th>role</th><th>pair</th><th>name</th><th>path</th><th class=\"num\">bytes</th><th>SHA-256</th></tr></thead><tbody>\n");
    for f in &report.files {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"sig\">{}</td></tr>",
            escape(&f.role),
            escape(f.pair.as_deref().unwrap_or("")),
            escape(f.name.as_deref().unwrap_or("")),
            escape(&f.path),
            f.bytes,
            escape(&f.sha256)
        );
    }
    html.push_str("</tbody></table></div>\n</footer>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert(1)</script> \"><img src=x onerror='y'> & co"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=&#39;y&#39;&gt; &amp; co"
        );
        assert_eq!(slug("en-de"), "en-de");
        assert_eq!(slug("Vendor \"A\"<b>"), "Vendor_20__22_A_22__3c_b_3e_");
        assert_ne!(slug("Vendor A"), slug("Vendor-A"));
        assert_ne!(slug("Vendor_A"), slug("Vendor-A"));
        assert_eq!(escape("a\0b\u{7}c\td\r\n"), "a\u{fffd}b\u{fffd}c\td\r\n");
    }
}
