//! MQM annotation files in the Google/WMT TSV format (google/wmt-mqm-human-evaluation, Marot):
//! one annotation per line, `system, doc, doc_id, seg_id, rater, source, target, category,
//! severity[, comment]`, split on TAB only (no CSV quoting: raw `"` stay as they are), with the
//! error span marked `<v>…</v>` in the source or the target.
//!
//! Quirks handled as `mqm-scoring.md` (shared folder) §5 describes them: a header line
//! (containing `system\tdoc\t`, any case) is skipped wherever it appears; 9 and 10 columns are
//! both accepted (the 10th is a free-text comment, or Marot's JSON metadata, kept as text);
//! tabs past the 10th column stay in the comment; an unclosed `<v>` marks a span that runs to
//! the end of the text; `<v>`/`</v>` are removed from the texts kept. Category and severity are
//! kept as written: `analysis::mqm` maps them onto the category tree.

use crate::error::{Error, Result};
use crate::io::plain::{read_bytes, utf8_text};
use std::path::{Path, PathBuf};

/// Which text carries an annotation's `<v>` span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanSide {
    Source,
    Target,
}

/// The marked error span, in characters (code points) of the text without tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkedSpan {
    pub side: SpanSide,
    pub start: usize,
    pub end: usize,
    /// The `<v>` had no `</v>`: the span runs to the end of the text.
    pub unclosed: bool,
}

/// One annotation row.
#[derive(Debug, Clone, PartialEq)]
pub struct MqmRow {
    /// 1-based line number in the file.
    pub line: usize,
    pub system: String,
    pub doc: String,
    /// The `doc_id` column: the segment's 1-based index within its document.
    pub doc_segment: String,
    /// The `seg_id` column: a global segment id (with gaps).
    pub seg_id: String,
    pub rater: String,
    /// Source text without `<v>` tags.
    pub source: String,
    /// Target text without `<v>` tags.
    pub target: String,
    pub span: Option<MarkedSpan>,
    pub category: String,
    pub severity: String,
    /// The 10th column, when present and not empty.
    pub comment: Option<String>,
}

/// An annotation file, parsed.
#[derive(Debug, Clone)]
pub struct MqmFile {
    pub path: PathBuf,
    pub rows: Vec<MqmRow>,
    /// Number of 10-column rows (the rest have 9).
    pub ten_column_rows: usize,
    pub warnings: Vec<String>,
}

/// Reads an MQM TSV file (optionally gzip-compressed).
pub fn read_mqm_tsv(path: &Path) -> Result<MqmFile> {
    let bytes = read_bytes(path)?;
    parse_mqm_tsv(utf8_text(path, &bytes)?, path)
}

/// Parses the text of an MQM TSV file; `path` is only used in messages.
pub fn parse_mqm_tsv(text: &str, path: &Path) -> Result<MqmFile> {
    let mut warnings = Vec::new();
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            warnings.push(format!(
                "{}: removed the UTF-8 byte order mark at the start of the file",
                path.display()
            ));
            rest
        }
        None => text,
    };
    let mut rows = Vec::new();
    let mut ten_column_rows = 0;
    let mut unrated = Vec::new();
    for (index, line) in text.split('\n').enumerate() {
        let number = index + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        if line.to_lowercase().contains("system\tdoc\t") {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < 9 {
            return Err(Error::malformed(
                path.to_path_buf(),
                number,
                format!(
                    "expected 9 or 10 tab-separated columns (system, doc, doc_id, seg_id, rater, \
                     source, target, category, severity[, comment]) but found {}{}",
                    fields.len(),
                    if fields.len() == 1 && line.contains(',') {
                        "; the file looks comma-separated, but MQM files are split on TAB only"
                    } else {
                        ""
                    }
                ),
            ));
        }
        if fields.len() >= 10 {
            ten_column_rows += 1;
        }
        let (source, source_span) = strip_span_tags(fields[5]);
        let (target, target_span) = strip_span_tags(fields[6]);
        let span = match (source_span, target_span) {
            (_, Some((start, end, unclosed))) => Some(MarkedSpan {
                side: SpanSide::Target,
                start,
                end,
                unclosed,
            }),
            (Some((start, end, unclosed)), None) => Some(MarkedSpan {
                side: SpanSide::Source,
                start,
                end,
                unclosed,
            }),
            (None, None) => None,
        };
        if fields[4].trim().is_empty() {
            // No rater: the row carries no rating (Marot keeps it as metadata only), as in a
            // review sheet `mteval sample` wrote and nobody has filled in yet.
            unrated.push(number);
            continue;
        }
        let comment = if fields.len() >= 10 {
            let comment = fields[9..].join("\t");
            (!comment.trim().is_empty()).then_some(comment)
        } else {
            None
        };
        rows.push(MqmRow {
            line: number,
            system: fields[0].trim().to_string(),
            doc: fields[1].trim().to_string(),
            doc_segment: fields[2].trim().to_string(),
            seg_id: fields[3].trim().to_string(),
            rater: fields[4].trim().to_string(),
            source,
            target,
            span,
            category: fields[7].trim().to_string(),
            severity: fields[8].trim().to_string(),
            comment,
        });
    }
    refuse_without_rows(path, text, &rows, &unrated)?;
    if let Some(warning) = unrated_warning(path, &unrated) {
        warnings.push(warning);
    }
    Ok(MqmFile {
        path: path.to_path_buf(),
        rows,
        ten_column_rows,
        warnings,
    })
}

