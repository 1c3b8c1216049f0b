//! What `sacrebleu` prints, byte for byte: score lines (`-f text`), its JSON documents
//! (`json.dumps` layouts and Python float reprs), `-b`, `-w`, sentence-level lines, the
//! multi-system table and the paired-test tables with their explanation block.

use super::args::SacrebleuArgs;
use super::grid::{fancy_grid, latex_booktabs};
use mteval::metrics::{MetricRun, Score};
use mteval::stats::sacrebleu_resampling::ResampledRun;
use mteval::text::python_fixed;

/// Terminal colours, as sacreBLEU prints them through colorama: only when standard output is a
/// terminal and neither `NO_COLOR` nor `--no-color` is set.
#[derive(Clone, Copy)]
enum Color {
    Cyan,
    Yellow,
    Red,
    Green,
}

/// True when sacreBLEU would colour its output: standard output is a terminal and neither
/// `NO_COLOR` nor `--no-color` is set.
pub fn colors_enabled(args: &SacrebleuArgs) -> bool {
    use std::io::IsTerminal;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && !args.no_color && std::io::stdout().is_terminal()
}

/// What colorama writes to a terminal when sacreBLEU exits with colours on.
pub const COLOR_RESET: &str = "\u{1b}[0m";

/// The printing options of one invocation.
#[derive(Clone, Copy)]
pub struct Rendering {
    colors: bool,
    width: usize,
    score_only: bool,
    short: bool,
    json: bool,
    /// `-f latex`: the multi-system table in LaTeX (one system prints as text).
    latex: bool,
    paired_bs: bool,
    paired_samples: i64,
}

/// Python's `repr(float)`: the shortest round-trip digits, `.0` on integral values, exponent
/// notation below 1e-4 and from 1e16.
pub fn python_float(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_string();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    let magnitude = value.abs();
    if magnitude != 0.0 && !(1e-4..1e16).contains(&magnitude) {
        let formatted = format!("{value:e}");
        let (mantissa, exponent) = formatted.split_once('e').expect("exponent notation");
        let (sign, digits) = match exponent.strip_prefix('-') {
            Some(digits) => ('-', digits),
            None => ('+', exponent),
        };
        return format!("{mantissa}e{sign}{digits:0>2}");
    }
    let formatted = format!("{value}");
    if formatted.contains('.') {
        formatted
    } else {
        format!("{formatted}.0")
    }
}

/// A JSON string literal as Python's `json.dumps` writes it (`ensure_ascii` escapes every
/// non-ASCII character as `\uXXXX`).
fn json_string(text: &str, ensure_ascii: bool) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (ensure_ascii && !c.is_ascii()) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON value for [`json_object`].
enum Json {
    String(String),
    Number(f64),
    Null,
    Object(Vec<(String, Json)>),
}

/// `json.dumps(value, indent=…)` of an object, nested at `depth`.
fn json_object(
    fields: &[(String, Json)],
    indent: usize,
    depth: usize,
    ensure_ascii: bool,
) -> String {
    let inner = " ".repeat(indent * (depth + 1));
    let mut out = String::from("{\n");
    for (i, (key, value)) in fields.iter().enumerate() {
        out.push_str(&inner);
        out.push_str(&json_string(key, ensure_ascii));
        out.push_str(": ");
        out.push_str(&match value {
            Json::String(s) => json_string(s, ensure_ascii),
            Json::Number(x) => python_float(*x),
            Json::Null => "null".to_string(),
            Json::Object(nested) => json_object(nested, indent, depth + 1, ensure_ascii),
        });
        if i + 1 < fields.len() {
            out.push(',');
        }
        out.push('\n');
    }
    out.push_str(&" ".repeat(indent * depth));
    out.push('}');
    out
}

/// Bootstrap mean and 95% half-width of a system's score, when estimated.
fn estimate(result: &ResampledRun, system: usize) -> Option<(f64, f64)> {
    let outcome = result.comparison.as_ref()?.systems.get(system)?;
    Some((outcome.mean?, outcome.ci?))
}

