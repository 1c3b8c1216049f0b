//! The units alignment works on: lowercased words with punctuation split off for scripts written
//! with spaces, single characters for scripts written without them (Chinese, Japanese, Thai, …),
//! interned to integers so the dynamic programs compare numbers, each with its byte span in the
//! text so a hypothesis can be cut back into segments exactly where the units were split.

use crate::text::{is_python_whitespace, is_unspaced_script, python_split};
use rustc_hash::FxHashMap;
use std::fmt;
use std::ops::Range;

/// What one alignment unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitMode {
    /// Words (whitespace-separated, with leading and trailing punctuation as units of their own).
    Words,
    /// Characters (whitespace skipped), for scripts written without spaces.
    Characters,
}

/// `words` or `characters`, as messages and reports name the unit.
impl fmt::Display for UnitMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnitMode::Words => "words",
            UnitMode::Characters => "characters",
        })
    }
}

impl UnitMode {
    /// How two pieces of hypothesis text are joined: a space between words, nothing between
    /// characters.
    pub fn joiner(self) -> &'static str {
        match self {
            UnitMode::Words => " ",
            UnitMode::Characters => "",
        }
    }

    /// Characters for a target language written without spaces (`zh`, `ja`, `th`, `lo`, `km`,
    /// `my`, `bo`; a `SRC-TGT` pair uses its target), words for any other language.
    pub fn for_language(language: &str) -> UnitMode {
        let target = crate::corpus::LanguagePair::sacrebleu_target(language).unwrap_or(language);
        let target = target
            .split('_')
            .next()
            .unwrap_or(target)
            .to_ascii_lowercase();
        match target.as_str() {
            "zh" | "ja" | "th" | "lo" | "km" | "my" | "bo" | "yue" | "wuu" => UnitMode::Characters,
            _ => UnitMode::Words,
        }
    }

    /// Characters when at least a third of the letters of `texts` belong to a script written
    /// without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar, Tibetan).
    pub fn detect<'a>(texts: impl Iterator<Item = &'a str>) -> UnitMode {
        let (mut unspaced, mut letters) = (0usize, 0usize);
        for text in texts {
            for c in text.chars().filter(|c| c.is_alphabetic()) {
                letters += 1;
                unspaced += usize::from(is_unspaced_script(c));
            }
            if letters > 20_000 {
                break;
            }
        }
        if letters > 0 && unspaced * 3 >= letters {
            UnitMode::Characters
        } else {
            UnitMode::Words
        }
    }
}

/// Characters that end a sentence (a boundary right after them costs nothing extra).
fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | ';'
            | ':'
            | '…'
            | '。'
            | '！'
            | '？'
            | '；'
            | '：'
            | '．'
            | '։'
            | '۔'
            | '।'
    )
}

/// Closing quotes and brackets, which may follow a sentence end.
fn closes(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | ')'
            | ']'
            | '}'
            | '»'
            | '“'
            | '”'
            | '’'
            | '」'
            | '』'
            | '）'
            | '】'
            | '》'
            | '〉'
    )
}

fn is_punctuation(c: char) -> bool {
    !c.is_alphanumeric() && !is_python_whitespace(c)
}

/// Interns unit strings as integers; one interner is shared by everything compared together.
#[derive(Debug, Default)]
pub struct Interner {
    ids: FxHashMap<String, u32>,
}

impl Interner {
    pub fn id(&mut self, unit: &str) -> u32 {
        if let Some(&id) = self.ids.get(unit) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(unit.to_string(), id);
        id
    }
}

/// A text as a sequence of units.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Units {
    /// Interned (lowercased) units.
    pub ids: Vec<u32>,
    /// Byte span of every unit in the text.
    pub spans: Vec<Range<usize>>,
    /// Whether a sentence ends with each unit (sentence punctuation, possibly followed by
    /// closing quotes or brackets).
    pub sentence_end: Vec<bool>,
}

