//! Languages as the analyses need them: ISO 639-1 codes (`--lang en-de`), the `whatlang`
//! identifier's language, the Snowball stemmer (`rust-stemmers`) for base forms, the decimal
//! separator, and whether the language capitalizes nouns. Also majority-vote detection of a
//! file's language when `--lang` is not given.

use crate::error::{Error, Result, Setting};
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashMap;
use whatlang::Lang;

/// ISO 639-1 code → whatlang language (whatlang uses ISO 639-3).
const LANGS: &[(&str, Lang)] = &[
    ("af", Lang::Afr),
    ("ak", Lang::Aka),
    ("am", Lang::Amh),
    ("ar", Lang::Ara),
    ("az", Lang::Aze),
    ("be", Lang::Bel),
    ("bg", Lang::Bul),
    ("bn", Lang::Ben),
    ("ca", Lang::Cat),
    ("cs", Lang::Ces),
    ("cy", Lang::Cym),
    ("da", Lang::Dan),
    ("de", Lang::Deu),
    ("el", Lang::Ell),
    ("en", Lang::Eng),
    ("eo", Lang::Epo),
    ("es", Lang::Spa),
    ("et", Lang::Est),
    ("fa", Lang::Pes),
    ("fi", Lang::Fin),
    ("fr", Lang::Fra),
    ("gu", Lang::Guj),
    ("he", Lang::Heb),
    ("hi", Lang::Hin),
    ("hr", Lang::Hrv),
    ("hu", Lang::Hun),
    ("hy", Lang::Hye),
    ("id", Lang::Ind),
    ("it", Lang::Ita),
    ("ja", Lang::Jpn),
    ("jv", Lang::Jav),
    ("ka", Lang::Kat),
    ("km", Lang::Khm),
    ("kn", Lang::Kan),
    ("ko", Lang::Kor),
    ("la", Lang::Lat),
    ("lt", Lang::Lit),
    ("lv", Lang::Lav),
    ("mk", Lang::Mkd),
    ("ml", Lang::Mal),
    ("mr", Lang::Mar),
    ("my", Lang::Mya),
    ("nb", Lang::Nob),
    ("ne", Lang::Nep),
    ("nl", Lang::Nld),
    ("no", Lang::Nob),
    ("or", Lang::Ori),
    ("pa", Lang::Pan),
    ("pl", Lang::Pol),
    ("pt", Lang::Por),
    ("ro", Lang::Ron),
    ("ru", Lang::Rus),
    ("si", Lang::Sin),
    ("sk", Lang::Slk),
    ("sl", Lang::Slv),
    ("sn", Lang::Sna),
    ("sr", Lang::Srp),
    ("sv", Lang::Swe),
    ("ta", Lang::Tam),
    ("te", Lang::Tel),
    ("th", Lang::Tha),
    ("tk", Lang::Tuk),
    ("tl", Lang::Tgl),
    ("tr", Lang::Tur),
    ("uk", Lang::Ukr),
    ("ur", Lang::Urd),
    ("uz", Lang::Uzb),
    ("vi", Lang::Vie),
    ("yi", Lang::Yid),
    ("zh", Lang::Cmn),
    ("zu", Lang::Zul),
];

/// Groups of languages the identifier confuses on short texts; a hypothesis identified as a
/// language of its target's group is not reported as being in the wrong language.
const CONFUSABLE: &[&[Lang]] = &[
    &[Lang::Dan, Lang::Nob, Lang::Swe],
    &[Lang::Hrv, Lang::Srp, Lang::Slv],
    &[Lang::Ces, Lang::Slk],
    &[Lang::Rus, Lang::Ukr, Lang::Bel, Lang::Bul, Lang::Mkd],
    &[Lang::Cmn, Lang::Jpn],
    &[Lang::Hin, Lang::Mar, Lang::Nep],
    &[Lang::Ind, Lang::Jav],
    &[Lang::Spa, Lang::Cat],
    &[Lang::Deu, Lang::Nld, Lang::Afr],
];

/// A language the analyses know about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language {
    /// ISO 639-1 code (or the 639-3 code where the language has no 639-1 code).
    pub code: &'static str,
    pub lang: Lang,
}

impl Language {
    /// Looks a code up: ISO 639-1 (`de`), ISO 639-3 (`deu`), or a region-tagged code (`pt-BR`,
    /// `zh_Hans`: the part before the tag).
    pub fn from_code(code: &str) -> Option<Language> {
        let code = code.trim().to_ascii_lowercase();
        let base = code.split(['_', '-']).next().unwrap_or("");
        if let Some(&(code, lang)) = LANGS.iter().find(|(c, _)| *c == base) {
            return Some(Language { code, lang });
        }
        let lang = Lang::from_code(base)?;
        let code = LANGS
            .iter()
            .find(|(_, l)| *l == lang)
            .map_or(lang.code(), |(c, _)| c);
        Some(Language { code, lang })
    }

    /// From the identifier's language.
    pub fn from_lang(lang: Lang) -> Language {
        Language::from_code(lang.code()).unwrap_or(Language {
            code: lang.code(),
            lang,
        })
    }

    /// The Snowball stemmer of the language, where there is one.
    pub fn stemmer_algorithm(self) -> Option<Algorithm> {
        Some(match self.code {
            "ar" => Algorithm::Arabic,
            "da" => Algorithm::Danish,
            "nl" => Algorithm::Dutch,
            "en" => Algorithm::English,
            "fi" => Algorithm::Finnish,
            "fr" => Algorithm::French,
            "de" => Algorithm::German,
            "el" => Algorithm::Greek,
            "hu" => Algorithm::Hungarian,
            "it" => Algorithm::Italian,
            "nb" | "no" => Algorithm::Norwegian,
            "pt" => Algorithm::Portuguese,
            "ro" => Algorithm::Romanian,
            "ru" => Algorithm::Russian,
            "es" => Algorithm::Spanish,
            "sv" => Algorithm::Swedish,
            "ta" => Algorithm::Tamil,
            "tr" => Algorithm::Turkish,
            _ => return None,
        })
    }

