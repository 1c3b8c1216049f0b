//! A drawn chart: its SVG (inlined in the page) and PNG. Its own module because the page and
//! the report writer need the type whether or not the `charts` feature, which draws charts in
//! the `chart` module, is on.

/// A rendered chart.
#[derive(Debug, Clone)]
pub struct Chart {
    /// File stem under `charts/` and HTML id: `scores.en-de`.
    pub id: String,
    /// The language pair it belongs to, if any.
    pub pair: Option<String>,
    /// What it shows, one sentence (the HTML caption and the PNG description).
    pub caption: String,
    pub svg: String,
    pub png: Vec<u8>,
}
