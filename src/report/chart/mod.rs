//! Charts of a report: drawn once with plotters as SVG (inlined in the HTML page), then
//! rasterized with resvg at twice the size as PNG (for slides; with the caption, tool version and
//! signatures in iTXt chunks). Text is measured and rendered with DejaVu Sans, embedded in the
//! binary, so charts look the same on machines without system fonts. Every chart is drawn from
//! the [`Report`] alone.

mod cost;
mod distribution;
mod errors;
mod heatmap;
mod lengths;
mod meta;
mod ranking;
mod scores;

pub use super::drawn_chart::Chart;
pub use meta::{meta_scatter, ChartMetric};
pub use ranking::meta_ranking;

use super::model::{PairReport, Report};
use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rayon::prelude::*;
use resvg::{tiny_skia, usvg};
use std::sync::{Arc, Once, OnceLock};

/// The result of drawing on a backend.
type Drawn<DB> = std::result::Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A chart that can be drawn on any plotters backend.
trait Figure: Sync {
    /// Pixel size.
    fn size(&self) -> (u32, u32);
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn<DB>;
}

const FONT: &str = "sans-serif";
static FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// Registers the embedded font with plotters (once per process).
fn ensure_font() {
    static REGISTER: Once = Once::new();
    REGISTER.call_once(|| {
        // The font is part of the binary; a failure here is a build defect.
        if plotters::style::register_font(FONT, FontStyle::Normal, FONT_BYTES).is_err() {
            panic!("the embedded DejaVu Sans font could not be parsed");
        }
    });
}

/// The font database of the rasterizer: only the embedded font, standing in for every family.
fn font_database() -> Arc<usvg::fontdb::Database> {
    static DATABASE: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DATABASE
        .get_or_init(|| {
            let mut database = usvg::fontdb::Database::new();
            database.load_font_data(FONT_BYTES.to_vec());
            database.set_sans_serif_family("DejaVu Sans");
            database.set_serif_family("DejaVu Sans");
            database.set_monospace_family("DejaVu Sans");
            Arc::new(database)
        })
        .clone()
}

/// PNG pixels per SVG pixel.
const PNG_SCALE: u32 = 2;

/// Colours for vendors: Okabe–Ito (colour-blind safe) first, then further distinct tones.
const VENDOR_COLOURS: [RGBColor; 16] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(90, 90, 90),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
    RGBColor(31, 61, 122),
    RGBColor(227, 26, 28),
    RGBColor(51, 160, 44),
    RGBColor(106, 61, 154),
    RGBColor(0, 0, 0),
];

/// The colour of a vendor in a chart of `pair`: the same in every chart of the report when the
/// report has few enough vendors, else the same in every chart of the pair (distinct within it).
fn vendor_colour(report: &Report, pair: &PairReport, vendor: &str) -> RGBColor {
    let index = if report.vendors.len() <= VENDOR_COLOURS.len() {
        report.vendors.iter().position(|v| v == vendor)
    } else {
        vendors_by_rank(report, pair)
            .iter()
            .position(|v| v == vendor)
    };
    VENDOR_COLOURS[index.unwrap_or(0) % VENDOR_COLOURS.len()]
}

const INK: RGBColor = RGBColor(33, 37, 41);
const MUTED: RGBColor = RGBColor(108, 117, 125);
const BAND: RGBColor = RGBColor(244, 246, 248);
const GRID: RGBColor = RGBColor(222, 226, 230);

fn text_style(size: u32, colour: RGBColor) -> TextStyle<'static> {
    (FONT, size).into_font().color(&colour)
}

fn anchored(size: u32, colour: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    text_style(size, colour).pos(Pos::new(h, v))
}

/// Vendor names as drawn on a chart's row labels (long names shortened) and the width of the
/// label column that holds them.
fn vendor_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    vendors: &[String],
) -> (Vec<String>, u32) {
    let names: Vec<String> = vendors.iter().map(|v| shorten(v, 28)).collect();
    let width = names
        .iter()
        .map(|n| text_width(root, n, 13))
        .max()
        .unwrap_or(40)
        + 24;
    (names, width)
}

