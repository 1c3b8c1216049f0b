//! Meta-evaluation scatter: one panel per metric, each system a labelled point at (metric score,
//! human score), with the panel's Pearson r: whether a metric orders vendors as reviewers do.

use super::*;

/// One metric's system scores for the meta-evaluation charts, with its system-level Pearson r
/// (the scatter) and Kendall tau-b (the ranking chart).
pub struct ChartMetric<'a> {
    pub name: &'a str,
    pub scores: &'a [f64],
    pub pearson: Option<f64>,
    pub kendall: Option<f64>,
}

struct ScatterFigure<'a> {
    title: String,
    subtitle: String,
    systems: &'a [String],
    human: &'a [f64],
    human_label: &'a str,
    metrics: &'a [ChartMetric<'a>],
}

const PANEL_WIDTH: u32 = 420;

/// The scatter chart of system scores: `human[s]` against each metric's `scores[s]`.
pub fn meta_scatter(
    systems: &[String],
    human: &[f64],
    human_label: &str,
    metrics: &[ChartMetric],
    software: &str,
) -> Result<Chart> {
    let figure = ScatterFigure {
        title: format!("Metric against human scores, {} systems", systems.len()),
        subtitle: format!("one point per system; y: {human_label}"),
        systems,
        human,
        human_label,
        metrics,
    };
    let provenance = Provenance {
        software: software.to_string(),
        comment: String::new(),
    };
    render_with(
        "meta-scatter",
        None,
        "System scores of every metric against the human scores".to_string(),
        &figure,
        &provenance,
    )
}

impl Figure for ScatterFigure<'_> {
    fn size(&self) -> (u32, u32) {
        (PANEL_WIDTH * self.metrics.len().max(1) as u32, 440)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let body = titled(root, &self.title, &self.subtitle)?;
        let panels = body.split_evenly((1, self.metrics.len().max(1)));
        let (y_low, y_high) = bounds(self.human);
        for (area, metric) in panels.iter().zip(self.metrics) {
            let (x_low, x_high) = bounds(metric.scores);
            // Room on the right for the labels of the highest-scoring systems.
            let x_high = x_high + (x_high - x_low) * 0.15;
            let caption = match metric.pearson {
                Some(r) => format!("{} (Pearson r = {r:.3})", metric.name),
                None => format!("{} (Pearson r undefined)", metric.name),
            };
            let mut chart = ChartBuilder::on(area)
                .margin(12)
                .caption(caption, text_style(14, INK))
                .x_label_area_size(34)
                .y_label_area_size(52)
                .build_cartesian_2d(x_low..x_high, y_low..y_high)?;
            chart
                .configure_mesh()
                .light_line_style(TRANSPARENT)
                .bold_line_style(GRID)
                .axis_style(MUTED)
                .x_desc(metric.name)
                .y_desc(self.human_label)
                .x_label_style(text_style(11, MUTED))
                .y_label_style(text_style(11, MUTED))
                .x_label_formatter(&|x| format!("{x:.*}", tick_decimals(x_high - x_low)))
                .y_label_formatter(&|y| format!("{y:.*}", tick_decimals(y_high - y_low)))
                .draw()?;
            for (i, (system, (&x, &y))) in self
                .systems
                .iter()
                .zip(metric.scores.iter().zip(self.human))
                .enumerate()
            {
                let colour = VENDOR_COLOURS[i % VENDOR_COLOURS.len()];
                chart.draw_series(std::iter::once(Circle::new((x, y), 4, colour.filled())))?;
                chart.draw_series(std::iter::once(Text::new(
                    shorten(system, 16),
                    (x, y),
                    anchored(10, INK, HPos::Left, VPos::Bottom),
                )))?;
            }
        }
        Ok(())
    }
}

/// An axis range around the values with 8% room on each side (±0.5 for a single value).
fn bounds(values: &[f64]) -> (f64, f64) {
    let low = values.iter().copied().fold(f64::INFINITY, f64::min);
    let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !(low.is_finite() && high.is_finite()) {
        return (0.0, 1.0);
    }
    if high - low <= f64::EPSILON {
        return (low - 0.5, high + 0.5);
    }
    let pad = (high - low) * 0.08;
    (low - pad, high + pad)
}
