//! The annotation sheet of `mteval sample`: the chosen segments of every vendor as a TSV in the
//! Google/WMT MQM layout (`system, doc, doc_id, seg_id, rater, source, target, category,
//! severity`) with rater, category and severity left empty for the reviewers; `doc_id` is the
//! segment's index within its document, `seg_id` its 1-based line number.

/// A TSV field: tabs and line breaks would break the layout, so they become spaces.
fn field(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

/// The sheet of the `chosen` segments (0-based) of every vendor (name, segments), with every
/// segment's document and source.
pub fn review_sheet(
    systems: &[(&str, &[String])],
    documents: &[String],
    source: &[String],
    chosen: &[usize],
) -> String {
    let mut out =
        String::from("system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n");
    for (name, segments) in systems {
        for &segment in chosen {
            let document = &documents[segment];
            let within = documents[..=segment]
                .iter()
                .filter(|d| *d == document)
                .count();
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t\t{}\t{}\t\t\n",
                field(name),
                field(document),
                within,
                segment + 1,
                field(&source[segment]),
                field(&segments[segment]),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_number_segments_within_their_document_and_flatten_tabs() {
        let documents = vec!["d1".to_string(), "d2".to_string(), "d2".to_string()];
        let source = vec!["a".to_string(), "b\tc".to_string(), "d".to_string()];
        let system = vec!["x".to_string(), "y".to_string(), "z\nw".to_string()];
        let sheet = review_sheet(&[("sys", &system)], &documents, &source, &[2, 0]);
        assert_eq!(
            sheet,
            "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n\
             sys\td2\t2\t3\t\td\tz w\t\t\n\
             sys\td1\t1\t1\t\ta\tx\t\t\n"
        );
    }
}