impl Rendering {
    pub fn new(args: &SacrebleuArgs) -> Rendering {
        Rendering {
            colors: colors_enabled(args),
            width: usize::try_from(args.width).unwrap_or(0),
            score_only: args.score_only,
            short: args.short,
            json: args.format == "json",
            latex: args.format == "latex",
            paired_bs: args.paired_bs,
            paired_samples: if args.paired_bs {
                args.paired_bs_n
            } else {
                args.paired_ar_n
            },
        }
    }

    /// `text` in `color` when colours are on (sacreBLEU's `Color.format`).
    fn paint(&self, text: &str, color: Color) -> String {
        if !self.colors {
            return text.to_string();
        }
        let code = match color {
            Color::Cyan => 36,
            Color::Yellow => 33,
            Color::Red => 31,
            Color::Green => 32,
        };
        format!("\u{1b}[{code}m{text}{COLOR_RESET}")
    }

    /// sacreBLEU's `Score.format(width, score_only, signature, is_json)`.
    fn score(&self, score: &Score, signature: &str, confidence: Option<(f64, f64)>) -> String {
        let shown = python_fixed(score.score, self.width);
        let mut line_score = shown.clone();
        let mut fields = vec![
            ("name".to_string(), Json::String(score.metric.clone())),
            (
                "score".to_string(),
                Json::Number(shown.parse().unwrap_or(f64::NAN)),
            ),
            ("signature".to_string(), Json::String(signature.to_string())),
        ];
        if let Some((mean, ci)) = confidence.filter(|(mean, _)| *mean > 0.0) {
            let (mean, ci) = (python_fixed(mean, self.width), python_fixed(ci, self.width));
            let text = format!("μ = {mean} ± {ci}");
            line_score.push_str(&format!(" ({text})"));
            fields.push((
                "confidence_mean".to_string(),
                Json::Number(mean.parse().unwrap_or(f64::NAN)),
            ));
            fields.push((
                "confidence_var".to_string(),
                Json::Number(ci.parse().unwrap_or(f64::NAN)),
            ));
            fields.push(("confidence".to_string(), Json::String(text)));
        }
        if self.score_only {
            return line_score;
        }
        let mut line = if signature.is_empty() {
            score.metric.clone()
        } else {
            format!("{}|{signature}", score.metric)
        };
        line.push_str(" = ");
        line.push_str(&line_score);
        if let Some(verbose) = score.verbose() {
            line.push(' ');
            line.push_str(&verbose);
            fields.push(("verbose_score".to_string(), Json::String(verbose)));
        }
        if !self.json {
            return line;
        }
        for pair in signature.split('|') {
            let (key, value) = pair.split_once(':').unwrap_or((pair, ""));
            fields.push((key.to_string(), Json::String(value.to_string())));
        }
        json_object(&fields, 1, 0, false)
    }

    /// `--sentence-level`: one line per segment (never JSON).
    pub fn sentences(&self, run: &MetricRun) -> String {
        let signature = run.signature.format(self.short);
        let text = Rendering {
            json: false,
            ..*self
        };
        let mut out = String::new();
        for score in &run.systems[0].segments {
            out.push_str(&text.score(score, &signature, None));
            out.push('\n');
        }
        out
    }