    /// Whether numbers are written with a decimal comma (`3,5`) rather than a decimal point.
    pub fn uses_decimal_comma(self) -> bool {
        matches!(
            self.code,
            "de" | "fr"
                | "es"
                | "it"
                | "pt"
                | "nl"
                | "cs"
                | "sk"
                | "pl"
                | "ru"
                | "uk"
                | "be"
                | "bg"
                | "hr"
                | "sr"
                | "sl"
                | "da"
                | "nb"
                | "no"
                | "sv"
                | "fi"
                | "et"
                | "lv"
                | "lt"
                | "ro"
                | "hu"
                | "tr"
                | "el"
                | "ca"
                | "id"
                | "vi"
        )
    }

    /// Whether common nouns are capitalized (so capitalized words are not names).
    pub fn capitalizes_nouns(self) -> bool {
        matches!(self.code, "de" | "lb")
    }

    /// Whether the identifier may mistake `other` for this language on a short text.
    pub fn confusable_with(self, other: Lang) -> bool {
        self.lang == other
            || CONFUSABLE
                .iter()
                .any(|group| group.contains(&self.lang) && group.contains(&other))
    }
}

/// `SRC-TGT` as `--lang` takes it (`en-de`).
pub fn parse_language_pair(pair: &str) -> Result<(Language, Language)> {
    let bad = |reason: &str| Error::invalid_option(Setting::Language, pair, reason);
    // sacreBLEU's reading: the first two dash-separated fields (`en-zh-TW` is en → zh).
    let source = pair.split('-').next().unwrap_or(pair);
    let target = crate::corpus::LanguagePair::sacrebleu_target(pair)
        .ok_or_else(|| bad("write SRC-TGT with ISO 639-1 codes, e.g. en-de"))?;
    let language = |code: &str| {
        Language::from_code(code).ok_or_else(|| {
            bad(&format!(
                "unknown language code {code:?}; use ISO 639-1 codes such as en, de, zh"
            ))
        })
    };
    Ok((language(source)?, language(target)?))
}

/// The language most segments are reliably identified as (at most `sample` non-empty
/// segments are looked at), if any.
pub fn majority_language<'a>(
    segments: impl Iterator<Item = &'a str>,
    sample: usize,
) -> Option<Language> {
    let mut votes: HashMap<Lang, usize> = HashMap::new();
    let judged = segments
        .filter(|s| s.split_whitespace().count() >= 3 || s.chars().count() >= 12)
        .take(sample);
    for segment in judged {
        if let Some(info) = whatlang::detect(segment) {
            if info.is_reliable() {
                *votes.entry(info.lang()).or_default() += 1;
            }
        }
    }
    votes
        .into_iter()
        .max_by_key(|&(lang, count)| (count, std::cmp::Reverse(lang.code())))
        .map(|(lang, _)| Language::from_lang(lang))
}

/// Base forms for inflection matching: Snowball stems of the lower-cased word where the language
/// has a stemmer, else Hjerson's fallback, the first four characters.
pub struct BaseForms {
    stemmer: Option<Stemmer>,
}

impl std::fmt::Debug for BaseForms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BaseForms")
            .field("stemmer", &self.stemmer.is_some())
            .finish()
    }
}

impl BaseForms {
    /// Base forms for a language (`None`: the four-character fallback).
    pub fn new(language: Option<Language>) -> Self {
        BaseForms {
            stemmer: language
                .and_then(Language::stemmer_algorithm)
                .map(Stemmer::create),
        }
    }

    /// Whether a real stemmer is used.
    pub fn has_stemmer(&self) -> bool {
        self.stemmer.is_some()
    }

    /// The base form of an already lower-cased word.
    pub fn base(&self, lowercase_word: &str) -> String {
        match &self.stemmer {
            Some(stemmer) => stemmer.stem(lowercase_word).into_owned(),
            None => lowercase_word.chars().take(4).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_pairs() {
        let (en, de) = parse_language_pair("en-de").unwrap();
        assert_eq!((en.code, de.lang), ("en", Lang::Deu));
        assert_eq!(Language::from_code("deu").unwrap().code, "de");
        assert_eq!(Language::from_code("pt_BR").unwrap().lang, Lang::Por);
        assert!(parse_language_pair("ende").is_err());
        assert!(parse_language_pair("en-xx").is_err());
        assert!(de.uses_decimal_comma() && !en.uses_decimal_comma());
        assert!(de.capitalizes_nouns());
    }

    #[test]
    fn stems_and_fallback() {
        let german = BaseForms::new(Language::from_code("de"));
        assert_eq!(german.base("häuser"), german.base("häusern"));
        let none = BaseForms::new(Language::from_code("cs"));
        assert!(!none.has_stemmer());
        assert_eq!(none.base("domů"), "domů");
        assert_eq!(none.base("domovy"), "domo");
    }

    #[test]
    fn majority_vote() {
        let lines = [
            "Das ist ein ganz normaler deutscher Satz über das Wetter.",
            "Heute regnet es in Berlin und morgen scheint die Sonne.",
            "ok",
        ];
        assert_eq!(majority_language(lines.into_iter(), 10).unwrap().code, "de");
    }
}
