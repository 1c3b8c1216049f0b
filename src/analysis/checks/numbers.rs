//! Numbers and dates of the hypothesis against the source (Xbench numeric mismatch, CheckMate
//! SUSPECT_NUMBER / SUSPECT_DATE_TIME).
//!
//! **numbers**: digit sequences with `.` `,` `'` or (narrow) no-break-space separators are read
//! both ways (`1,234.5` and `1.234,5`; a group separator must be followed by exactly three
//! digits), except that a number of a language given by `--lang` is read only its own way. The
//! source's numbers are matched with the hypothesis's as multisets of values. Then:
//! - a source number and a hypothesis number left over together → a different value,
//!   Accuracy/Mistranslation, Major (on the hypothesis number);
//! - a source number left over → missing, Accuracy/Omission, Minor (empty span at the end);
//! - a hypothesis number left over → extra, Accuracy/Addition, Minor;
//! - a match only under the other language's convention (`3.5` or `1,000` in German output)
//!   → Locale convention/Number format, Minor.
//!
//! Integers up to 12 without separators are not reported as missing or extra, since they are
//! often written out in words (`10 diplomats` → `zehn Diplomaten`). Times of day are also read
//! as times (`5:30 pm` = `17.30` = `17:30`, `1pm` = `13 Uhr`) and never count as locale
//! format errors.
//!
//! **dates**: months named in English, German, French, Spanish, Italian, Portuguese or Dutch,
//! and numeric dates (`15.04.2021`, `2021-04-15`, `04/15/2021`, read both ways) give months; a
//! source month matched by no hypothesis month while the hypothesis names another one →
//! Accuracy/Mistranslation, Major (on that hypothesis date); a source month with no hypothesis
//! date at all, when the target language is one of those seven → Accuracy/Omission, Minor.
//! `May` and `March` count as months only capitalized and next to a number (`May 15`), since
//! they are also a verb.

use super::{CheckContext, SegmentView};
use crate::analysis::finding::{Check, Finding};
use crate::analysis::language::Language;
use crate::analysis::taxonomy::{Category, Severity};
use crate::analysis::words::{char_len, WordKind};
use regex::Regex;
use std::sync::OnceLock;

/// A number as written, with its character span and the values it may mean.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct NumberToken {
    text: String,
    start: usize,
    end: usize,
    /// Value read with a decimal point (`,` groups).
    point: Option<String>,
    /// Value read with a decimal comma (`.` groups).
    comma: Option<String>,
    /// Readings as a time of day (`17:30`, `5.30 pm`, `1pm` → `13`), in `HH:MM` and, for
    /// whole hours, the plain hour too.
    times: Vec<String>,
}

impl NumberToken {
    fn values(&self) -> impl Iterator<Item = &String> {
        self.point
            .iter()
            .chain(self.comma.iter())
            .chain(self.times.iter())
    }

    fn has_separator(&self) -> bool {
        self.text.contains(['.', ','])
    }

    fn is_time(&self) -> bool {
        !self.times.is_empty()
    }

    fn is_small_integer(&self) -> bool {
        self.text.chars().all(|c| c.is_ascii_digit())
            && self.text.parse::<u32>().is_ok_and(|v| v <= 12)
    }
}

fn number_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"[0-9０-９](?:[0-9０-９]|[.,:'’\u{a0}\u{202f}\u{2009}][0-9０-９])*")
            .expect("valid regex")
    })
}

/// Canonical value of `digits` read with `group` as group and `decimal` as decimal separator.
fn read(text: &str, group: char, decimal: char) -> Option<String> {
    let mut integer = String::new();
    let mut fraction: Option<String> = None;
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut separators = Vec::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            current.push(c);
        } else {
            pieces.push(std::mem::take(&mut current));
            separators.push(c);
        }
    }
    pieces.push(current);
    for (k, piece) in pieces.iter().enumerate() {
        if k == 0 {
            integer.push_str(piece);
            continue;
        }
        let separator = separators[k - 1];
        let is_group = separator == group
            || matches!(separator, '\'' | '’' | '\u{a0}' | '\u{202f}' | '\u{2009}');
        if fraction.is_some() {
            return None;
        }
        if is_group {
            if piece.len() != 3 {
                return None;
            }
            integer.push_str(piece);
        } else if separator == decimal {
            fraction = Some(piece.clone());
        } else {
            return None;
        }
    }
    let integer = integer.trim_start_matches('0');
    let integer = if integer.is_empty() { "0" } else { integer };
    Some(match fraction.as_deref().map(|f| f.trim_end_matches('0')) {
        Some(f) if !f.is_empty() => format!("{integer}.{f}"),
        _ => integer.to_string(),
    })
}

fn meridiem_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^\s?([AaPp])\.?\s?[Mm]\b\.?").expect("valid regex"))
}