    /// One system: a score line per metric aligned on `=`, or their JSON.
    pub fn single_system(&self, results: &[ResampledRun]) -> String {
        let lines: Vec<String> = results
            .iter()
            .map(|result| {
                let signature = result.signature.format(self.short && !self.json);
                self.score(
                    &result.run.systems[0].corpus,
                    &signature,
                    estimate(result, 0),
                )
            })
            .collect();
        if self.json {
            return if lines.len() > 1 {
                format!("[\n{}\n]\n", lines.join(",\n"))
            } else {
                format!("{}\n", lines[0])
            };
        }
        let lines: Vec<String> = if lines[0].contains('μ') {
            lines
                .iter()
                .map(|line| self.paint_confidence(line))
                .collect()
        } else {
            lines
        };
        let mut out = String::new();
        let mut aligned: Vec<(usize, &String)> = Vec::new();
        for line in &lines {
            match line.find('=') {
                Some(at) => aligned.push((line[..at].chars().count() - 1, line)),
                None => {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        let widest = aligned.iter().map(|(left, _)| *left).max().unwrap_or(0);
        for (left, line) in aligned {
            out.push_str(&" ".repeat(widest - left));
            out.push_str(line);
            out.push('\n');
        }
        out
    }

    /// The `(μ = MEAN ± CI)` part of a score line in cyan.
    fn paint_confidence(&self, line: &str) -> String {
        let Some(start) = line.find("(μ = ") else {
            return line.to_string();
        };
        let Some(length) = line[start..].find(')') else {
            return line.to_string();
        };
        let end = start + length + 1;
        format!(
            "{}{}{}",
            &line[..start],
            self.paint(&line[start..end], Color::Cyan),
            &line[end..]
        )
    }

    /// Several systems: the table (or JSON list) and the signature block; with a paired test,
    /// scores with bootstrap estimates and p-values and the test's explanation.
    pub fn system_table(&self, names: &[String], results: &[ResampledRun], paired: bool) -> String {
        let signatures: Vec<(String, String)> = results
            .iter()
            .map(|r| (r.run.name.clone(), r.signature.format(self.short)))
            .collect();
        if self.json {
            return self.system_json(names, results, paired);
        }
        let bootstrap = results.iter().any(|r| estimate(r, 0).is_some());
        let mut headers = vec![self.paint("System", Color::Cyan)];
        headers.extend(results.iter().map(|r| {
            let name = if bootstrap {
                format!("{} (μ ± 95% CI)", r.run.name)
            } else {
                r.run.name.clone()
            };
            self.paint(&name, Color::Cyan)
        }));
        // sacreBLEU paints the baseline's row yellow when it is named `Baseline: FILE`.
        let baseline_named = names[0].starts_with("Baseline:");
        let rows: Vec<Vec<String>> = names
            .iter()
            .enumerate()
            .map(|(s, name)| {
                let mut row = vec![name.clone()];
                row.extend(results.iter().map(|r| self.table_cell(r, s)));
                if s == 0 && baseline_named {
                    row = row
                        .iter()
                        .map(|cell| self.paint(cell, Color::Yellow))
                        .collect();
                }
                row
            })
            .collect();
        let mut out = if self.latex {
            latex_booktabs(&headers, &rows)
        } else {
            fancy_grid(&headers, &rows)
        };
        out.push_str("\n\n");
        if paired {
            // sacreBLEU names the baseline only when it is called `Baseline: FILE` (not on
            // standard input, where it is `Baseline`).
            let baseline = names.iter().find(|n| n.starts_with("Baseline:"));
            out.push_str(&self.paired_explanation(baseline.map_or("", String::as_str)));
        }
        out.push_str("-----------------\nMetric signatures\n-----------------\n");
        for (name, signature) in signatures {
            out.push_str(&format!(" - {name:<10} {signature}\n"));
        }
        out
    }

    /// A table cell: the score, with `(mean ± ci)` and a p-value line under a paired test.
    fn table_cell(&self, result: &ResampledRun, system: usize) -> String {
        let score = result.run.systems[system].corpus.score;
        let mut cell = python_fixed(score, self.width);
        if let Some((mean, ci)) = estimate(result, system) {
            cell.push_str(&format!(
                " ({} ± {})",
                python_fixed(mean, self.width),
                python_fixed(ci, self.width)
            ));
        }
        let p_value = result
            .comparison
            .as_ref()
            .and_then(|c| c.systems.get(system))
            .and_then(|s| s.p_value);
        if let Some(p) = p_value {
            // The p-value goes on a line of its own in the grid, after a space in LaTeX.
            cell.push(if self.latex { ' ' } else { '\n' });
            let shown = format!("(p = {p:.4})");
            if p > 0.05 {
                cell.push_str(&self.paint(&shown, Color::Red));
            } else {
                cell.push_str(&format!("{shown}*"));
            }
        }
        cell
    }

    fn system_json(&self, names: &[String], results: &[ResampledRun], paired: bool) -> String {
        let objects: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(s, name)| {
                let mut fields = vec![("system".to_string(), Json::String(name.clone()))];
                for result in results {
                    let value = if paired {
                        let outcome = result.comparison.as_ref().and_then(|c| c.systems.get(s));
                        let number = |x: Option<f64>| x.map_or(Json::Null, Json::Number);
                        Json::Object(vec![
                            (
                                "score".to_string(),
                                Json::Number(result.run.systems[s].corpus.score),
                            ),
                            (
                                "p_value".to_string(),
                                number(outcome.and_then(|o| o.p_value)),
                            ),
                            ("mean".to_string(), number(outcome.and_then(|o| o.mean))),
                            ("ci".to_string(), number(outcome.and_then(|o| o.ci))),
                        ])
                    } else {
                        Json::String(python_fixed(result.run.systems[s].corpus.score, self.width))
                    };
                    fields.push((result.run.name.clone(), value));
                }
                let object = json_object(&fields, 4, 1, true);
                format!("    {object}")
            })
            .collect();
        format!("[\n{}\n]\n", objects.join(",\n"))
    }

    /// The block sacreBLEU prints under a paired test's table.
    fn paired_explanation(&self, baseline: &str) -> String {
        let (test, unit) = if self.paired_bs {
            ("bootstrap resampling", "resampling trials")
        } else {
            ("approximate randomization", "trials")
        };
        let message = format!("Paired {test} test with {} {unit}", self.paired_samples);
        let rule = "-".repeat(message.chars().count());
        let bline = self.paint("baseline", Color::Yellow);
        let bline_name = self.paint(baseline, Color::Yellow);
        let null_hyp = self.paint("Null hypothesis", Color::Green);
        let null_lower = null_hyp.to_lowercase();
        let red = self.paint("highlighted in red", Color::Red);
        let mut out = format!("{rule}\n{message}\n{rule}\n");
        out.push_str(&format!(
            " - Each system is pairwise compared to {bline_name}.\n"
        ));
        out.push_str(if self.paired_bs {
            "   Actual system score / bootstrap estimated true mean / 95% CI are provided for each metric.\n"
        } else {
            "   Actual system score is provided for each metric.\n"
        });
        out.push_str(&format!(
            "\n - {null_hyp}: the system and the {bline} translations are essentially\n   \
             generated by the same underlying process. For a given system and the {bline},\n   \
             the p-value is roughly the probability of the absolute score difference (delta)\n   \
             or higher occurring due to chance, under the assumption that the {null_lower} is correct.\n\n \
             - Assuming a significance threshold of 0.05, the {null_lower} can be rejected\n   \
             for p-values < 0.05 (marked with \"*\"). This means that the delta is unlikely to be attributed\n   \
             to chance, hence the system is significantly \"different\" than the {bline}.\n   \
             Otherwise, the p-values are {red}.\n\n \
             - NOTE: Significance does not tell whether a system is \"better\" than the {bline} but rather\n   \
             emphasizes the \"difference\" of the systems in terms of the replicability of the delta.\n\n",
        ));
        out
    }
}

/// `sacrebleu -h`: the options mteval accepts, in sacreBLEU's words.
pub fn help() -> String {
    "usage: sacrebleu [-h] [-i [INPUT ...]] [-m {bleu,chrf,ter} ...] [-l LANGPAIR] [options] [refs ...]\n\n\
     sacreBLEU 2.6.0's command line, computed by mteval: give reference files, then -i with the\n\
     system outputs (or pipe them in on standard input, one system per tab-separated column).\n\
     Every sacreBLEU option is accepted; test-set downloads (-t, --echo, --download) and\n\
     --list are not provided and say so; --encoding reads UTF-8, utf-8-sig and Latin-1.\n"
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_as_python_repr() {
        assert_eq!(python_float(22.3), "22.3");
        assert_eq!(python_float(100.0), "100.0");
        assert_eq!(python_float(0.0), "0.0");
        assert_eq!(python_float(0.00001), "1e-05");
        assert_eq!(python_float(1.5e-7), "1.5e-07");
        assert_eq!(python_float(48.530827009929865), "48.530827009929865");
    }

    #[test]
    fn json_strings_escape_as_python() {
        assert_eq!(json_string("a\"b\\", false), "\"a\\\"b\\\\\"");
        assert_eq!(json_string("é", true), "\"\\u00e9\"");
        assert_eq!(json_string("é", false), "\"é\"");
    }
}