/// Width in pixels of `text` at `size`.
fn text_width<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, text: &str, size: u32) -> u32 {
    root.estimate_text_size(text, &text_style(size, INK))
        .map_or(text.chars().count() as u32 * size * 6 / 10, |(w, _)| w)
}

/// Shortens a label to `max` characters with an ellipsis in the middle, so that the end, which
/// often tells versions apart (`…Engine-v2`, `…Engine-v3`), stays.
fn shorten(label: &str, max: usize) -> String {
    let length = label.chars().count();
    if length <= max {
        return label.to_string();
    }
    let kept = max.saturating_sub(1);
    let head = kept * 3 / 5;
    let tail = kept - head;
    let mut short: String = label.chars().take(head).collect();
    short.push('…');
    short.extend(label.chars().skip(length - tail));
    short
}

/// Draws the title line of a figure and returns the area below it.
fn titled<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
) -> std::result::Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    root.draw(&Text::new(
        title.to_string(),
        (14, 10),
        anchored(17, INK, HPos::Left, VPos::Top),
    ))?;
    let mut height = 34;
    if !subtitle.is_empty() {
        root.draw(&Text::new(
            subtitle.to_string(),
            (14, 32),
            anchored(12, MUTED, HPos::Left, VPos::Top),
        ))?;
        height = 52;
    }
    Ok(root.split_vertically(height).1)
}

/// Decimals for axis ticks over a range of `span`: none for wide ranges, more for narrow ones.
fn tick_decimals(span: f64) -> usize {
    if !(span.is_finite() && span > 0.0) {
        return 1;
    }
    (-(span / 5.0).log10()).ceil().clamp(0.0, 4.0) as usize
}

/// Formats a score for labels.
fn score_label(score: f64) -> String {
    format!("{score:.1}")
}

/// A "nice" axis range around `[low, high]` with some room, clamped to `[floor, ceiling]`.
fn padded_range(low: f64, high: f64, floor: f64, ceiling: f64) -> (f64, f64) {
    let (low, high) = if high - low < 1.0 {
        (low - 0.5, high + 0.5)
    } else {
        (low, high)
    };
    let pad = (high - low) * 0.08;
    ((low - pad).max(floor), (high + pad).min(ceiling))
}

fn draw_error(id: &str, err: impl std::fmt::Display) -> Error {
    Error::io(
        format!("charts/{id}"),
        std::io::Error::other(format!("drawing the chart failed: {err}")),
    )
}

/// Draws a figure of a report as SVG and as PNG.
fn render(
    id: &str,
    pair: Option<&str>,
    caption: String,
    figure: &impl Figure,
    report: &Report,
) -> Result<Chart> {
    let signatures: Vec<String> = report
        .pairs
        .iter()
        // No pair: every pair's signatures.
        .filter(|p| pair.is_none_or(|label| label == p.label))
        .flat_map(|p| {
            p.metrics
                .iter()
                .map(move |m| format!("{} {}: {}", p.label, m.name, m.signature))
        })
        .collect();
    let provenance = Provenance {
        software: report.version.clone(),
        comment: signatures.join("\n"),
    };
    render_with(id, pair, caption, figure, &provenance)
}

/// What a PNG records about its making (iTXt `Software` and `Comment` chunks).
struct Provenance {
    software: String,
    comment: String,
}

/// Draws a figure as SVG and as PNG.
fn render_with(
    id: &str,
    pair: Option<&str>,
    caption: String,
    figure: &impl Figure,
    provenance: &Provenance,
) -> Result<Chart> {
    ensure_font();
    let (width, height) = figure.size();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        figure.draw(&root).map_err(|e| draw_error(id, e))?;
        root.present().map_err(|e| draw_error(id, e))?;
    }
    let pixels = rasterize(&svg, width, height).map_err(|e| draw_error(id, e))?;
    let png = encode_png(
        &pixels,
        width * PNG_SCALE,
        height * PNG_SCALE,
        &caption,
        provenance,
    )
    .map_err(|e| draw_error(id, e))?;
    Ok(Chart {
        id: id.to_string(),
        pair: pair.map(str::to_string),
        caption,
        svg,
        png,
    })
}