/// Time-of-day readings of `raw` (`H:MM`, `H.MM`, or a bare hour before am/pm), with the text
/// after it deciding am/pm.
fn time_readings(raw: &str, after: &str) -> Vec<String> {
    let meridiem = meridiem_regex()
        .captures(after)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_ascii_lowercase());
    let (hour, minute) = match raw.split_once([':', '.']) {
        Some((h, m)) if h.len() <= 2 && m.len() == 2 => (h, m),
        None if meridiem.is_some() && raw.len() <= 2 => (raw, "00"),
        _ => return Vec::new(),
    };
    let (Ok(mut hour), Ok(minute)) = (hour.parse::<u32>(), minute.parse::<u32>()) else {
        return Vec::new();
    };
    if hour > 24 || minute > 59 {
        return Vec::new();
    }
    match meridiem.as_deref() {
        Some("p") if hour < 12 => hour += 12,
        Some("a") if hour == 12 => hour = 0,
        _ => {}
    }
    let mut readings = vec![format!("{hour}:{minute:02}")];
    if minute == 0 {
        readings.push(hour.to_string());
    }
    readings
}

fn extract(text: &str, language: Option<Language>) -> Vec<NumberToken> {
    let mut out = Vec::new();
    for m in number_regex().find_iter(text) {
        let raw: String = m
            .as_str()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                _ => c,
            })
            .collect();
        let start = text[..m.start()].chars().count();
        let end = start + m.as_str().chars().count();
        let times = time_readings(&raw, &text[m.end()..]);
        let (mut point, mut comma) = if raw.contains(':') {
            (None, None)
        } else {
            (read(&raw, ',', '.'), read(&raw, '.', ','))
        };
        match language.map(Language::uses_decimal_comma) {
            Some(true) if comma.is_some() => point = None,
            Some(false) if point.is_some() => comma = None,
            _ => {}
        }
        if point.is_none() && comma.is_none() && times.is_empty() {
            continue;
        }
        out.push(NumberToken {
            text: raw,
            start,
            end,
            point,
            comma,
            times,
        });
    }
    out
}

pub(super) fn numbers(
    segment: &SegmentView<'_>,
    context: &CheckContext<'_>,
    out: &mut Vec<Finding>,
) {
    let Some(source) = segment.source else {
        return;
    };
    let source_numbers = segment
        .cache
        .source_numbers
        .get_or_init(|| extract(source, context.source_language));
    let hypothesis_numbers = extract(segment.hypothesis, None);
    if source_numbers.is_empty() && hypothesis_numbers.is_empty() {
        return;
    }
    let mut used = vec![false; hypothesis_numbers.len()];
    let mut missing = Vec::new();
    for number in source_numbers {
        // Prefer a hypothesis number written the target's way.
        let mut best: Option<(usize, bool)> = None;
        for (k, candidate) in hypothesis_numbers.iter().enumerate() {
            if used[k] {
                continue;
            }
            let native = match context.target_language.map(Language::uses_decimal_comma) {
                Some(true) => candidate.comma.as_ref(),
                Some(false) => candidate.point.as_ref(),
                None => None,
            };
            let native_match = native.is_some_and(|v| number.values().any(|s| s == v));
            let any_match = candidate.values().any(|v| number.values().any(|s| s == v));
            if !any_match {
                continue;
            }
            let proper = context.target_language.is_none()
                || native_match
                || !candidate.has_separator()
                || candidate.is_time();
            if best.is_none_or(|(_, p)| proper && !p) {
                best = Some((k, proper));
            }
            if proper {
                break;
            }
        }
        match best {
            Some((k, proper)) => {
                used[k] = true;
                if !proper {
                    let found = &hypothesis_numbers[k];
                    out.push(
                        Finding::span(
                            Check::Numbers,
                            segment.hypothesis,
                            found.start,
                            found.end,
                            format!(
                                "{} is written the way of another locale (source {})",
                                found.text, number.text
                            ),
                        )
                        .mapped(Category::NUMBER_FORMAT, Severity::Minor),
                    );
                }
            }
            None => missing.push(number),
        }
    }
    let extra: Vec<&NumberToken> = hypothesis_numbers
        .iter()
        .zip(&used)
        .filter(|(_, &u)| !u)
        .map(|(n, _)| n)
        .collect();
    let paired = missing.len().min(extra.len());
    for (expected, found) in missing.iter().zip(&extra).take(paired) {
        out.push(Finding::span(
            Check::Numbers,
            segment.hypothesis,
            found.start,
            found.end,
            format!("{} where the source has {}", found.text, expected.text),
        ));
    }
    let end = char_len(segment.hypothesis);
    for expected in missing
        .iter()
        .skip(paired)
        .filter(|n| !n.is_small_integer())
    {
        out.push(
            Finding::span(
                Check::Numbers,
                segment.hypothesis,
                end,
                end,
                format!("source number {} is missing", expected.text),
            )
            .mapped(Category::OMISSION, Severity::Minor),
        );
    }
    for found in extra.iter().skip(paired).filter(|n| !n.is_small_integer()) {
        out.push(
            Finding::span(
                Check::Numbers,
                segment.hypothesis,
                found.start,
                found.end,
                format!("{} is not in the source", found.text),
            )
            .mapped(Category::ADDITION, Severity::Minor),
        );
    }
}

