//! Quality gates for CI and procurement: `--fail-below chrF=50` fails a run when any vendor's
//! corpus score in any language pair is below the floor (`--fail-above TER=60` when above a
//! ceiling, for error rates). Gates are checked on the finished report, so the report shows
//! them and is written even when a gate fails.

use super::model::{GateFailure, GateResult, Report};
use crate::error::{Error, Result, Setting};

/// Which side of the threshold fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateKind {
    /// `--fail-below`: a score below the threshold fails.
    Below,
    /// `--fail-above`: a score above the threshold fails.
    Above,
}

impl GateKind {
    fn setting(self) -> Setting {
        match self {
            GateKind::Below => Setting::FailBelow,
            GateKind::Above => Setting::FailAbove,
        }
    }
}

/// A parsed gate.
#[derive(Debug, Clone, PartialEq)]
pub struct Gate {
    pub spec: String,
    pub metric: String,
    pub threshold: f64,
    pub kind: GateKind,
}

/// `chrF`, `chrf2`, `CHRF` → `chrf2`; `chrf++` → `chrf2++`; `bleu`, `ter` as they are.
fn canonical(metric: &str) -> String {
    let lower = metric.trim().to_ascii_lowercase();
    match lower.as_str() {
        "chrf" => "chrf2".to_string(),
        "chrf++" => "chrf2++".to_string(),
        _ => lower,
    }
}

impl Gate {
    /// Parses `METRIC=VALUE`.
    pub fn parse(spec: &str, kind: GateKind) -> Result<Gate> {
        let invalid = |reason: &str| Error::invalid_option(kind.setting(), spec, reason);
        let (metric, value) = spec
            .split_once('=')
            .ok_or_else(|| invalid("expected METRIC=VALUE, e.g. chrF=50"))?;
        let threshold: f64 = value
            .trim()
            .parse()
            .map_err(|_| invalid("the value after = must be a number, e.g. chrF=50"))?;
        if metric.trim().is_empty() || !threshold.is_finite() {
            return Err(invalid("expected METRIC=VALUE, e.g. chrF=50"));
        }
        Ok(Gate {
            spec: spec.to_string(),
            metric: metric.trim().to_string(),
            threshold,
            kind,
        })
    }

    /// Whether this gate is about the metric sacreBLEU calls `name`.
    pub fn applies_to(&self, name: &str) -> bool {
        canonical(&self.metric) == canonical(name)
    }

    /// Checks that the gate names one of the computed metrics and points the right way (a
    /// floor on an error rate, or a ceiling on a score, is almost certainly a mistake).
    pub fn validate(&self, metrics: &[(String, bool)]) -> Result<()> {
        let setting = self.kind.setting();
        let Some((name, higher_is_better)) = metrics.iter().find(|(m, _)| self.applies_to(m))
        else {
            let names: Vec<&str> = metrics.iter().map(|(m, _)| m.as_str()).collect();
            return Err(Error::invalid_option(
                setting,
                &self.spec,
                format!(
                    "no metric {:?} in this report; computed: {} (add it with --metrics)",
                    self.metric,
                    names.join(", ")
                ),
            ));
        };
        match (self.kind, higher_is_better) {
            (GateKind::Below, false) => Err(Error::invalid_option(
                setting,
                &self.spec,
                format!("{name} is an error rate (lower is better); use --fail-above {name}=MAX"),
            )),
            (GateKind::Above, true) => Err(Error::invalid_option(
                setting,
                &self.spec,
                format!("higher {name} is better; use --fail-below {name}=MIN"),
            )),
            _ => Ok(()),
        }
    }
}

/// Evaluates every gate on the report's corpus scores.
pub fn check_gates(report: &Report, gates: &[Gate]) -> Vec<GateResult> {
    gates
        .iter()
        .map(|gate| {
            let failures = report
                .systems
                .iter()
                .filter(|row| gate.applies_to(&row.metric))
                .filter(|row| match gate.kind {
                    GateKind::Below => row.score < gate.threshold,
                    GateKind::Above => row.score > gate.threshold,
                })
                .map(|row| GateFailure {
                    pair: row.pair.clone(),
                    system: row.system.clone(),
                    metric: row.metric.clone(),
                    score: row.score,
                })
                .collect();
            GateResult {
                gate: gate.spec.clone(),
                metric: gate.metric.clone(),
                fails_when: match gate.kind {
                    GateKind::Below => "below",
                    GateKind::Above => "above",
                }
                .to_string(),
                threshold: gate.threshold,
                failures,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_validates_gates() {
        let gate = Gate::parse("chrF=50", GateKind::Below).unwrap();
        assert!(gate.applies_to("chrF2") && !gate.applies_to("chrF2++"));
        let metrics = [
            ("BLEU".to_string(), true),
            ("chrF2".to_string(), true),
            ("TER".to_string(), false),
        ];
        gate.validate(&metrics).unwrap();
        let ter = Gate::parse("TER=60", GateKind::Below).unwrap();
        assert!(ter
            .validate(&metrics)
            .unwrap_err()
            .to_string()
            .contains("--fail-above TER"));
        Gate::parse("ter=60", GateKind::Above)
            .unwrap()
            .validate(&metrics)
            .unwrap();
        let missing = Gate::parse("chrf++=3", GateKind::Below).unwrap();
        assert!(missing
            .validate(&metrics)
            .unwrap_err()
            .to_string()
            .contains("--metrics"));
        assert!(Gate::parse("chrF", GateKind::Below).is_err());
        assert!(Gate::parse("chrF=x", GateKind::Below).is_err());
    }
}