/// The SVG as RGBA pixels at [`PNG_SCALE`] times its size, on white.
fn rasterize(svg: &str, width: u32, height: u32) -> std::result::Result<Vec<u8>, String> {
    let options = usvg::Options {
        fontdb: font_database(),
        font_family: "DejaVu Sans".to_string(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let mut pixmap = tiny_skia::Pixmap::new(width * PNG_SCALE, height * PNG_SCALE)
        .ok_or_else(|| format!("cannot allocate a {width}×{height} image"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let scale = PNG_SCALE as f32;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap.take())
}

/// Opaque RGBA pixels as PNG, with provenance in iTXt chunks. Deflate level 2: on the WMT22
/// report's charts, 58 % of the default level's time for files 5 % larger.
fn encode_png(
    pixels: &[u8],
    width: u32,
    height: u32,
    caption: &str,
    provenance: &Provenance,
) -> std::result::Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_deflate_compression(png::DeflateCompression::Level(2));
        encoder.add_itxt_chunk("Title".to_string(), caption.to_string())?;
        encoder.add_itxt_chunk("Software".to_string(), provenance.software.clone())?;
        encoder.add_itxt_chunk("Comment".to_string(), provenance.comment.clone())?;
        let mut writer = encoder.write_header()?;
        writer.write_image_data(pixels)?;
        writer.finish()?;
    }
    Ok(out)
}

/// Vendors of a pair, best first under the pair's primary metric.
fn vendors_by_rank(report: &Report, pair: &PairReport) -> Vec<String> {
    let metric = &pair.metrics[pair.primary].name;
    let mut rows: Vec<(usize, String)> = report
        .systems
        .iter()
        .filter(|r| r.pair == pair.label && &r.metric == metric)
        .map(|r| (r.rank, r.system.clone()))
        .collect();
    rows.sort();
    rows.into_iter().map(|(_, name)| name).collect()
}

/// Charts of a report, in the order the page shows them.
pub fn render_charts(report: &Report) -> Result<Vec<Chart>> {
    let mut jobs: Vec<Box<dyn Fn() -> Result<Chart> + Sync + '_>> = Vec::new();
    for pair in &report.pairs {
        if pair.metrics.is_empty() {
            continue;
        }
        let label = pair.label.as_str();
        jobs.push(Box::new(move || scores::chart(report, pair)));
        jobs.push(Box::new(move || distribution::chart(report, pair)));
        if pair.systems.len() > 1 {
            jobs.push(Box::new(move || heatmap::pairwise_chart(report, pair)));
        }
        if pair.has_domains {
            jobs.push(Box::new(move || heatmap::domain_chart(report, pair)));
        }
        jobs.push(Box::new(move || lengths::chart(report, pair)));
        if report
            .systems
            .iter()
            .any(|r| r.pair == label && r.cost.is_some())
        {
            jobs.push(Box::new(move || cost::chart(report, pair)));
        }
        if report
            .errors
            .as_ref()
            .is_some_and(|e| e.counts.iter().any(|c| c.pair == label))
        {
            jobs.push(Box::new(move || errors::chart(report, pair)));
        }
    }
    jobs.par_iter().map(|job| job()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortens_labels_and_pads_ranges() {
        assert_eq!(shorten("VendorA", 10), "VendorA");
        assert_eq!(shorten("AVeryLongVendorName", 6), "AVe…me");
        assert_eq!(
            shorten("MegaTranslateEnterpriseNeuralEngine-v2", 28),
            "MegaTranslateEnt…alEngine-v2"
        );
        let (low, high) = padded_range(20.0, 30.0, 0.0, 100.0);
        assert!(low < 20.0 && high > 30.0);
        assert_eq!(padded_range(0.0, 100.0, 0.0, 100.0), (0.0, 100.0));
        assert_eq!(tick_decimals(60.0), 0);
        assert_eq!(tick_decimals(1.0), 1);
        assert_eq!(tick_decimals(0.2), 2);
    }
}