/// Month names (lower case) of the languages the date check reads, with their month.
const MONTHS: &[(&str, u8)] = &[
    // English (capitalized in text; `may` and `march` only count capitalized).
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("sept", 9),
    // German.
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    // French.
    ("janvier", 1),
    ("février", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    // Spanish.
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    // Italian.
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    // Portuguese.
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    // Dutch.
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("juli", 7),
    ("augustus", 8),
    ("oktober", 10),
];

/// Month names that are also ordinary words unless capitalized.
const CAPITALIZED_ONLY: &[&str] = &["may", "march"];

const DATE_LANGUAGES: &[&str] = &["en", "de", "fr", "es", "it", "pt", "nl"];

/// A date mention: its span and the months it may mean.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct DateMention {
    start: usize,
    end: usize,
    months: Vec<u8>,
    text: String,
}

fn date_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\b(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})\.(\d{1,2})\.(?:\d{2,4})?|(\d{1,2})/(\d{1,2})/\d{2,4})")
            .expect("valid regex")
    })
}

fn date_mentions(text: &str, words: &[crate::analysis::words::Word<'_>]) -> Vec<DateMention> {
    let mut out = Vec::new();
    for (k, word) in words.iter().enumerate() {
        if word.kind != WordKind::Word {
            continue;
        }
        let lower = word.lower_case();
        let Some(&(_, month)) = MONTHS.iter().find(|(name, _)| *name == lower) else {
            continue;
        };
        if CAPITALIZED_ONLY.contains(&&*lower) {
            let near_number = words[k.saturating_sub(2)..(k + 3).min(words.len())]
                .iter()
                .any(|w| w.kind == WordKind::Number);
            if !word.text.starts_with(char::is_uppercase) || !near_number {
                continue;
            }
        }
        out.push(DateMention {
            start: word.start,
            end: word.end,
            months: vec![month],
            text: word.text.to_string(),
        });
    }
    let month = |m: Option<regex::Match<'_>>| {
        m.and_then(|m| m.as_str().parse::<u8>().ok())
            .filter(|m| (1..=12).contains(m))
    };
    for captures in date_regex().captures_iter(text) {
        let Some(whole) = captures.get(0) else {
            continue;
        };
        let months: Vec<u8> = if captures.get(1).is_some() {
            month(captures.get(2)).into_iter().collect()
        } else if captures.get(4).is_some() {
            // `15.04.` — but not a decimal number: needs a day ≤ 31 and the final dot.
            let day_ok = captures
                .get(4)
                .and_then(|d| d.as_str().parse::<u8>().ok())
                .is_some_and(|d| (1..=31).contains(&d));
            if !day_ok {
                continue;
            }
            month(captures.get(5)).into_iter().collect()
        } else {
            let mut both: Vec<u8> = month(captures.get(6))
                .into_iter()
                .chain(month(captures.get(7)))
                .collect();
            both.dedup();
            both
        };
        if months.is_empty() {
            continue;
        }
        let start = text[..whole.start()].chars().count();
        out.push(DateMention {
            start,
            end: start + whole.as_str().chars().count(),
            months,
            text: whole.as_str().to_string(),
        });
    }
    out.sort_by_key(|d| d.start);
    out
}

