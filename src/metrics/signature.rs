//! Metric signatures in sacreBLEU 2.x format (`nrefs:2|case:mixed|…|version:…`): the same keys in
//! the same order, long and short forms, with `version` naming mteval instead of sacreBLEU.

use crate::io::ReadOptions;
use serde::Serialize;

/// The value of the `version` key: this crate's name and version.
pub const VERSION: &str = concat!("mteval-", env!("CARGO_PKG_VERSION"));

/// Which resampling test a signature records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resampling {
    Bootstrap,
    Randomization,
}

/// One `key:value` pair of a signature, with sacreBLEU's abbreviation of the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureEntry {
    pub key: &'static str,
    pub short: &'static str,
    pub value: String,
}

/// An ordered list of settings that determine a score; `version` is always printed last.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Signature {
    entries: Vec<SignatureEntry>,
}

impl Signature {
    /// A signature starting with `nrefs`, as every sacreBLEU signature does.
    pub fn with_reference_count(nrefs: usize) -> Self {
        let mut signature = Signature::default();
        signature.push("nrefs", "#", nrefs.to_string());
        signature
    }

    /// Appends one setting.
    pub fn push(&mut self, key: &'static str, short: &'static str, value: impl Into<String>) {
        self.entries.push(SignatureEntry {
            key,
            short,
            value: value.into(),
        });
    }

    /// Appends a yes/no setting the way sacreBLEU prints booleans.
    pub fn push_flag(&mut self, key: &'static str, short: &'static str, value: bool) {
        self.push(key, short, if value { "yes" } else { "no" });
    }

    /// Adds mteval's own keys for the reading settings sacreBLEU does not have (Unicode
    /// normalization, byte order mark removal).
    pub fn push_reading(&mut self, reading: &ReadOptions) {
        if let Some(normalization) = reading.normalization {
            self.push("unorm", "un", normalization.name());
        }
        if reading.strip_bom {
            self.push("bom", "bom", "strip");
        }
    }

    /// The signature of a resampled score: sacreBLEU puts the number of bootstrap resamples
    /// (`bs`) or randomization trials (`ar`) and the seed right after `nrefs`.
    pub fn with_resampling(&self, test: Resampling, samples: usize, seed: u64) -> Signature {
        let (key, short) = match test {
            Resampling::Bootstrap => ("bs", "bs"),
            Resampling::Randomization => ("ar", "ar"),
        };
        let mut entries = self.entries.clone();
        let at = usize::from(!entries.is_empty());
        entries.insert(
            at,
            SignatureEntry {
                key,
                short,
                value: samples.to_string(),
            },
        );
        entries.insert(
            at + 1,
            SignatureEntry {
                key: "seed",
                short: "rs",
                value: seed.to_string(),
            },
        );
        Signature { entries }
    }

    /// The settings in order (without `version`).
    pub fn entries(&self) -> &[SignatureEntry] {
        &self.entries
    }

    /// `key:value|…|version:mteval-X.Y.Z`, with abbreviated keys when `short`.
    pub fn format(&self, short: bool) -> String {
        let mut out = String::new();
        for entry in &self.entries {
            out.push_str(if short { entry.short } else { entry.key });
            out.push(':');
            out.push_str(&entry.value);
            out.push('|');
        }
        out.push_str(if short { "v:" } else { "version:" });
        out.push_str(VERSION);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_long_and_short_with_version_last() {
        let mut signature = Signature::with_reference_count(2);
        signature.push("case", "c", "mixed");
        signature.push_flag("eff", "e", false);
        assert_eq!(
            signature.format(false),
            format!("nrefs:2|case:mixed|eff:no|version:{VERSION}")
        );
        assert_eq!(
            signature.format(true),
            format!("#:2|c:mixed|e:no|v:{VERSION}")
        );
    }

    #[test]
    fn reading_settings_sacrebleu_lacks_are_signed() {
        let mut signature = Signature::with_reference_count(1);
        signature.push_reading(&ReadOptions {
            normalization: Some(crate::io::Normalization::Nfkc),
            strip_bom: true,
        });
        assert_eq!(
            signature.format(false),
            format!("nrefs:1|unorm:nfkc|bom:strip|version:{VERSION}")
        );
    }
}