impl Units {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// Splits `text` into units.
pub fn split_units(text: &str, mode: UnitMode, interner: &mut Interner) -> Units {
    let mut units = Units::default();
    let mut lower = String::new();
    let mut push = |units: &mut Units, span: Range<usize>, interner: &mut Interner| {
        lower.clear();
        lower.extend(text[span.clone()].chars().flat_map(char::to_lowercase));
        let last = text[span.clone()].chars().next_back().unwrap_or(' ');
        let end = ends_sentence(last)
            || (closes(last) && units.sentence_end.last().copied().unwrap_or(false));
        units.ids.push(interner.id(&lower));
        units.spans.push(span);
        units.sentence_end.push(end);
    };
    match mode {
        UnitMode::Characters => {
            for (at, c) in text.char_indices() {
                if !is_python_whitespace(c) {
                    push(&mut units, at..at + c.len_utf8(), interner);
                }
            }
        }
        UnitMode::Words => {
            let base = text.as_ptr() as usize;
            for token in python_split(text) {
                let start = token.as_ptr() as usize - base;
                // Leading punctuation, the core, trailing punctuation.
                let core_start = token
                    .char_indices()
                    .find(|&(_, c)| !is_punctuation(c))
                    .map_or(token.len(), |(i, _)| i);
                let core_end = token
                    .char_indices()
                    .rev()
                    .find(|&(_, c)| !is_punctuation(c))
                    .map_or(core_start, |(i, c)| i + c.len_utf8())
                    .max(core_start);
                for (i, c) in token[..core_start].char_indices() {
                    push(&mut units, start + i..start + i + c.len_utf8(), interner);
                }
                if core_end > core_start {
                    push(&mut units, start + core_start..start + core_end, interner);
                }
                for (i, c) in token[core_end..].char_indices() {
                    let at = start + core_end + i;
                    push(&mut units, at..at + c.len_utf8(), interner);
                }
            }
        }
    }
    // A sentence end directly followed by a closing quote or bracket ends with that instead:
    // `said.”` is cut after the quote, not before it.
    for i in 1..units.len() {
        let adjacent = units.spans[i - 1].end == units.spans[i].start;
        let closing = text[units.spans[i].clone()].chars().all(closes);
        if adjacent && closing && units.sentence_end[i - 1] {
            units.sentence_end[i - 1] = false;
            units.sentence_end[i] = true;
        }
    }
    units
}

/// The text of the units `range` of `units` (taken from `text`): from the first unit's start to
/// the last unit's end, so the original spacing inside is kept.
pub fn text_of<'a>(text: &'a str, units: &Units, range: Range<usize>) -> &'a str {
    if range.is_empty() {
        return "";
    }
    &text[units.spans[range.start].start..units.spans[range.end - 1].end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_off_punctuation_and_mark_sentence_ends() {
        let mut interner = Interner::default();
        let text = "«Hello,  World!» said (she).";
        let units = split_units(text, UnitMode::Words, &mut interner);
        let pieces: Vec<&str> = units.spans.iter().map(|s| &text[s.clone()]).collect();
        assert_eq!(
            pieces,
            vec!["«", "Hello", ",", "World", "!", "»", "said", "(", "she", ")", "."]
        );
        let ends: Vec<usize> = (0..units.len())
            .filter(|&i| units.sentence_end[i])
            .collect();
        assert_eq!(ends, vec![5, 10]);
        let again = split_units("hello WORLD", UnitMode::Words, &mut interner);
        assert_eq!(again.ids, vec![units.ids[1], units.ids[3]]);
        assert_eq!(text_of(text, &units, 1..5), "Hello,  World!");
    }

    #[test]
    fn characters_skip_whitespace() {
        let mut interner = Interner::default();
        let text = "我爱 北京。";
        let units = split_units(text, UnitMode::Characters, &mut interner);
        assert_eq!(units.len(), 5);
        assert_eq!(units.sentence_end, vec![false, false, false, false, true]);
        let quoted = split_units("“好。”他说。", UnitMode::Characters, &mut interner);
        assert_eq!(
            quoted.sentence_end,
            vec![false, false, false, true, false, false, true]
        );
        assert_eq!(text_of(text, &units, 1..3), "爱 北");
    }

    #[test]
    fn modes_by_language_and_script() {
        assert_eq!(UnitMode::for_language("en-zh"), UnitMode::Characters);
        assert_eq!(UnitMode::for_language("ja"), UnitMode::Characters);
        assert_eq!(UnitMode::for_language("en-de"), UnitMode::Words);
        assert_eq!(UnitMode::for_language("ko"), UnitMode::Words);
        assert_eq!(
            UnitMode::detect(["这是一个测试 ok"].into_iter()),
            UnitMode::Characters
        );
        assert_eq!(
            UnitMode::detect(["Das ist ein Test 北"].into_iter()),
            UnitMode::Words
        );
    }
}
