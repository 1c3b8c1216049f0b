//! Error categories per vendor, stacked: errors per 1000 words (of the source, else the
//! reference) in each top-level MQM category (the part of the category path before the first
//! `/`), from the report's error analysis.

use super::*;
use crate::report::model::{PairReport, Report};

const CATEGORY_COLOURS: [RGBColor; 8] = [
    RGBColor(213, 94, 0),
    RGBColor(0, 114, 178),
    RGBColor(0, 158, 115),
    RGBColor(230, 159, 0),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(120, 120, 120),
    RGBColor(148, 103, 189),
];

struct ErrorsFigure {
    title: String,
    subtitle: String,
    vendors: Vec<String>,
    categories: Vec<String>,
    /// `rates[vendor][category]`, errors per 1000 words.
    rates: Vec<Vec<f64>>,
    /// The rate axis' caption, naming whose words.
    axis: String,
}

pub(super) fn chart(report: &Report, pair: &PairReport) -> Result<Chart> {
    let vendors = vendors_by_rank(report, pair);
    let counts: Vec<_> = report
        .errors
        .iter()
        .flat_map(|e| e.counts.iter())
        .filter(|c| c.pair == pair.label)
        .collect();
    // Every row of a pair counts per the same words (its source's, else its reference's).
    let per = match counts.first().map(|c| c.words_of) {
        Some("hypothesis") => "output words".to_string(),
        Some(basis) => format!("{basis} words"),
        None => "words".to_string(),
    };
    let top = |category: &str| category.split('/').next().unwrap_or(category).to_string();
    let mut categories: Vec<String> = counts.iter().map(|c| top(&c.category)).collect();
    categories.sort();
    categories.dedup();
    let rates = vendors
        .iter()
        .map(|vendor| {
            categories
                .iter()
                .map(|category| {
                    counts
                        .iter()
                        .filter(|c| &c.system == vendor && &top(&c.category) == category)
                        .map(|c| c.per_1000_words)
                        .sum()
                })
                .collect()
        })
        .collect();
    let figure = ErrorsFigure {
        title: format!("{}: error categories per vendor", pair.label),
        subtitle: report.errors.as_ref().map_or(String::new(), |e| {
            format!("{}; errors per 1000 {per}", e.analysis)
        }),
        vendors,
        categories,
        rates,
        axis: format!("errors per 1000 {per}"),
    };
    render(
        &format!("errors.{}", pair.label),
        Some(&pair.label),
        format!(
            "{}: errors per 1000 {per} by category, per vendor",
            pair.label
        ),
        &figure,
        report,
    )
}

impl Figure for ErrorsFigure {
    fn size(&self) -> (u32, u32) {
        (960, 52 + 14 + 30 * self.vendors.len().max(1) as u32 + 90)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let body = titled(root, &self.title, &self.subtitle)?;
        let (names, label_width) = vendor_labels(root, &self.vendors);
        let n = self.vendors.len();
        let total_max = self
            .rates
            .iter()
            .map(|r| r.iter().sum::<f64>())
            .fold(0.0, f64::max)
            .max(1.0);
        let (plot, legend) = body.split_vertically(body.dim_in_pixel().1 - 40);
        let mut chart = ChartBuilder::on(&plot)
            .margin_top(8)
            .margin_right(24)
            .y_label_area_size(label_width)
            .x_label_area_size(40)
            .build_cartesian_2d(0.0..total_max * 1.05, -0.5..(n as f64 - 0.5))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .axis_style(MUTED)
            .x_label_style(text_style(11, MUTED))
            .x_label_formatter(&|x| format!("{x:.*}", tick_decimals(total_max)))
            .x_desc(&self.axis)
            .axis_desc_style(text_style(12, MUTED))
            .draw()?;
        for (i, rates) in self.rates.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            let mut start = 0.0;
            for (c, rate) in rates.iter().enumerate() {
                let colour = CATEGORY_COLOURS[c % CATEGORY_COLOURS.len()];
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(start, y - 0.32), (start + rate, y + 0.32)],
                    colour.filled(),
                )))?;
                start += rate;
            }
            let (_, row_y) = chart.backend_coord(&(0.0, y));
            root.draw(&Text::new(
                names[i].clone(),
                (label_width as i32 - 10, row_y),
                anchored(13, INK, HPos::Right, VPos::Center),
            ))?;
        }
        let mut x = label_width as i32;
        for (c, category) in self.categories.iter().enumerate() {
            let colour = CATEGORY_COLOURS[c % CATEGORY_COLOURS.len()];
            legend.draw(&Rectangle::new([(x, 12), (x + 14, 26)], colour.filled()))?;
            legend.draw(&Text::new(
                category.clone(),
                (x + 20, 19),
                anchored(12, INK, HPos::Left, VPos::Center),
            ))?;
            x += 20 + text_width(root, category, 12) as i32 + 24;
        }
        Ok(())
    }
}
