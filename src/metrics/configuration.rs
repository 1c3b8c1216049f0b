//! A metric's configuration as plain data (`{"metric": "bleu", "tokenize": "13a", …}`): what a
//! statistics file records so that the metric can be rebuilt to score the statistics later.

use super::bleu::{Bleu, Smoothing};
use super::chrf::Chrf;
use super::ter::Ter;
use super::MetricConfig;
use crate::error::Result;
use crate::tokenize::tercom::TercomOptions;
use crate::tokenize::{tokenizer_by_name, TOKENIZER_NAMES};
use serde::{Deserialize, Serialize};

/// The settings of one metric, named as the command line names them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "metric", rename_all = "lowercase", deny_unknown_fields)]
pub enum Configuration {
    Bleu {
        tokenize: String,
        lowercase: bool,
        smooth_method: String,
        smooth_value: Option<f64>,
        max_ngram_order: usize,
        effective_order: bool,
    },
    /// chrF's settings as the metric holds them.
    Chrf(Chrf),
    /// TER's tokenizer settings.
    Ter(TercomOptions),
}

impl Configuration {
    /// The configuration of `metric`.
    pub fn of(metric: &MetricConfig) -> Self {
        match metric {
            MetricConfig::Bleu(bleu) => {
                let (smooth_method, smooth_value) = match bleu.smoothing {
                    Smoothing::Exp => ("exp", None),
                    Smoothing::None => ("none", None),
                    Smoothing::Floor(value) => ("floor", Some(value)),
                    Smoothing::AddK(value) => ("add-k", Some(value)),
                };
                Configuration::Bleu {
                    tokenize: tokenizer_name(bleu.tokenizer.signature()).to_string(),
                    lowercase: bleu.lowercase,
                    smooth_method: smooth_method.to_string(),
                    smooth_value,
                    max_ngram_order: bleu.max_ngram_order,
                    effective_order: bleu.effective_order,
                }
            }
            MetricConfig::Chrf(chrf) => Configuration::Chrf(chrf.clone()),
            MetricConfig::Ter(ter) => Configuration::Ter(ter.options),
        }
    }

    /// The metric this configuration describes. BLEU's tokenizer is loaded by name (MeCab and
    /// SentencePiece tokenizers from their default places).
    pub fn metric(&self) -> Result<MetricConfig> {
        Ok(match self.clone() {
            Configuration::Bleu {
                tokenize,
                lowercase,
                smooth_method,
                smooth_value,
                max_ngram_order,
                effective_order,
            } => {
                let mut bleu = Bleu::new(tokenizer_by_name(&tokenize)?);
                bleu.lowercase = lowercase;
                bleu.smoothing = Smoothing::from_method(&smooth_method, smooth_value)?;
                bleu.max_ngram_order = max_ngram_order;
                bleu.effective_order = effective_order;
                MetricConfig::Bleu(bleu)
            }
            Configuration::Chrf(chrf) => MetricConfig::Chrf(chrf),
            Configuration::Ter(options) => MetricConfig::Ter(Ter { options }),
        })
    }

    /// The configuration as one line of JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a configuration serializes to JSON")
    }

    /// A configuration from its JSON; the error says what is wrong with it.
    pub fn from_json(json: &str) -> std::result::Result<Self, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }
}

/// The `--tokenize` name of a tokenizer from its signature (`ja-mecab-0.996-IPA` is
/// `ja-mecab`): the signature itself, or the longest name it starts with.
fn tokenizer_name(signature: &str) -> &str {
    TOKENIZER_NAMES
        .iter()
        .copied()
        .filter(|name| signature.starts_with(name))
        .max_by_key(|name| name.len())
        .unwrap_or(signature)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metric_is_rebuilt_with_the_same_signature() {
        let mut bleu = Bleu::new(tokenizer_by_name("intl").unwrap());
        bleu.lowercase = true;
        bleu.smoothing = Smoothing::Floor(0.25);
        bleu.max_ngram_order = 3;
        let chrf = Chrf {
            word_order: 2,
            whitespace: true,
            ..Chrf::default()
        };
        let mut ter = Ter::default();
        ter.options.no_punct = true;
        for metric in [
            MetricConfig::Bleu(bleu),
            MetricConfig::Chrf(chrf),
            MetricConfig::Ter(ter),
        ] {
            let json = Configuration::of(&metric).to_json();
            let rebuilt = Configuration::from_json(&json).unwrap().metric().unwrap();
            assert_eq!(rebuilt.signature(2), metric.signature(2), "{json}");
            assert_eq!(rebuilt.name(), metric.name());
        }
        let bleu_json = Configuration::of(&MetricConfig::Bleu(Bleu::new(
            tokenizer_by_name("13a").unwrap(),
        )))
        .to_json();
        assert_eq!(
            bleu_json,
            r#"{"metric":"bleu","tokenize":"13a","lowercase":false,"smooth_method":"exp","smooth_value":null,"max_ngram_order":4,"effective_order":false}"#
        );
    }

    #[test]
    fn a_tokenizer_signature_names_its_tokenizer() {
        assert_eq!(tokenizer_name("ja-mecab-0.996-IPA"), "ja-mecab");
        assert_eq!(tokenizer_name("13a"), "13a");
        assert_eq!(tokenizer_name("flores200"), "flores200");
    }

    #[test]
    fn an_unknown_setting_is_refused() {
        let error = Configuration::from_json(r#"{"metric":"ter","normalized":true}"#).unwrap_err();
        assert!(error.contains("missing field"), "{error}");
        assert!(Configuration::from_json(r#"{"metric":"meteor"}"#).is_err());
    }
}