/// The warning about rows left out for having no rater (`unrated`: their line numbers).
fn unrated_warning(path: &Path, unrated: &[usize]) -> Option<String> {
    if unrated.is_empty() {
        return None;
    }
    let shown: Vec<String> = unrated.iter().take(5).map(usize::to_string).collect();
    let more = if unrated.len() > 5 { ", …" } else { "" };
    Some(format!(
        "{}: left out {} row(s) without a rater, which rate nothing ({} {}{more})",
        path.display(),
        unrated.len(),
        if unrated.len() == 1 { "line" } else { "lines" },
        shown.join(", ")
    ))
}

/// An error when the file has no rated row: empty, only a header, or nothing rated yet.
fn refuse_without_rows(path: &Path, text: &str, rows: &[MqmRow], unrated: &[usize]) -> Result<()> {
    if !rows.is_empty() {
        return Ok(());
    }
    Err(if !unrated.is_empty() {
        Error::malformed_file(
            path,
            format!(
                "none of its {} annotation rows has a rater, so nothing is rated yet",
                unrated.len()
            ),
        )
    } else if text.trim().is_empty() {
        Error::EmptyFile {
            path: path.to_path_buf(),
        }
    } else {
        Error::malformed_file(path, "no annotation rows, only a header")
    })
}

/// Removes every `<v>` and `</v>`; returns the text and the first span (start, end, unclosed)
/// in characters of the stripped text.
fn strip_span_tags(field: &str) -> (String, Option<(usize, usize, bool)>) {
    if !field.contains("<v>") && !field.contains("</v>") {
        return (field.to_string(), None);
    }
    let mut text = String::with_capacity(field.len());
    let mut chars = 0usize;
    let mut start: Option<usize> = None;
    let mut end: Option<usize> = None;
    let mut rest = field;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<v>") {
            if start.is_none() {
                start = Some(chars);
            }
            rest = after;
        } else if let Some(after) = rest.strip_prefix("</v>") {
            if start.is_some() && end.is_none() {
                end = Some(chars);
            }
            rest = after;
        } else {
            let c = rest.chars().next().unwrap_or_default();
            text.push(c);
            chars += 1;
            rest = &rest[c.len_utf8()..];
        }
    }
    let span = start.map(|start| match end {
        Some(end) => (start, end, false),
        None => (start, chars, true),
    });
    (text, span)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity";

    fn parse(text: &str) -> Result<MqmFile> {
        parse_mqm_tsv(text, Path::new("t.tsv"))
    }

    #[test]
    fn nine_and_ten_columns_raw_quotes_and_spans() {
        let text = format!(
            "{HEADER}\tcomment\n\
             A\tt.1\t1\t7\tr1\tSo \"he\" said.\t<v>\"Why</v> does it do this,\" I ask.\tFluency/Punctuation\tMinor\n\
             A\tt.1\t1\t7\tr1\tSo he said.\tEr sagte <v>?\tOther\tMajor\tLocale convention measurement\n\
             B\tt.1\t2\t8\tr2\tSo <v>he</v> said.\tEr sagte.\tAccuracy/Omission\tMinor\t\n"
        );
        let file = parse(&text).unwrap();
        assert_eq!(file.rows.len(), 3);
        assert_eq!(file.ten_column_rows, 2);
        let first = &file.rows[0];
        assert_eq!(first.line, 2);
        assert_eq!(first.source, "So \"he\" said.");
        assert_eq!(first.target, "\"Why does it do this,\" I ask.");
        assert_eq!(
            first.span,
            Some(MarkedSpan {
                side: SpanSide::Target,
                start: 0,
                end: 4,
                unclosed: false
            })
        );
        assert_eq!(first.comment, None);
        let unclosed = &file.rows[1];
        assert_eq!(unclosed.target, "Er sagte ?");
        assert_eq!(
            unclosed.span,
            Some(MarkedSpan {
                side: SpanSide::Target,
                start: 9,
                end: 10,
                unclosed: true
            })
        );
        assert_eq!(
            unclosed.comment.as_deref(),
            Some("Locale convention measurement")
        );
        let source_side = file.rows[2].span.unwrap();
        assert_eq!(source_side.side, SpanSide::Source);
        assert_eq!((source_side.start, source_side.end), (3, 5));
    }

    #[test]
    fn header_anywhere_crlf_and_blank_lines_are_skipped() {
        let text = format!(
            "A\td\t1\t1\tr\ts\tt\tNo-error\tNo-error\r\n\n{}\nB\td\t1\t1\tr\ts\tt\tNo-error\tNo-error\r\n",
            HEADER.to_uppercase()
        );
        let file = parse(&text).unwrap();
        assert_eq!(file.rows.len(), 2);
        assert_eq!(file.rows[1].severity, "No-error");
        assert_eq!(file.rows[1].line, 4);
    }

    #[test]
    fn short_rows_are_located_errors() {
        let err = parse("A\td\t1\t1\tr\ts\tt\tOther\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("t.tsv:1:") && err.contains("found 8"), "{err}");
        let err = parse("A,d,1,1,r,s,t,Other,Minor\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("comma-separated"), "{err}");
        let err = parse(HEADER).unwrap_err().to_string();
        assert!(err.contains("no annotation rows, only a header"), "{err}");
        assert!(matches!(parse("\n\n"), Err(Error::EmptyFile { .. })));
    }

    #[test]
    fn stray_tags_never_panic() {
        for field in ["</v>x", "<v>", "a<v>b<v>c</v>d</v>", "é<v>ü", "<v></v>"] {
            let (text, span) = strip_span_tags(field);
            assert!(!text.contains("<v>") && !text.contains("</v>"));
            if let Some((start, end, _)) = span {
                assert!(start <= end && end <= text.chars().count());
            }
        }
    }
}
