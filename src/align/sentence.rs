//! Monotone sentence alignment of hypothesis lines to reference segments when their counts
//! differ, in the spirit of Gale and Church (1993), "A Program for Aligning Sentences in
//! Bilingual Corpora", and Sennrich and Volk (2010), "MT-based Sentence Alignment for
//! OCR-generated Parallel Texts" (Bleualign). Hypothesis and reference are in the same language,
//! so where Bleualign translates the source to compare it with the target, here the hypothesis
//! is compared with the reference directly.
//!
//! A bead links 0–2 reference segments with 0–2 hypothesis lines (1-1, 1-0, 0-1, 1-2, 2-1, 2-2).
//! Its cost, in nats, adds
//! - Gale–Church's prior `-ln P(type)` (0.89 for 1-1, 0.0099/2 for 1-0 and 0-1, 0.089/2 for
//!   2-1 and 1-2, 0.011 for 2-2, as in their paper);
//! - Gale–Church's length cost `-ln 2(1 - Φ(|δ|))`, `δ = (l_h - e) / sqrt(s² · (l_h + e) / 2)`,
//!   with lengths in non-space characters, `e` the reference length times the corpus length
//!   ratio (averaged with the same estimate from the source, when there is one) and `s² = 2`
//!   (measured on WMT22 system outputs against references: about 1.2, heavy-tailed); unlike
//!   Gale–Church, 1-0 and 0-1 beads have no length cost (there is nothing to compare), so a
//!   dropped line is not forced into a neighbour's bead;
//! - a lexical cost `λ (1 - F) (n_r + n_h) / 2`: `F` is the Dice overlap of the character n-gram
//!   sets (3-grams of the lowercased text without spaces; 2-grams for scripts written without
//!   spaces), kept as 2048-bit hashed sketches, `λ = 6`.
//!
//! The best path is found by dynamic programming in a band around the proportional diagonal
//! (widened and run again when the path comes near its edge); a forward–backward pass over the
//! same band gives every bead's posterior probability, its confidence. Beads never join two
//! reference segments of different documents.

use super::units::UnitMode;
use crate::text::is_python_whitespace;
use rustc_hash::FxHasher;
use std::hash::{Hash, Hasher};
use std::ops::Range;

/// The bead types: (reference segments, hypothesis lines).
pub const BEADS: [(usize, usize); 6] = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2)];
/// Gale–Church priors of the bead types, in the order of [`BEADS`].
const PRIORS: [f64; 6] = [
    0.89,
    0.0099 / 2.0,
    0.0099 / 2.0,
    0.089 / 2.0,
    0.089 / 2.0,
    0.011,
];
/// Variance of the length difference per character.
const LENGTH_VARIANCE: f64 = 2.0;
/// Weight of the lexical dissimilarity, in nats per segment.
const LEXICAL_WEIGHT: f64 = 6.0;
/// Cost of a bead that ends after a hypothesis line ending with a comma or semicolon, while
/// more lines follow (a sentence split across lines is rejoined, not cut at the comma).
const OPEN_END_COST: f64 = 3.0;

/// One bead of the best alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct BeadLink {
    /// Reference segments (0, 1 or 2).
    pub reference: Range<usize>,
    /// Hypothesis lines (0, 1 or 2).
    pub hypothesis: Range<usize>,
    /// The bead's cost in nats.
    pub cost: f64,
    /// Posterior probability of the bead, in [0, 1].
    pub confidence: f64,
}

/// What sentence alignment reads.
#[derive(Debug, Clone, Copy)]
pub struct SentenceInput<'a> {
    pub reference: &'a [String],
    pub hypothesis: &'a [String],
    /// The source, segment-parallel with the reference: a second estimate of lengths.
    pub source: Option<&'a [String]>,
    /// Document of every reference segment (beads do not join two documents).
    pub documents: Option<&'a [usize]>,
    pub mode: UnitMode,
}

/// Bits of a character n-gram sketch.
const SKETCH_WORDS: usize = 32;

/// The set of a text's character n-grams, hashed into a 2048-bit sketch: Dice overlap of two
/// sketches costs 32 AND/popcount steps, so every bead of the band can afford it (hash
/// collisions add a small, uniform overlap to unrelated texts).
#[derive(Debug, Clone, PartialEq)]
struct Profile {
    bits: [u64; SKETCH_WORDS],
    count: u32,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            bits: [0; SKETCH_WORDS],
            count: 0,
        }
    }
}

