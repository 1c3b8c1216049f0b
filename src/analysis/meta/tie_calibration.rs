//! Pairwise accuracy with tie calibration ("acc-eq", Deutsch et al. 2023, `acc23` in
//! mt-metrics-eval): within each item (the systems' translations of one segment), every pair
//! of systems is concordant, discordant or tied; a metric difference below a threshold ε counts
//! as a tie, and a pair is correct when it is concordant or tied on both sides. The accuracy is
//! the mean over items of each item's share of correct pairs, maximised over ε (every distinct
//! absolute metric difference is a candidate, and 0; the first best threshold wins). All pairs
//! are used (no sampling). With items of different sizes the accuracy is the sum over item
//! sizes of (correct pairs / pairs per item), divided by the number of items — the same mean.

use super::correlation::compare_scores;

/// One pair of systems within an item.
struct RankedPair {
    item: usize,
    /// |metric difference|: the pair becomes a tie for thresholds ≥ this.
    difference: f64,
    /// What turning the pair into a metric tie changes in its item's correct count.
    change: i64,
}

/// The pairs of every item, sorted by metric difference, and each item's counts at ε = 0.
pub struct TieCalibration {
    pairs: Vec<RankedPair>,
    /// Per item: (correct pairs at ε = 0, pairs).
    items: Vec<(i64, i64)>,
}

/// The calibrated accuracy and the threshold that reaches it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibrated {
    pub accuracy: f64,
    pub threshold: f64,
}

impl TieCalibration {
    /// `items[i]` holds the (gold, metric) scores of the systems rated on item `i`.
    pub fn new(items: &[Vec<(f64, f64)>]) -> Self {
        let mut pairs = Vec::new();
        let mut counts = Vec::with_capacity(items.len());
        for (item, scores) in items.iter().enumerate() {
            let (mut correct, mut total) = (0i64, 0i64);
            for i in 0..scores.len() {
                for j in i + 1..scores.len() {
                    let (h1, m1) = scores[i];
                    let (h2, m2) = scores[j];
                    let gold_tie = h1 == h2;
                    let metric_tie = m1 == m2;
                    let concordant = !gold_tie
                        && !metric_tie
                        && compare_scores(h1, h2) == compare_scores(m1, m2);
                    let correct_now = concordant || (gold_tie && metric_tie);
                    correct += i64::from(correct_now);
                    total += 1;
                    // As a metric tie the pair is correct exactly when the gold scores tie.
                    let change = i64::from(gold_tie) - i64::from(correct_now);
                    pairs.push(RankedPair {
                        item,
                        difference: (m1 - m2).abs(),
                        change,
                    });
                }
            }
            counts.push((correct, total));
        }
        pairs.sort_by(|a, b| compare_scores(a.difference, b.difference));
        TieCalibration {
            pairs,
            items: counts,
        }
    }

    /// The calibrated accuracy with item `i` counted `weights[i]` times (bootstrap resamples);
    /// `None` when no weighted item has a pair. Correct counts are kept as integers per number
    /// of pairs in an item, so equal counts give bit-identical accuracies whatever the metric
    /// (no rounding noise decides between two metrics or two thresholds).
    pub fn weighted(&self, weights: &[u32]) -> Option<Calibrated> {
        // (pairs per item, Σ weight · correct, Σ weight) per distinct number of pairs.
        let mut groups: Vec<(i64, i64, i64)> = Vec::new();
        let mut group_of = vec![usize::MAX; self.items.len()];
        for (item, (&(correct, pairs), &weight)) in self.items.iter().zip(weights).enumerate() {
            if pairs == 0 || weight == 0 {
                continue;
            }
            let group = match groups.iter().position(|g| g.0 == pairs) {
                Some(group) => group,
                None => {
                    groups.push((pairs, 0, 0));
                    groups.len() - 1
                }
            };
            groups[group].1 += i64::from(weight) * correct;
            groups[group].2 += i64::from(weight);
            group_of[item] = group;
        }
        let rows: i64 = groups.iter().map(|g| g.2).sum();
        if rows == 0 {
            return None;
        }
        let accuracy_of = |groups: &[(i64, i64, i64)]| {
            groups
                .iter()
                .map(|&(pairs, correct, _)| correct as f64 / pairs as f64)
                .sum::<f64>()
                / rows as f64
        };
        let mut best = Calibrated {
            accuracy: accuracy_of(&groups),
            threshold: 0.0,
        };
        let mut index = 0;
        while index < self.pairs.len() {
            let threshold = self.pairs[index].difference;
            let mut changed = false;
            while index < self.pairs.len() && self.pairs[index].difference == threshold {
                let pair = &self.pairs[index];
                let group = group_of[pair.item];
                if pair.change != 0 && group != usize::MAX {
                    groups[group].1 += i64::from(weights[pair.item]) * pair.change;
                    changed = true;
                }
                index += 1;
            }
            if changed {
                let accuracy = accuracy_of(&groups);
                if accuracy > best.accuracy {
                    best = Calibrated {
                        accuracy,
                        threshold,
                    };
                }
            }
        }
        Some(best)
    }

    /// The calibrated accuracy over all items, each once.
    pub fn best(&self) -> Option<Calibrated> {
        self.weighted(&vec![1; self.items.len()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_calibration() {
        // Item 0: gold 1, 1, 2; metric 0.0, 0.1, 0.5. Pairs: (a,b) gold tie, metric differs by
        // 0.1; (a,c) concordant, diff 0.5; (b,c) concordant, diff 0.4. At ε=0: 2/3 correct.
        // At ε=0.1: (a,b) becomes a tie on both sides → 3/3.
        // Item 1: gold 1, 0; metric 0.2, 0.25 → discordant (diff 0.05): 0/1, at ε≥0.05 a metric
        // tie with different gold scores: still 0/1.
        let items = vec![
            vec![(1.0, 0.0), (1.0, 0.1), (2.0, 0.5)],
            vec![(1.0, 0.2), (0.0, 0.25)],
        ];
        let calibration = TieCalibration::new(&items);
        let best = calibration.best().unwrap();
        assert!((best.accuracy - 0.5).abs() < 1e-12, "{best:?}");
        assert_eq!(best.threshold, 0.1);
        // Item 0 counted twice: (2·1 + 0) / 3.
        let weighted = calibration.weighted(&[2, 1]).unwrap();
        assert!((weighted.accuracy - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(calibration.weighted(&[0, 0]), None);
    }
}
