//! Corpus scores of every vendor of a language pair with their 95% bootstrap intervals, one
//! panel per metric, vendors in the same order (best first under the primary metric) in all.

use super::*;
use crate::report::model::{PairReport, Report};

const ROW: u32 = 28;
const WIDTH: u32 = 960;

struct Panel {
    name: String,
    higher_is_better: bool,
    /// Per vendor row: (score, ci_low, ci_high).
    rows: Vec<(f64, f64, f64)>,
}

struct ScoresFigure {
    title: String,
    subtitle: String,
    vendors: Vec<String>,
    colours: Vec<RGBColor>,
    panels: Vec<Panel>,
}

pub(super) fn chart(report: &Report, pair: &PairReport) -> Result<Chart> {
    let vendors = vendors_by_rank(report, pair);
    let panels = pair
        .metrics
        .iter()
        .map(|metric| Panel {
            name: metric.name.clone(),
            higher_is_better: metric.higher_is_better,
            rows: vendors
                .iter()
                .map(|vendor| {
                    report
                        .systems
                        .iter()
                        .find(|r| {
                            r.pair == pair.label && &r.system == vendor && r.metric == metric.name
                        })
                        .map_or((0.0, 0.0, 0.0), |r| (r.score, r.ci_low, r.ci_high))
                })
                .collect(),
        })
        .collect();
    let figure = ScoresFigure {
        title: format!("{}: corpus scores", pair.label),
        subtitle: format!(
            "dots: scores; bars: 95% bootstrap intervals ({} resamples); best first by {}",
            pair.samples, pair.metrics[pair.primary].name
        ),
        colours: vendors
            .iter()
            .map(|v| vendor_colour(report, pair, v))
            .collect(),
        vendors,
        panels,
    };
    render(
        &format!("scores.{}", pair.label),
        Some(&pair.label),
        format!(
            "{}: corpus score of every vendor per metric, with 95% bootstrap confidence intervals",
            pair.label
        ),
        &figure,
        report,
    )
}

impl Figure for ScoresFigure {
    fn size(&self) -> (u32, u32) {
        (WIDTH, 52 + 30 + ROW * self.vendors.len().max(1) as u32 + 46)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let body = titled(root, &self.title, &self.subtitle)?;
        let (names, label_width) = vendor_labels(root, &self.vendors);
        let (_, rest) = body.split_horizontally(label_width);
        let panels = rest.split_evenly((1, self.panels.len().max(1)));
        let n = self.vendors.len();
        let y_range = -0.5..(n as f64 - 0.5);
        let mut label_rows: Vec<(i32, i32)> = Vec::new();
        for (area, panel) in panels.iter().zip(&self.panels) {
            let low = panel
                .rows
                .iter()
                .map(|r| r.1.min(r.0))
                .fold(f64::MAX, f64::min);
            let high = panel
                .rows
                .iter()
                .map(|r| r.2.max(r.0))
                .fold(f64::MIN, f64::max);
            let (x0, mut x1) = padded_range(low, high, 0.0, f64::MAX);
            x1 += (x1 - x0) * 0.14; // room for the value labels
            let caption = if panel.higher_is_better {
                panel.name.clone()
            } else {
                format!("{} (lower is better)", panel.name)
            };
            let mut chart = ChartBuilder::on(area)
                .margin_left(8)
                .margin_right(18)
                .caption(caption, text_style(14, INK))
                .x_label_area_size(34)
                .build_cartesian_2d(x0..x1, y_range.clone())?;
            chart.draw_series((0..n).filter(|i| i % 2 == 0).map(|i| {
                let y = (n - 1 - i) as f64;
                Rectangle::new([(x0, y - 0.5), (x1, y + 0.5)], BAND.filled())
            }))?;
            chart
                .configure_mesh()
                .disable_y_mesh()
                .y_labels(0)
                .x_labels(5)
                .light_line_style(TRANSPARENT)
                .bold_line_style(GRID)
                .axis_style(MUTED)
                .x_label_style(text_style(11, MUTED))
                .x_label_formatter(&|x| format!("{x:.*}", tick_decimals(x1 - x0)))
                .draw()?;
            for (i, &(score, ci_low, ci_high)) in panel.rows.iter().enumerate() {
                let y = (n - 1 - i) as f64;
                let colour = self.colours[i];
                let line = colour.stroke_width(2);
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(ci_low, y), (ci_high, y)],
                    line,
                )))?;
                for x in [ci_low, ci_high] {
                    chart.draw_series(std::iter::once(
                        EmptyElement::at((x, y)) + PathElement::new(vec![(0, -5), (0, 5)], line),
                    ))?;
                }
                chart.draw_series(std::iter::once(Circle::new((score, y), 5, colour.filled())))?;
                chart.draw_series(std::iter::once(
                    EmptyElement::at((ci_high.max(score), y))
                        + Text::new(
                            score_label(score),
                            (8, 0),
                            anchored(11, INK, HPos::Left, VPos::Center),
                        ),
                ))?;
            }
            if label_rows.is_empty() {
                label_rows = (0..n)
                    .map(|i| chart.backend_coord(&(x0, (n - 1 - i) as f64)))
                    .collect();
            }
        }
        for (name, (_, y)) in names.iter().zip(label_rows) {
            root.draw(&Text::new(
                name.clone(),
                (label_width as i32 - 10, y),
                anchored(13, INK, HPos::Right, VPos::Center),
            ))?;
        }
        Ok(())
    }
}