impl Profile {
    fn of(text: &str, mode: UnitMode) -> Profile {
        let order = match mode {
            UnitMode::Words => 3,
            UnitMode::Characters => 2,
        };
        let chars: Vec<char> = text
            .chars()
            .filter(|&c| !is_python_whitespace(c))
            .flat_map(char::to_lowercase)
            .collect();
        let mut profile = Profile::default();
        let mut add = |gram: &[char]| {
            let h = hash(gram) as usize % (SKETCH_WORDS * 64);
            profile.bits[h / 64] |= 1 << (h % 64);
        };
        if chars.len() < order {
            if !chars.is_empty() {
                add(&chars);
            }
        } else {
            chars.windows(order).for_each(add);
        }
        profile.count = profile.bits.iter().map(|w| w.count_ones()).sum();
        profile
    }

    fn merged(&self, other: &Profile) -> Profile {
        let mut bits = self.bits;
        for (a, b) in bits.iter_mut().zip(&other.bits) {
            *a |= b;
        }
        Profile {
            bits,
            count: bits.iter().map(|w| w.count_ones()).sum(),
        }
    }

    /// Dice overlap `2 |A ∩ B| / (|A| + |B|)` of the n-gram sets; 1 for two empty texts.
    fn similarity(&self, other: &Profile) -> f64 {
        if self.count + other.count == 0 {
            return 1.0;
        }
        let common: u32 = self
            .bits
            .iter()
            .zip(&other.bits)
            .map(|(a, b)| (a & b).count_ones())
            .sum();
        2.0 * f64::from(common) / f64::from(self.count + other.count)
    }
}

fn hash(chars: &[char]) -> u64 {
    let mut hasher = FxHasher::default();
    chars.hash(&mut hasher);
    hasher.finish()
}

fn length(text: &str) -> f64 {
    text.chars().filter(|&c| !is_python_whitespace(c)).count() as f64
}

/// `-ln erfc(x)` for `x ≥ 0`, from Abramowitz and Stegun 7.1.26 (|error of erfc| < 1.5e-7),
/// computed in the log domain so it stays finite for large `x`.
fn neg_ln_erfc(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    x * x - poly.ln()
}

/// Gale–Church's length cost of a hypothesis of length `hypothesis` where `expected` was
/// expected: `-ln 2 (1 - Φ(|δ|))`.
pub fn length_cost(hypothesis: f64, expected: f64) -> f64 {
    let mean = ((hypothesis + expected) / 2.0).max(1.0);
    let delta = (hypothesis - expected) / (LENGTH_VARIANCE * mean).sqrt();
    neg_ln_erfc(delta.abs() / std::f64::consts::SQRT_2)
}

/// Everything the bead costs need, precomputed per segment and per adjacent pair.
struct Features {
    reference_profiles: Vec<Profile>,
    reference_pairs: Vec<Profile>,
    hypothesis_profiles: Vec<Profile>,
    hypothesis_pairs: Vec<Profile>,
    /// Expected hypothesis length of every reference segment.
    expected: Vec<f64>,
    hypothesis_lengths: Vec<f64>,
    /// Hypothesis lines that end inside a sentence (with a comma or semicolon).
    open_ended: Vec<bool>,
    documents: Option<Vec<usize>>,
}

impl Features {
    fn new(input: &SentenceInput) -> Features {
        let mode = input.mode;
        let reference_profiles: Vec<Profile> = input
            .reference
            .iter()
            .map(|t| Profile::of(t, mode))
            .collect();
        let hypothesis_profiles: Vec<Profile> = input
            .hypothesis
            .iter()
            .map(|t| Profile::of(t, mode))
            .collect();
        let pairs = |profiles: &[Profile]| -> Vec<Profile> {
            profiles.windows(2).map(|w| w[0].merged(&w[1])).collect()
        };
        let reference_lengths: Vec<f64> = input.reference.iter().map(|t| length(t)).collect();
        let hypothesis_lengths: Vec<f64> = input.hypothesis.iter().map(|t| length(t)).collect();
        let total_hypothesis: f64 = hypothesis_lengths.iter().sum();
        let ratio = |lengths: &[f64]| -> f64 {
            let total: f64 = lengths.iter().sum();
            if total > 0.0 {
                total_hypothesis / total
            } else {
                1.0
            }
        };
        let reference_ratio = ratio(&reference_lengths);
        let source_estimates: Option<Vec<f64>> = input
            .source
            .filter(|source| source.len() == input.reference.len())
            .map(|source| {
                let lengths: Vec<f64> = source.iter().map(|t| length(t)).collect();
                let r = ratio(&lengths);
                lengths.iter().map(|l| l * r).collect()
            });
        let expected = reference_lengths
            .iter()
            .enumerate()
            .map(|(i, l)| match &source_estimates {
                Some(source) => (l * reference_ratio + source[i]) / 2.0,
                None => l * reference_ratio,
            })
            .collect();
        Features {
            reference_pairs: pairs(&reference_profiles),
            hypothesis_pairs: pairs(&hypothesis_profiles),
            reference_profiles,
            hypothesis_profiles,
            expected,
            hypothesis_lengths,
            open_ended: input.hypothesis.iter().map(|t| ends_open(t)).collect(),
            documents: input.documents.map(<[usize]>::to_vec),
        }
    }

