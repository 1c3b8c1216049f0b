//! Distribution of sentence scores per vendor under the pair's primary metric: Tukey box plots
//! (box from the first to the third quartile, median line, whiskers to the furthest score within
//! 1.5 IQR, dots beyond) with the mean as a diamond.

use super::*;
use crate::report::model::{PairReport, Report};

const ROW: u32 = 34;

/// Tukey summary of one vendor's sentence scores.
#[derive(Debug, Clone, PartialEq)]
struct Summary {
    q1: f64,
    median: f64,
    q3: f64,
    whisker_low: f64,
    whisker_high: f64,
    mean: f64,
    outliers: Vec<f64>,
}

/// Linear-interpolation percentile of sorted values (NumPy's default).
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = p / 100.0 * (sorted.len() - 1) as f64;
    let (low, high) = (rank.floor() as usize, rank.ceil() as usize);
    sorted[low] + (sorted[high] - sorted[low]) * (rank - low as f64)
}

fn summarize(values: &[f64]) -> Summary {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    let (q1, median, q3) = (
        percentile(&sorted, 25.0),
        percentile(&sorted, 50.0),
        percentile(&sorted, 75.0),
    );
    let fence = 1.5 * (q3 - q1);
    let inside = |v: &&f64| **v >= q1 - fence && **v <= q3 + fence;
    let whisker_low = sorted.iter().find(inside).copied().unwrap_or(q1);
    let whisker_high = sorted.iter().rev().find(inside).copied().unwrap_or(q3);
    let outliers = sorted
        .iter()
        .copied()
        .filter(|v| *v < whisker_low || *v > whisker_high)
        .collect();
    Summary {
        q1,
        median,
        q3,
        whisker_low,
        whisker_high,
        mean: sorted.iter().sum::<f64>() / sorted.len().max(1) as f64,
        outliers,
    }
}

struct DistributionFigure {
    title: String,
    subtitle: String,
    vendors: Vec<String>,
    colours: Vec<RGBColor>,
    summaries: Vec<Summary>,
    x_max: f64,
    metric: String,
}

pub(super) fn chart(report: &Report, pair: &PairReport) -> Result<Chart> {
    let vendors = vendors_by_rank(report, pair);
    let metric = &pair.metrics[pair.primary];
    let scores = &pair.table.scores[pair.primary];
    let summaries: Vec<Summary> = vendors
        .iter()
        .map(|v| {
            let s = pair.systems.iter().position(|name| name == v).unwrap_or(0);
            summarize(&scores[s])
        })
        .collect();
    let observed_max = summaries
        .iter()
        .flat_map(|s| s.outliers.iter().copied().chain([s.whisker_high]))
        .fold(0.0, f64::max);
    let figure = DistributionFigure {
        title: format!("{}: sentence {} per vendor", pair.label, metric.name),
        subtitle: format!(
            "box: middle half of the {} segments; line: median; diamond: mean; whiskers: 1.5 IQR; dots: outliers",
            pair.segments
        ),
        colours: vendors.iter().map(|v| vendor_colour(report, pair, v)).collect(),
        vendors,
        summaries,
        x_max: observed_max.max(100.0),
        metric: metric.name.clone(),
    };
    render(
        &format!("distribution.{}", pair.label),
        Some(&pair.label),
        format!(
            "{}: distribution of sentence-level {} per vendor",
            pair.label, metric.name
        ),
        &figure,
        report,
    )
}

impl Figure for DistributionFigure {
    fn size(&self) -> (u32, u32) {
        (960, 52 + 14 + ROW * self.vendors.len().max(1) as u32 + 52)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let body = titled(root, &self.title, &self.subtitle)?;
        let (names, label_width) = vendor_labels(root, &self.vendors);
        let n = self.vendors.len();
        let mut chart = ChartBuilder::on(&body)
            .margin_top(8)
            .margin_right(24)
            .y_label_area_size(label_width)
            .x_label_area_size(44)
            .build_cartesian_2d(0.0..self.x_max, -0.5..(n as f64 - 0.5))?;
        chart.draw_series((0..n).filter(|i| i % 2 == 0).map(|i| {
            let y = (n - 1 - i) as f64;
            Rectangle::new([(0.0, y - 0.5), (self.x_max, y + 0.5)], BAND.filled())
        }))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(11)
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .axis_style(MUTED)
            .x_label_style(text_style(11, MUTED))
            .x_label_formatter(&|x| format!("{x:.*}", tick_decimals(self.x_max)))
            .x_desc(format!("sentence {}", self.metric))
            .axis_desc_style(text_style(12, MUTED))
            .draw()?;
        for (i, summary) in self.summaries.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            let colour = self.colours[i];
            let line = colour.stroke_width(2);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(summary.q1, y - 0.28), (summary.q3, y + 0.28)],
                colour.mix(0.25).filled(),
            )))?;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(summary.q1, y - 0.28), (summary.q3, y + 0.28)],
                line,
            )))?;
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(summary.median, y - 0.28), (summary.median, y + 0.28)],
                INK.stroke_width(2),
            )))?;
            for (from, to) in [
                (summary.whisker_low, summary.q1),
                (summary.q3, summary.whisker_high),
            ] {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(from, y), (to, y)],
                    colour.stroke_width(1),
                )))?;
            }
            for x in [summary.whisker_low, summary.whisker_high] {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(x, y - 0.14), (x, y + 0.14)],
                    colour.stroke_width(1),
                )))?;
            }
            chart.draw_series(
                summary
                    .outliers
                    .iter()
                    .map(|&x| Circle::new((x, y), 2, colour.stroke_width(1))),
            )?;
            chart.draw_series(std::iter::once(
                EmptyElement::at((summary.mean, y))
                    + Polygon::new(vec![(0, -5), (5, 0), (0, 5), (-5, 0)], WHITE.filled())
                    + PathElement::new(vec![(0, -5), (5, 0), (0, 5), (-5, 0), (0, -5)], INK),
            ))?;
            let (_, row_y) = chart.backend_coord(&(0.0, y));
            root.draw(&Text::new(
                names[i].clone(),
                (label_width as i32 - 10, row_y),
                anchored(13, INK, HPos::Right, VPos::Center),
            ))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summarizes_like_tukey() {
        let summary = summarize(&[1.0, 2.0, 3.0, 4.0, 100.0]);
        assert_eq!((summary.q1, summary.median, summary.q3), (2.0, 3.0, 4.0));
        assert_eq!((summary.whisker_low, summary.whisker_high), (1.0, 4.0));
        assert_eq!(summary.outliers, vec![100.0]);
        assert_eq!(summary.mean, 22.0);
    }
}
