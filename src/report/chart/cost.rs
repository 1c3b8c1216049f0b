//! Cost versus quality: what translating the pair's source text costs at each vendor's price per
//! word, against the vendor's score (with its 95% interval) under the primary metric. Vendors
//! up and to the left give more quality per unit of money.

use super::*;
use crate::report::model::{PairReport, Report};

struct CostFigure {
    title: String,
    subtitle: String,
    /// (vendor, colour, cost, score, ci_low, ci_high).
    points: Vec<(String, RGBColor, f64, f64, f64, f64)>,
    metric: String,
    currency: String,
}

pub(super) fn chart(report: &Report, pair: &PairReport) -> Result<Chart> {
    let metric = &pair.metrics[pair.primary];
    let points = report
        .systems
        .iter()
        .filter(|r| r.pair == pair.label && r.metric == metric.name)
        .filter_map(|r| {
            r.cost.map(|cost| {
                (
                    r.system.clone(),
                    vendor_colour(report, pair, &r.system),
                    cost,
                    r.score,
                    r.ci_low,
                    r.ci_high,
                )
            })
        })
        .collect();
    let currency = report.currency.clone().unwrap_or_default();
    let figure = CostFigure {
        title: format!("{}: cost versus {}", pair.label, metric.name),
        subtitle: format!(
            "cost of the {} source {} at each vendor's price; bars: 95% intervals; vendors without a price are left out",
            pair.source_length.unwrap_or(0),
            pair.length_unit
        ),
        points,
        metric: metric.name.clone(),
        currency,
    };
    render(
        &format!("cost.{}", pair.label),
        Some(&pair.label),
        format!(
            "{}: cost of the test set per vendor against its {}",
            pair.label, metric.name
        ),
        &figure,
        report,
    )
}

impl Figure for CostFigure {
    fn size(&self) -> (u32, u32) {
        (960, 380)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let body = titled(root, &self.title, &self.subtitle)?;
        let costs: Vec<f64> = self.points.iter().map(|p| p.2).collect();
        let (c_low, c_high) = costs
            .iter()
            .fold((f64::MAX, f64::MIN), |(lo, hi), &c| (lo.min(c), hi.max(c)));
        let x_span = (c_high - c_low).max(c_high * 0.2).max(1e-6);
        let (x0, x1) = ((c_low - x_span * 0.15).max(0.0), c_high + x_span * 0.45);
        let low = self.points.iter().map(|p| p.4).fold(f64::MAX, f64::min);
        let high = self.points.iter().map(|p| p.5).fold(f64::MIN, f64::max);
        let (y0, y1) = padded_range(low, high, 0.0, f64::MAX);
        let mut chart = ChartBuilder::on(&body)
            .margin_top(8)
            .margin_right(24)
            .margin_left(8)
            .y_label_area_size(48)
            .x_label_area_size(48)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        let currency = if self.currency.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.currency)
        };
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .axis_style(MUTED)
            .label_style(text_style(11, MUTED))
            .x_labels(6)
            .y_labels(6)
            .x_label_formatter(&|x| format!("{x:.*}", tick_decimals(x1 - x0)))
            .y_label_formatter(&|y| format!("{y:.*}", tick_decimals(y1 - y0)))
            .x_desc(format!("cost of the test set{currency}"))
            .y_desc(self.metric.clone())
            .axis_desc_style(text_style(12, MUTED))
            .draw()?;
        for (vendor, colour, cost, score, ci_low, ci_high) in &self.points {
            let line = colour.stroke_width(2);
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(*cost, *ci_low), (*cost, *ci_high)],
                line,
            )))?;
            for y in [*ci_low, *ci_high] {
                chart.draw_series(std::iter::once(
                    EmptyElement::at((*cost, y)) + PathElement::new(vec![(-5, 0), (5, 0)], line),
                ))?;
            }
            chart.draw_series(std::iter::once(
                EmptyElement::at((*cost, *score))
                    + Circle::new((0, 0), 6, colour.filled())
                    + Text::new(
                        format!("{} ({})", shorten(vendor, 24), score_label(*score)),
                        (12, 0),
                        anchored(12, INK, HPos::Left, VPos::Center),
                    ),
            ))?;
        }
        Ok(())
    }
}