    /// Cost of the bead `kind` covering references `i..i + r` and hypotheses `j..j + h`, or
    /// `None` when it would join two documents.
    fn cost(&self, kind: usize, i: usize, j: usize) -> Option<f64> {
        let (r, h) = BEADS[kind];
        if r == 2 {
            if let Some(documents) = &self.documents {
                if documents[i] != documents[i + 1] {
                    return None;
                }
            }
        }
        let empty = Profile::default();
        let reference = match r {
            0 => &empty,
            1 => &self.reference_profiles[i],
            _ => &self.reference_pairs[i],
        };
        let hypothesis = match h {
            0 => &empty,
            1 => &self.hypothesis_profiles[j],
            _ => &self.hypothesis_pairs[j],
        };
        let expected: f64 = self.expected[i..i + r].iter().sum();
        let actual: f64 = self.hypothesis_lengths[j..j + h].iter().sum();
        let lexical = if r == 0 || h == 0 {
            if reference.count + hypothesis.count == 0 {
                0.0
            } else {
                1.0
            }
        } else {
            1.0 - reference.similarity(hypothesis)
        };
        // A bead with nothing on one side has no length to compare: its prior says how rare
        // dropped or added lines are.
        let length = if r == 0 || h == 0 {
            0.0
        } else {
            length_cost(actual, expected)
        };
        // A line ending with a comma continues on the next line: ending a bead there is unlikely.
        let continued = h > 0 && j + h < self.open_ended.len() && self.open_ended[j + h - 1];
        let continuation = if continued { OPEN_END_COST } else { 0.0 };
        Some(
            -PRIORS[kind].ln()
                + length
                + continuation
                + LEXICAL_WEIGHT * lexical * (r + h) as f64 / 2.0,
        )
    }
}

/// True when `text` ends inside a sentence: with a comma or semicolon (Latin or CJK).
fn ends_open(text: &str) -> bool {
    text.trim_end()
        .ends_with([',', ';', '\u{FF0C}', '\u{3001}', '\u{FF1B}'])
}

/// A band of the (reference, hypothesis) grid: row `i` holds columns `low(i)..=low(i)+2w`.
struct Band {
    rows: usize,
    columns: usize,
    half_width: usize,
    centers: Vec<i64>,
}

impl Band {
    fn new(rows: usize, columns: usize, half_width: usize) -> Band {
        let centers = (0..=rows)
            .map(|i| {
                if rows == 0 {
                    0
                } else {
                    ((i * columns) as f64 / rows as f64).round() as i64
                }
            })
            .collect();
        Band {
            rows,
            columns,
            half_width,
            centers,
        }
    }

    fn width(&self) -> usize {
        2 * self.half_width + 1
    }

    /// Flat index of cell `(i, j)`, if it lies in the band.
    fn index(&self, i: usize, j: usize) -> Option<usize> {
        if i > self.rows || j > self.columns {
            return None;
        }
        let t = j as i64 - (self.centers[i] - self.half_width as i64);
        (t >= 0 && (t as usize) < self.width()).then(|| i * self.width() + t as usize)
    }

    fn columns_of(&self, i: usize) -> Range<usize> {
        let low = (self.centers[i] - self.half_width as i64).max(0) as usize;
        let high = ((self.centers[i] + self.half_width as i64).max(-1) + 1) as usize;
        low..high.min(self.columns + 1)
    }

    /// True when `(i, j)` is within `margin` of a band edge that is not a grid edge.
    fn near_edge(&self, i: usize, j: usize, margin: usize) -> bool {
        let low = self.centers[i] - self.half_width as i64;
        let high = self.centers[i] + self.half_width as i64;
        let j = j as i64;
        (low > 0 && j - low < margin as i64)
            || (high < self.columns as i64 && high - j < margin as i64)
    }
}

fn log_add(a: f64, b: f64) -> f64 {
    // -ln(e^-a + e^-b), for costs a, b.
    if a.is_infinite() {
        return b;
    }
    if b.is_infinite() {
        return a;
    }
    let (low, high) = if a < b { (a, b) } else { (b, a) };
    low - (-(high - low)).exp().ln_1p()
}

