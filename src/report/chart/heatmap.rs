//! Heatmaps drawn cell by cell: the pairwise significance matrix (row vendor minus column
//! vendor under the primary metric, green where the row is significantly better, red where it is
//! significantly worse after Holm correction, grey where the difference is not significant) and
//! the vendor × domain matrix of scores.

use super::*;
use crate::report::model::{PairReport, Report};

const CELL_HEIGHT: u32 = 30;

struct Cell {
    fill: RGBColor,
    text: String,
}

struct Heatmap {
    title: String,
    subtitle: String,
    rows: Vec<String>,
    columns: Vec<String>,
    cells: Vec<Vec<Option<Cell>>>,
    legend: Vec<(RGBColor, String)>,
}

fn mix(from: RGBColor, to: RGBColor, t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let channel = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    RGBColor(
        channel(from.0, to.0),
        channel(from.1, to.1),
        channel(from.2, to.2),
    )
}

/// Dark text on light cells, white on dark ones.
fn text_colour(fill: RGBColor) -> RGBColor {
    let luminance =
        0.299 * f64::from(fill.0) + 0.587 * f64::from(fill.1) + 0.114 * f64::from(fill.2);
    if luminance < 140.0 {
        WHITE
    } else {
        INK
    }
}

const NOT_SIGNIFICANT: RGBColor = RGBColor(233, 236, 239);
const BETTER: RGBColor = RGBColor(26, 135, 84);
const WORSE: RGBColor = RGBColor(200, 55, 60);
const PALE_GREEN: RGBColor = RGBColor(198, 236, 214);
const PALE_RED: RGBColor = RGBColor(248, 208, 208);
const SCALE_LOW: RGBColor = RGBColor(239, 243, 250);
const SCALE_HIGH: RGBColor = RGBColor(8, 81, 156);

pub(super) fn pairwise_chart(report: &Report, pair: &PairReport) -> Result<Chart> {
    let vendors = vendors_by_rank(report, pair);
    let metric = &pair.metrics[pair.primary];
    let score = |vendor: &str| {
        report
            .systems
            .iter()
            .find(|r| r.pair == pair.label && r.system == vendor && r.metric == metric.name)
            .map_or(0.0, |r| r.score)
    };
    let significant = |a: &str, b: &str| {
        report.pairwise.iter().any(|p| {
            p.pair == pair.label
                && p.metric == metric.name
                && p.significant
                && ((p.system_a == a && p.system_b == b) || (p.system_a == b && p.system_b == a))
        })
    };
    let largest = vendors
        .iter()
        .flat_map(|a| vendors.iter().map(move |b| (a, b)))
        .map(|(a, b)| (score(a) - score(b)).abs())
        .fold(0.0, f64::max)
        .max(1e-9);
    let cells = vendors
        .iter()
        .map(|a| {
            vendors
                .iter()
                .map(|b| {
                    if a == b {
                        return None;
                    }
                    let difference = score(a) - score(b);
                    let advantage = if metric.higher_is_better {
                        difference
                    } else {
                        -difference
                    };
                    let strength = 0.35 + 0.65 * (advantage.abs() / largest);
                    let fill = match (significant(a, b), advantage > 0.0) {
                        (false, _) => NOT_SIGNIFICANT,
                        (true, true) => mix(PALE_GREEN, BETTER, strength),
                        (true, false) => mix(PALE_RED, WORSE, strength),
                    };
                    Some(Cell {
                        fill,
                        text: format!("{difference:+.1}"),
                    })
                })
                .collect()
        })
        .collect();
    let figure = Heatmap {
        title: format!("{}: pairwise differences in {}", pair.label, metric.name),
        subtitle: format!(
            "cell = row vendor − column vendor; paired bootstrap, Holm-corrected, α = {}",
            report.settings.alpha
        ),
        rows: vendors.clone(),
        columns: vendors,
        cells,
        legend: vec![
            (BETTER, "row significantly better".to_string()),
            (WORSE, "row significantly worse".to_string()),
            (NOT_SIGNIFICANT, "not significant".to_string()),
        ],
    };
    render(
        &format!("pairwise.{}", pair.label),
        Some(&pair.label),
        format!(
            "{}: which vendor is significantly better than which under {} (paired bootstrap, Holm-corrected)",
            pair.label, metric.name
        ),
        &figure,
        report,
    )
}