pub(super) fn dates(segment: &SegmentView<'_>, context: &CheckContext<'_>, out: &mut Vec<Finding>) {
    let (Some(source), Some(source_words)) = (segment.source, segment.source_words) else {
        return;
    };
    let source_dates = segment
        .cache
        .source_dates
        .get_or_init(|| date_mentions(source, source_words));
    if source_dates.is_empty() {
        return;
    }
    let hypothesis_dates = date_mentions(segment.hypothesis, segment.hypothesis_words);
    let mut used = vec![false; hypothesis_dates.len()];
    let mut missing = Vec::new();
    for date in source_dates {
        match hypothesis_dates
            .iter()
            .enumerate()
            .find(|(k, h)| !used[*k] && h.months.iter().any(|m| date.months.contains(m)))
        {
            Some((k, _)) => used[k] = true,
            None => missing.push(date),
        }
    }
    let mut extra = hypothesis_dates
        .iter()
        .zip(&used)
        .filter(|(_, &u)| !u)
        .map(|(d, _)| d);
    let target_readable = context
        .target_language
        .is_some_and(|t| DATE_LANGUAGES.contains(&t.code));
    let end = char_len(segment.hypothesis);
    for expected in missing {
        match extra.next() {
            Some(found) => out.push(Finding::span(
                Check::Dates,
                segment.hypothesis,
                found.start,
                found.end,
                format!("{} where the source has {}", found.text, expected.text),
            )),
            None if target_readable => out.push(
                Finding::span(
                    Check::Dates,
                    segment.hypothesis,
                    end,
                    end,
                    format!("source date {} is missing", expected.text),
                )
                .mapped(Category::OMISSION, Severity::Minor),
            ),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;

    fn found(hypothesis: &str, source: &str, pair: Option<(&str, &str)>) -> Vec<(String, String)> {
        run(numbers, hypothesis, Some(source), None, pair)
            .into_iter()
            .map(|f| (f.text, f.category.to_string()))
            .collect()
    }

    #[test]
    fn reads_numbers_both_ways() {
        assert_eq!(read("1,234.5", ',', '.').as_deref(), Some("1234.5"));
        assert_eq!(read("1.234,50", '.', ',').as_deref(), Some("1234.5"));
        assert_eq!(read("1,5", ',', '.'), None);
        assert_eq!(read("1\u{a0}000", ',', '.').as_deref(), Some("1000"));
        assert_eq!(read("007", ',', '.').as_deref(), Some("7"));
    }

    #[test]
    fn number_mismatches() {
        let en_de = Some(("en", "de"));
        // Same values, the target's way.
        assert!(found(
            "Die Sanktionen kosten 1.500 Dollar und 3,5 Prozent.",
            "The sanctions cost 1,500 dollars and 3.5 percent.",
            en_de
        )
        .is_empty());
        // Spelled-out small numbers are fine.
        assert!(found(
            "Russland wies zehn Diplomaten aus.",
            "Russia expelled 10 diplomats.",
            en_de
        )
        .is_empty());
        // A different value.
        assert_eq!(
            found(
                "Am 16. verhängten sie Sanktionen.",
                "On the 15th they imposed sanctions.",
                en_de
            ),
            vec![("16".to_string(), "Accuracy/Mistranslation".to_string())]
        );
        // Missing and extra.
        assert_eq!(
            found(
                "Sie verhängten Sanktionen.",
                "They imposed 35 sanctions.",
                en_de
            ),
            vec![(String::new(), "Accuracy/Omission".to_string())]
        );
        assert_eq!(
            found(
                "Sie verhängten 2021 Sanktionen.",
                "They imposed sanctions.",
                en_de
            ),
            vec![("2021".to_string(), "Accuracy/Addition".to_string())]
        );
        // The right value in the source language's format.
        assert_eq!(
            found("Es kostet 3.5 Millionen.", "It costs 3.5 million.", en_de),
            vec![(
                "3.5".to_string(),
                "Locale convention/Number format".to_string()
            )]
        );
        // Times of day: 12-hour and 24-hour clocks agree.
        assert!(found(
            "Lieferung bis 13 Uhr, Abholung um 17.30 Uhr.",
            "Delivery by 1pm, pickup at 5:30 p.m.",
            en_de
        )
        .is_empty());
        assert!(found("Um 17:30 Uhr.", "At 5.30pm.", en_de).is_empty());
        assert_eq!(
            found("Um 18:30 Uhr.", "At 5.30pm.", en_de),
            vec![("18:30".to_string(), "Accuracy/Mistranslation".to_string())]
        );
        // Without languages both readings are accepted.
        assert!(found("Es kostet 3.5 Millionen.", "It costs 3.5 million.", None).is_empty());
    }

    #[test]
    fn date_mismatches() {
        let en_de = Some(("en", "de"));
        let check = |h: &str, s: &str| -> Vec<(String, String)> {
            run(dates, h, Some(s), None, en_de)
                .into_iter()
                .map(|f| (f.text, f.category.to_string()))
                .collect()
        };
        assert!(check("Am 15. April sprach er.", "He spoke on April 15.").is_empty());
        assert!(check("Am 15.04.2021 sprach er.", "He spoke on April 15, 2021.").is_empty());
        assert_eq!(
            check("Am 15. Mai sprach er.", "He spoke on April 15."),
            vec![("Mai".to_string(), "Accuracy/Mistranslation".to_string())]
        );
        assert_eq!(
            check("Er sprach am 15.", "He spoke on April 15."),
            vec![(String::new(), "Accuracy/Omission".to_string())]
        );
        // "may" the verb is not a month, even at the start of a sentence.
        assert!(check("Er könnte sprechen.", "He may speak.").is_empty());
        assert!(check("Möge Gott mit euch sein.", "May God be with you.").is_empty());
        assert_eq!(check("Am 3. Juni.", "On May 3.").len(), 1);
    }
}