/// Aligns the hypothesis lines to the reference segments; the beads cover both in order.
pub fn align_sentences(input: &SentenceInput) -> Vec<BeadLink> {
    let rows = input.reference.len();
    let columns = input.hypothesis.len();
    if rows == 0 || columns == 0 {
        let mut links: Vec<BeadLink> = (0..rows)
            .map(|i| BeadLink {
                reference: i..i + 1,
                hypothesis: 0..0,
                cost: 0.0,
                confidence: 1.0,
            })
            .collect();
        links.extend((0..columns).map(|j| BeadLink {
            reference: rows..rows,
            hypothesis: j..j + 1,
            cost: 0.0,
            confidence: 1.0,
        }));
        return links;
    }
    let features = Features::new(input);
    let difference = rows.abs_diff(columns);
    // Neighbouring rows' bands must overlap: at least the diagonal's slope either way.
    let slope = columns.div_ceil(rows).max(rows.div_ceil(columns));
    let mut half_width =
        24 + 2 * slope + difference / 4 + (rows.max(columns) as f64).sqrt() as usize;
    loop {
        let full = half_width > rows.max(columns);
        let band = Band::new(rows, columns, half_width.min(rows.max(columns) + 1));
        match solve(&features, &band) {
            Some((links, near_edge)) if !near_edge || full => return links,
            // With the full grid every cell is reachable (1-0 and 0-1 beads), so this ends.
            _ if full => return Vec::new(),
            _ => half_width *= 2,
        }
    }
}

