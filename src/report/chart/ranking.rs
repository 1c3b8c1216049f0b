//! Meta-evaluation ranking agreement: one column for the human scores and one per metric, each
//! system at its rank in every column (1 at the top, ties sharing a rank) and joined by a line,
//! so that crossing lines show where a metric orders systems differently from the reviewers;
//! each metric's column is headed with its system-level Kendall tau-b.

use super::meta::ChartMetric;
use super::*;

struct RankingFigure<'a> {
    title: String,
    subtitle: String,
    systems: &'a [String],
    /// `ranks[column][system]`, column 0 the human scores.
    ranks: Vec<Vec<usize>>,
    headers: Vec<String>,
}

const COLUMN_WIDTH: u32 = 150;
const ROW_HEIGHT: u32 = 34;
const LABEL_WIDTH: u32 = 150;

/// Competition ranks, higher scores first: 1 + the number of strictly higher scores.
fn ranks(scores: &[f64]) -> Vec<usize> {
    scores
        .iter()
        .map(|&x| 1 + scores.iter().filter(|&&y| y > x).count())
        .collect()
}

/// The ranking-agreement chart of system scores: `human[s]` and each metric's `scores[s]`.
pub fn meta_ranking(
    systems: &[String],
    human: &[f64],
    human_label: &str,
    metrics: &[ChartMetric],
    software: &str,
) -> Result<Chart> {
    let mut all_ranks = vec![ranks(human)];
    let mut headers = vec![human_label.to_string()];
    for metric in metrics {
        all_ranks.push(ranks(metric.scores));
        headers.push(match metric.kendall {
            Some(tau) => format!("{} (τ = {tau:.3})", metric.name),
            None => format!("{} (τ undefined)", metric.name),
        });
    }
    let figure = RankingFigure {
        title: format!(
            "System ranks, human against metrics, {} systems",
            systems.len()
        ),
        subtitle: "rank 1 at the top; crossing lines: a metric orders two systems differently"
            .to_string(),
        systems,
        ranks: all_ranks,
        headers,
    };
    let provenance = Provenance {
        software: software.to_string(),
        comment: String::new(),
    };
    render_with(
        "meta-ranking",
        None,
        "System ranks by the human scores and by every metric".to_string(),
        &figure,
        &provenance,
    )
}

impl RankingFigure<'_> {
    fn column_x(&self, column: usize) -> i32 {
        (LABEL_WIDTH + COLUMN_WIDTH / 2 + COLUMN_WIDTH * column as u32) as i32
    }

    fn rank_y(rank: usize) -> i32 {
        (12 + ROW_HEIGHT * rank as u32) as i32
    }
}

impl Figure for RankingFigure<'_> {
    fn size(&self) -> (u32, u32) {
        let columns = self.ranks.len() as u32;
        (
            2 * LABEL_WIDTH + COLUMN_WIDTH * columns,
            52 + 40 + ROW_HEIGHT * self.systems.len().max(1) as u32,
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let body = titled(root, &self.title, &self.subtitle)?;
        let last = self.ranks.len() - 1;
        for (column, header) in self.headers.iter().enumerate() {
            let x = self.column_x(column);
            body.draw(&Text::new(
                shorten(header, 24),
                (x, 16),
                anchored(12, INK, HPos::Center, VPos::Center),
            ))?;
            body.draw(&PathElement::new(
                vec![
                    (x, Self::rank_y(1) - ROW_HEIGHT as i32 / 2),
                    (x, Self::rank_y(self.systems.len()) + ROW_HEIGHT as i32 / 2),
                ],
                GRID,
            ))?;
        }
        for (s, system) in self.systems.iter().enumerate() {
            let colour = VENDOR_COLOURS[s % VENDOR_COLOURS.len()];
            let points: Vec<(i32, i32)> = self
                .ranks
                .iter()
                .enumerate()
                .map(|(column, ranks)| (self.column_x(column), Self::rank_y(ranks[s])))
                .collect();
            body.draw(&PathElement::new(points.clone(), colour.stroke_width(2)))?;
            for (column, &point) in points.iter().enumerate() {
                body.draw(&Circle::new(point, 5, colour.filled()))?;
                body.draw(&Text::new(
                    self.ranks[column][s].to_string(),
                    (point.0 + 8, point.1 - 8),
                    anchored(10, MUTED, HPos::Left, VPos::Center),
                ))?;
            }
            let label = shorten(system, 18);
            body.draw(&Text::new(
                label.clone(),
                (points[0].0 - 14, points[0].1),
                anchored(12, INK, HPos::Right, VPos::Center),
            ))?;
            body.draw(&Text::new(
                label,
                (points[last].0 + 24, points[last].1),
                anchored(12, INK, HPos::Left, VPos::Center),
            ))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::meta::ChartMetric;
    use super::*;

    #[test]
    fn ties_share_the_higher_rank() {
        assert_eq!(ranks(&[0.5, 2.0, 0.5, -1.0]), [2, 1, 2, 4]);
    }

    #[test]
    fn draws_one_line_per_system() {
        let systems = vec!["A".to_string(), "B".to_string(), "C".to_string()];
        let chart = meta_ranking(
            &systems,
            &[-0.1, -3.0, -0.6],
            "−MQM",
            &[ChartMetric {
                name: "chrF2",
                scores: &[76.0, 59.0, 81.0],
                pearson: None,
                kendall: Some(1.0 / 3.0),
            }],
            "mteval test",
        )
        .unwrap();
        assert_eq!(chart.id, "meta-ranking");
        assert!(chart.svg.contains("chrF2 (τ = 0.333)"), "{}", chart.svg);
        assert_eq!(
            chart.svg.matches("<polyline").count(),
            3 + 2,
            "3 systems, 2 rules"
        );
        assert!(chart.png.starts_with(b"\x89PNG"));
    }
}
