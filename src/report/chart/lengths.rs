//! Corpus score per source-length bucket (reference length without a source; `0-10`, `11-20`,
//! … words, doubled for character counts), one line per vendor: where long sentences break a
//! vendor.

use super::*;
use crate::report::model::{PairReport, Report};

struct LengthsFigure {
    title: String,
    subtitle: String,
    buckets: Vec<String>,
    /// (vendor, colour, score per bucket).
    lines: Vec<(String, RGBColor, Vec<Option<f64>>)>,
    metric: String,
    unit: String,
    /// Whose lengths: `source`, else `reference`.
    side: &'static str,
}

pub(super) fn chart(report: &Report, pair: &PairReport) -> Result<Chart> {
    let metric = &pair.metrics[pair.primary];
    let rows: Vec<_> = report
        .lengths
        .iter()
        .filter(|r| r.pair == pair.label && r.metric == metric.name)
        .collect();
    let mut buckets: Vec<(String, usize)> = Vec::new();
    for row in &rows {
        if !buckets.iter().any(|(b, _)| b == &row.bucket) {
            buckets.push((row.bucket.clone(), row.segments));
        }
    }
    let lines = vendors_by_rank(report, pair)
        .into_iter()
        .map(|vendor| {
            let scores = buckets
                .iter()
                .map(|(bucket, _)| {
                    rows.iter()
                        .find(|r| r.system == vendor && &r.bucket == bucket)
                        .map(|r| r.score)
                })
                .collect();
            let colour = vendor_colour(report, pair, &vendor);
            (vendor, colour, scores)
        })
        .collect();
    // Without a source, the buckets are of reference lengths.
    let side = pair.source_length.map_or("reference", |_| "source");
    let figure = LengthsFigure {
        title: format!("{}: {} by {side} length", pair.label, metric.name),
        subtitle: format!(
            "corpus score over the segments of each length bucket ({} per segment; segments in brackets)",
            pair.length_unit
        ),
        buckets: buckets
            .iter()
            .map(|(bucket, n)| format!("{bucket} ({n})"))
            .collect(),
        lines,
        metric: metric.name.clone(),
        unit: pair.length_unit.clone(),
        side,
    };
    render(
        &format!("lengths.{}", pair.label),
        Some(&pair.label),
        format!(
            "{}: {} per {side}-length bucket and vendor",
            pair.label, metric.name
        ),
        &figure,
        report,
    )
}

impl Figure for LengthsFigure {
    fn size(&self) -> (u32, u32) {
        (960, 360)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let body = titled(root, &self.title, &self.subtitle)?;
        let legend_width = self
            .lines
            .iter()
            .map(|(v, _, _)| text_width(root, &shorten(v, 24), 12))
            .max()
            .unwrap_or(40)
            + 64;
        let (plot, legend) = body.split_horizontally(960 - legend_width);
        let values: Vec<f64> = self
            .lines
            .iter()
            .flat_map(|(_, _, s)| s.iter().flatten().copied())
            .collect();
        let low = values.iter().copied().fold(f64::MAX, f64::min);
        let high = values.iter().copied().fold(f64::MIN, f64::max);
        let (y0, y1) = if values.is_empty() {
            (0.0, 100.0)
        } else {
            padded_range(low, high, 0.0, f64::MAX)
        };
        let k = self.buckets.len().max(1);
        let mut chart = ChartBuilder::on(&plot)
            .margin_top(8)
            .margin_right(12)
            .margin_left(8)
            .y_label_area_size(44)
            .x_label_area_size(48)
            .build_cartesian_2d(-0.5..(k as f64 - 0.5), y0..y1)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(6)
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .axis_style(MUTED)
            .y_label_style(text_style(11, MUTED))
            .y_label_formatter(&|y| format!("{y:.*}", tick_decimals(y1 - y0)))
            .y_desc(self.metric.clone())
            .axis_desc_style(text_style(12, MUTED))
            .draw()?;
        for (i, bucket) in self.buckets.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(i as f64, y0));
            root.draw(&Text::new(
                bucket.clone(),
                (x, y + 8),
                anchored(11, INK, HPos::Center, VPos::Top),
            ))?;
        }
        let (x_mid, y_bottom) = chart.backend_coord(&((k as f64 - 1.0) / 2.0, y0));
        root.draw(&Text::new(
            format!("{} length ({})", self.side, self.unit),
            (x_mid, y_bottom + 28),
            anchored(12, MUTED, HPos::Center, VPos::Top),
        ))?;
        for (_, colour, scores) in &self.lines {
            let points: Vec<(f64, f64)> = scores
                .iter()
                .enumerate()
                .filter_map(|(i, s)| s.map(|s| (i as f64, s)))
                .collect();
            chart.draw_series(std::iter::once(PathElement::new(
                points.clone(),
                colour.stroke_width(2),
            )))?;
            chart.draw_series(points.iter().map(|&p| Circle::new(p, 4, colour.filled())))?;
        }
        let (legend_x, legend_y) = (10, 16);
        for (i, (vendor, colour, _)) in self.lines.iter().enumerate() {
            let y = legend_y + i as i32 * 20;
            legend.draw(&PathElement::new(
                vec![(legend_x, y), (legend_x + 22, y)],
                colour.stroke_width(3),
            ))?;
            legend.draw(&Text::new(
                shorten(vendor, 24),
                (legend_x + 30, y),
                anchored(12, INK, HPos::Left, VPos::Center),
            ))?;
        }
        Ok(())
    }
}