/// The best path in the band with its beads' posteriors, and whether it came near the band's
/// edge; `None` when the band does not connect the corners.
fn solve(features: &Features, band: &Band) -> Option<(Vec<BeadLink>, bool)> {
    let (rows, columns) = (band.rows, band.columns);
    let cells = (rows + 1) * band.width();
    let mut best = vec![f64::INFINITY; cells];
    let mut back = vec![u8::MAX; cells];
    let mut forward = vec![f64::INFINITY; cells];
    // Bead costs by (cell, kind), computed once for both passes.
    let mut costs = vec![f64::INFINITY; cells * BEADS.len()];
    let start = band.index(0, 0)?;
    best[start] = 0.0;
    forward[start] = 0.0;
    for i in 0..=rows {
        for j in band.columns_of(i) {
            let Some(here) = band.index(i, j) else {
                continue;
            };
            if here == start {
                continue;
            }
            for (kind, &(r, h)) in BEADS.iter().enumerate() {
                if r > i || h > j {
                    continue;
                }
                let Some(from) = band.index(i - r, j - h) else {
                    continue;
                };
                if best[from].is_infinite() {
                    continue;
                }
                let Some(cost) = features.cost(kind, i - r, j - h) else {
                    continue;
                };
                costs[here * BEADS.len() + kind] = cost;
                if best[from] + cost < best[here] {
                    best[here] = best[from] + cost;
                    back[here] = kind as u8;
                }
                forward[here] = log_add(forward[here], forward[from] + cost);
            }
        }
    }
    let end = band
        .index(rows, columns)
        .expect("(rows, columns) is in every band");
    // Backward pass: cost of completing the alignment from each cell.
    let mut backward = vec![f64::INFINITY; cells];
    backward[end] = 0.0;
    for i in (0..=rows).rev() {
        for j in band.columns_of(i).rev() {
            let Some(here) = band.index(i, j) else {
                continue;
            };
            if backward[here].is_infinite() {
                continue;
            }
            for (kind, &(r, h)) in BEADS.iter().enumerate() {
                if r > i || h > j {
                    continue;
                }
                let cost = costs[here * BEADS.len() + kind];
                if cost.is_infinite() {
                    continue;
                }
                if let Some(from) = band.index(i - r, j - h) {
                    backward[from] = log_add(backward[from], backward[here] + cost);
                }
            }
        }
    }
    let total = forward[end];
    let mut links = Vec::new();
    let mut near_edge = false;
    let (mut i, mut j) = (rows, columns);
    while i > 0 || j > 0 {
        let here = band.index(i, j).expect("the path stays in the band");
        near_edge |= band.near_edge(i, j, 3);
        let kind = back[here] as usize;
        let (r, h) = BEADS[kind];
        let from = band
            .index(i - r, j - h)
            .expect("predecessors are in the band");
        let cost = costs[here * BEADS.len() + kind];
        let confidence = (-(forward[from] + cost + backward[here] - total))
            .exp()
            .clamp(0.0, 1.0);
        links.push(BeadLink {
            reference: i - r..i,
            hypothesis: j - h..j,
            cost,
            confidence,
        });
        i -= r;
        j -= h;
    }
    links.reverse();
    Some((links, near_edge))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    /// Aligns word-mode texts without source or documents.
    fn align_words(reference: &[String], hypothesis: &[String]) -> Vec<BeadLink> {
        align_sentences(&SentenceInput {
            reference,
            hypothesis,
            source: None,
            documents: None,
            mode: UnitMode::Words,
        })
    }

    fn shape(links: &[BeadLink]) -> Vec<(usize, usize)> {
        links
            .iter()
            .map(|l| (l.reference.len(), l.hypothesis.len()))
            .collect()
    }

    #[test]
    fn length_cost_follows_gale_church() {
        // δ = 0 costs nothing; δ = 1 (length 12 for 10 expected, s² = 2, mean 11:
        // δ = 2 / sqrt(22)) costs -ln 2(1 - Φ(0.4264)) = -ln 0.6698 ≈ 0.4007.
        assert!(length_cost(10.0, 10.0).abs() < 1e-6);
        let cost = length_cost(12.0, 10.0);
        assert!((cost - 0.4007).abs() < 1e-3, "{cost}");
        // Far tails stay finite: δ = 100 → about δ²/2.
        assert!((length_cost(0.0, 20000.0) / 10000.0 - 1.0).abs() < 0.01);
    }

    #[test]
    fn dice_overlap_of_trigrams() {
        // "abcd" → {abc, bcd}; "abce" → {abc, bce}: 2·1 / 4 (these four hash apart).
        let a = Profile::of("ab cd", UnitMode::Words);
        let b = Profile::of("ABCE", UnitMode::Words);
        assert_eq!(a.similarity(&b), 0.5);
        assert_eq!(a.merged(&b).count, 3);
        assert_eq!(Profile::default().similarity(&Profile::default()), 1.0);
    }

    #[test]
    fn merges_splits_and_drops_are_found() {
        let reference = strings(&[
            "The committee met on Monday to discuss the budget.",
            "It approved the plan after a long debate.",
            "Several members voted against it.",
            "The mayor welcomed the decision.",
            "New roads will be built next year.",
            "Schools will also receive more money.",
        ]);
        let hypothesis = strings(&[
            "The committee met on Monday to discuss the budget. It approved the plan after a long debate.",
            "Several members voted against it.",
            "New roads will be built",
            "next year.",
            "Schools will also receive more money.",
        ]);
        let links = align_words(&reference, &hypothesis);
        assert_eq!(shape(&links), vec![(2, 1), (1, 1), (1, 0), (1, 2), (1, 1)]);
        for link in &links {
            assert!((0.0..=1.0).contains(&link.confidence), "{link:?}");
        }
        assert!(
            links[1].confidence > 0.7 && links[0].confidence > 0.9,
            "{links:?}"
        );
    }

    #[test]
    fn a_line_ending_with_a_comma_stays_with_its_continuation() {
        // The hypothesis of the first segment is short, so by length alone "The costumes," would
        // join it; the comma says the sentence goes on in the next line.
        let reference = strings(&[
            "Good entertainment for the winter is guaranteed!",
            "The truly opulent costumes were designed by Kasia Walicka, who also worked on several films.",
        ]);
        let hypothesis = strings(&[
            "Good fun for the winter, right?",
            "The costumes,",
            "which look quite lush indeed, were designed by Kasia Walicka, who also worked on films.",
        ]);
        let links = align_words(&reference, &hypothesis);
        assert_eq!(shape(&links), vec![(1, 1), (1, 2)]);
        assert!(ends_open("The costumes, ") && ends_open("服装，") && !ends_open("Done."));
    }

    #[test]
    fn documents_are_not_joined() {
        let reference = strings(&["Hello there.", "How are you today?"]);
        let hypothesis = strings(&["Hello there. How are you today?"]);
        let joined = align_sentences(&SentenceInput {
            reference: &reference,
            hypothesis: &hypothesis,
            source: None,
            documents: None,
            mode: UnitMode::Words,
        });
        assert_eq!(shape(&joined), vec![(2, 1)]);
        let apart = align_sentences(&SentenceInput {
            reference: &reference,
            hypothesis: &hypothesis,
            source: None,
            documents: Some(&[0, 1]),
            mode: UnitMode::Words,
        });
        assert!(shape(&apart).iter().all(|&(r, _)| r <= 1), "{apart:?}");
    }
}