pub(super) fn domain_chart(report: &Report, pair: &PairReport) -> Result<Chart> {
    let vendors = vendors_by_rank(report, pair);
    let metric = &pair.metrics[pair.primary];
    let rows: Vec<_> = report
        .documents
        .iter()
        .filter(|r| r.pair == pair.label && r.level == "domain" && r.metric == metric.name)
        .collect();
    let mut domains: Vec<String> = Vec::new();
    for row in &rows {
        if !domains.contains(&row.id) {
            domains.push(row.id.clone());
        }
    }
    let (low, high) = rows.iter().fold((f64::MAX, f64::MIN), |(lo, hi), r| {
        (lo.min(r.score), hi.max(r.score))
    });
    let span = (high - low).max(1e-9);
    let cells = vendors
        .iter()
        .map(|vendor| {
            domains
                .iter()
                .map(|domain| {
                    rows.iter()
                        .find(|r| &r.system == vendor && &r.id == domain)
                        .map(|r| {
                            let goodness = (r.score - low) / span;
                            let goodness = if metric.higher_is_better {
                                goodness
                            } else {
                                1.0 - goodness
                            };
                            Cell {
                                fill: mix(SCALE_LOW, SCALE_HIGH, 0.1 + 0.9 * goodness),
                                text: score_label(r.score),
                            }
                        })
                })
                .collect()
        })
        .collect();
    let segments_per_domain: Vec<String> = domains
        .iter()
        .map(|d| {
            let n = rows.iter().find(|r| &r.id == d).map_or(0, |r| r.segments);
            format!("{d} ({n})")
        })
        .collect();
    let figure = Heatmap {
        title: format!("{}: {} by domain", pair.label, metric.name),
        subtitle: "corpus score of each vendor on each domain's segments (segments in brackets); darker is better".to_string(),
        rows: vendors,
        columns: segments_per_domain,
        cells,
        legend: vec![
            (mix(SCALE_LOW, SCALE_HIGH, 0.1), format!("{} {}", if metric.higher_is_better { "lowest" } else { "highest" }, score_label(if metric.higher_is_better { low } else { high }))),
            (SCALE_HIGH, format!("{} {}", if metric.higher_is_better { "highest" } else { "lowest" }, score_label(if metric.higher_is_better { high } else { low }))),
        ],
    };
    render(
        &format!("domains.{}", pair.label),
        Some(&pair.label),
        format!("{}: {} per vendor and domain", pair.label, metric.name),
        &figure,
        report,
    )
}

impl Heatmap {
    fn layout<DB: DrawingBackend>(&self, root: Option<&DrawingArea<DB, Shift>>) -> Layout {
        let width_of = |text: &str| match root {
            Some(root) => text_width(root, text, 12),
            None => text.chars().count() as u32 * 7,
        };
        let row_labels = self
            .rows
            .iter()
            .map(|r| width_of(&shorten(r, 28)))
            .max()
            .unwrap_or(40)
            + 24;
        let column_label = self
            .columns
            .iter()
            .map(|c| width_of(&shorten(c, 28)))
            .max()
            .unwrap_or(40);
        let available = 960 - row_labels - 24;
        let cell_width = (available / self.columns.len().max(1) as u32).clamp(40, 110);
        let rotated = column_label + 10 > cell_width;
        let header = if rotated { column_label + 16 } else { 28 };
        Layout {
            row_labels,
            cell_width,
            rotated,
            header,
        }
    }
}

struct Layout {
    row_labels: u32,
    cell_width: u32,
    rotated: bool,
    header: u32,
}

impl Figure for Heatmap {
    fn size(&self) -> (u32, u32) {
        // Text widths are estimated from the embedded font in `draw`; here a rough bound.
        ensure_font();
        let mut svg = String::new();
        let area = SVGBackend::with_string(&mut svg, (10, 10)).into_drawing_area();
        let layout = self.layout(Some(&area));
        let height = 52 + layout.header + CELL_HEIGHT * self.rows.len().max(1) as u32 + 46;
        (960, height)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        titled(root, &self.title, &self.subtitle)?;
        let layout = self.layout(Some(root));
        let top = 52 + layout.header as i32;
        let left = layout.row_labels as i32;
        let (cw, ch) = (layout.cell_width as i32, CELL_HEIGHT as i32);
        for (j, column) in self.columns.iter().enumerate() {
            let x = left + j as i32 * cw + cw / 2;
            let label = shorten(column, 28);
            if layout.rotated {
                let style =
                    anchored(12, INK, HPos::Left, VPos::Center).transform(FontTransform::Rotate270);
                root.draw(&Text::new(label, (x, top - 6), style))?;
            } else {
                root.draw(&Text::new(
                    label,
                    (x, top - 8),
                    anchored(12, INK, HPos::Center, VPos::Bottom),
                ))?;
            }
        }
        for (i, row) in self.rows.iter().enumerate() {
            let y = top + i as i32 * ch;
            root.draw(&Text::new(
                shorten(row, 28),
                (left - 10, y + ch / 2),
                anchored(12, INK, HPos::Right, VPos::Center),
            ))?;
            for (j, cell) in self.cells[i].iter().enumerate() {
                let x = left + j as i32 * cw;
                let corners = [(x + 1, y + 1), (x + cw - 1, y + ch - 1)];
                match cell {
                    Some(cell) => {
                        root.draw(&Rectangle::new(corners, cell.fill.filled()))?;
                        root.draw(&Text::new(
                            cell.text.clone(),
                            (x + cw / 2, y + ch / 2),
                            anchored(12, text_colour(cell.fill), HPos::Center, VPos::Center),
                        ))?;
                    }
                    None => {
                        root.draw(&Rectangle::new(corners, WHITE.filled()))?;
                        root.draw(&Rectangle::new(corners, GRID.stroke_width(1)))?;
                    }
                }
            }
        }
        let mut x = 14;
        let y = top + ch * self.rows.len() as i32 + 20;
        for (colour, label) in &self.legend {
            root.draw(&Rectangle::new(
                [(x, y - 7), (x + 14, y + 7)],
                colour.filled(),
            ))?;
            root.draw(&Text::new(
                label.clone(),
                (x + 20, y),
                anchored(12, MUTED, HPos::Left, VPos::Center),
            ))?;
            x += 20 + text_width(root, label, 12) as i32 + 24;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixes_colours_and_picks_readable_text() {
        assert_eq!(mix(WHITE, RGBColor(0, 0, 0), 0.5), RGBColor(128, 128, 128));
        assert_eq!(text_colour(SCALE_HIGH), WHITE);
        assert_eq!(text_colour(NOT_SIGNIFICANT), INK);
    }
}
