//! WMT XML test sets (WMT21 and later): one file holds a whole evaluation — documents with their
//! ids, domains and original languages, the source, references by translator and hypotheses by
//! system. Segments are read the way sacreBLEU unwraps these files: keyed by their numeric `id`
//! in source order, entity-decoded, `strip()`ped with every whitespace run collapsed to one space,
//! segments without any reference text left out, and a missing reference or hypothesis for a
//! document filled with empty segments (with a warning).

use crate::error::{Error, Result};
use crate::io::plain::{read_bytes, utf8_text_without_bom};
use crate::io::{Normalization, TextFile};
use crate::text::push_collapsed_whitespace;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// One `<doc>` of the test set and the segments it spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlDocument {
    pub id: String,
    pub domain: Option<String>,
    pub origlang: Option<String>,
    /// Indices of its segments in every stream.
    pub segments: Range<usize>,
}

/// A stream of segments covering every document: the source, one translator's reference or
/// one system's hypothesis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedStream {
    /// The translator (references), system (hypotheses) or `src`.
    pub name: String,
    /// The `lang` attribute, when given.
    pub language: Option<String>,
    pub segments: Vec<String>,
}

/// A WMT XML test set.
#[derive(Debug, Clone)]
pub struct WmtXml {
    pub path: PathBuf,
    pub documents: Vec<XmlDocument>,
    pub source: Option<NamedStream>,
    /// References in order of first appearance of their translator.
    pub references: Vec<NamedStream>,
    /// Hypotheses in order of first appearance of their system.
    pub hypotheses: Vec<NamedStream>,
    /// What was filled in or left out while reading.
    pub warnings: Vec<String>,
}

impl WmtXml {
    /// Number of segments of every stream.
    pub fn segment_count(&self) -> usize {
        self.documents.last().map_or(0, |doc| doc.segments.end)
    }

    /// A stream as a [`TextFile`] whose path is the XML file's.
    pub fn text_file(&self, stream: &NamedStream) -> TextFile {
        TextFile {
            path: self.path.clone(),
            segments: stream.segments.clone(),
            warnings: Vec::new(),
        }
    }

    /// The target language: the `lang` of the first reference or hypothesis.
    pub fn target_language(&self) -> Option<&str> {
        self.references
            .iter()
            .chain(&self.hypotheses)
            .find_map(|stream| stream.language.as_deref())
    }
}

/// Which part of a document a section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Source,
    Reference,
    Hypothesis,
}

/// A `<src>`, `<ref>` or `<hyp>` being read: its segments by id.
struct Section {
    kind: Kind,
    name: String,
    language: Option<String>,
    line: usize,
    segments: BTreeMap<i64, String>,
}

/// A `<doc>` being read.
struct DocumentBuilder {
    id: String,
    domain: Option<String>,
    origlang: Option<String>,
    line: usize,
    skip: bool,
    sections: Vec<Section>,
}

/// A `<seg>` being read.
struct SegmentBuilder {
    id: i64,
    line: usize,
    text: String,
}

/// Byte offset → 1-based line number.
struct Lines {
    newlines: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Self {
        Lines {
            newlines: text
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        }
    }

    fn line(&self, offset: u64) -> usize {
        let offset = usize::try_from(offset).unwrap_or(usize::MAX);
        self.newlines.partition_point(|&newline| newline < offset) + 1
    }
}

/// The streams being assembled across documents.
#[derive(Default)]
struct Streams {
    documents: Vec<XmlDocument>,
    source: Option<NamedStream>,
    references: Vec<NamedStream>,
    hypotheses: Vec<NamedStream>,
    /// Per stream name: documents and segments it was missing in.
    missing_references: BTreeMap<String, (usize, usize)>,
    missing_hypotheses: BTreeMap<String, (usize, usize)>,
    skipped_without_reference: usize,
    ignored_extra_segments: usize,
    /// Per (`reference by translator` or `hypothesis of system`, name): the segments its
    /// document sections lack (left empty), and the first one's document and id.
    missing_segments: BTreeMap<(&'static str, String), (usize, String, i64)>,
}

/// Reads a WMT XML file (optionally gzip-compressed); malformed XML, a section whose segments
/// have no numeric id, or a file without segments is [`Error::Malformed`] with its line.
pub fn read_wmt_xml(path: &Path, normalization: Option<Normalization>) -> Result<WmtXml> {
    parse_wmt_xml_bytes(path, &read_bytes(path)?, normalization)
}

/// [`read_wmt_xml`] on the (decompressed) bytes of the file `path` names in messages.
pub fn parse_wmt_xml_bytes(
    path: &Path,
    bytes: &[u8],
    normalization: Option<Normalization>,
) -> Result<WmtXml> {
    parse(path, utf8_text_without_bom(path, bytes)?, normalization)
}

fn malformed(path: &Path, line: usize, reason: impl Into<String>) -> Error {
    Error::malformed(path.to_path_buf(), line, reason.into())
}

fn attribute(path: &Path, line: usize, element: &BytesStart, name: &str) -> Result<Option<String>> {
    match element.try_get_attribute(name) {
        Ok(Some(attr)) => attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|value| Some(value.into_owned()))
            .map_err(|e| malformed(path, line, format!("attribute {name}: {e}"))),
        Ok(None) => Ok(None),
        Err(e) => Err(malformed(
            path,
            line,
            format!("malformed XML attribute: {e}"),
        )),
    }
}

fn element_name(element: &BytesStart) -> String {
    element.local_name().as_ref().to_string()
}

/// The text an entity or character reference (`&amp;`, `&#233;`) stands for; anything but
/// XML's predefined entities and character references is an error.
fn resolve_reference(path: &Path, line: usize, reference: &BytesRef) -> Result<String> {
    match reference.resolve_char_ref() {
        Ok(Some(c)) => Ok(c.to_string()),
        Ok(None) => resolve_predefined_entity(reference)
            .map(str::to_string)
            .ok_or_else(|| {
                malformed(
                    path,
                    line,
                    format!(
                        "unknown entity &{};, only XML's predefined entities and character references are allowed",
                        &**reference
                    ),
                )
            }),
        Err(e) => Err(malformed(
            path,
            line,
            format!("bad character reference &{};: {e}", &**reference),
        )),
    }
}

fn parse(path: &Path, text: &str, normalization: Option<Normalization>) -> Result<WmtXml> {
    let lines = Lines::new(text);
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut parser = Parser {
        path,
        normalization,
        streams: Streams::default(),
        document: None,
        section: None,
        segment: None,
    };
    let mut seen_root = false;
    loop {
        let offset = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            malformed(
                path,
                lines.line(reader.error_position()),
                format!("malformed XML: {e}"),
            )
        })?;
        let line = lines.line(offset);
        match event {
            Event::Start(ref element) | Event::Empty(ref element) => {
                let empty = matches!(event, Event::Empty(_));
                let name = element_name(element);
                if !seen_root {
                    if name != "dataset" {
                        return Err(malformed(
                            path,
                            line,
                            format!(
                                "expected a WMT XML test set (root element <dataset>), found <{name}>"
                            ),
                        ));
                    }
                    seen_root = true;
                }
                parser.start_element(line, element, &name)?;
                if empty {
                    parser.end_element(&name)?;
                } else {
                    stack.push((name, line));
                }
            }
            Event::End(element) => {
                let name = element.local_name().as_ref().to_string();
                stack.pop();
                parser.end_element(&name)?;
            }
            Event::Text(content) => {
                let content = content.xml10_content();
                if let Some(seg) = &mut parser.segment {
                    seg.text.push_str(&content);
                } else if stack.is_empty() && !crate::text::python_strip(&content).is_empty() {
                    return Err(malformed(
                        path,
                        line,
                        "text outside the root element: this is not a WMT XML file",
                    ));
                }
            }
            Event::CData(content) => {
                if let Some(seg) = &mut parser.segment {
                    seg.text.push_str(&content.xml10_content());
                }
            }
            Event::GeneralRef(reference) => {
                let resolved = resolve_reference(path, line, &reference)?;
                if let Some(seg) = &mut parser.segment {
                    seg.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some((name, opened)) = stack.last() {
        return Err(malformed(
            path,
            lines.line(text.len() as u64),
            format!("unexpected end of file: <{name}> opened at line {opened} is never closed"),
        ));
    }
    if !seen_root {
        return Err(malformed(
            path,
            1,
            "no XML elements: expected a WMT XML test set (root element <dataset>)",
        ));
    }
    finish(path, &lines, text, parser.streams)
}

/// The elements being read, and the streams assembled so far.
struct Parser<'a> {
    path: &'a Path,
    normalization: Option<Normalization>,
    streams: Streams,
    document: Option<DocumentBuilder>,
    section: Option<Section>,
    segment: Option<SegmentBuilder>,
}

impl Parser<'_> {
    /// Opens a `<doc>`, a section or a `<seg>` (other elements are ignored).
    fn start_element(&mut self, line: usize, element: &BytesStart, name: &str) -> Result<()> {
        match name {
            "doc" => {
                if let Some(open) = &self.document {
                    return Err(malformed(
                        self.path,
                        line,
                        format!("<doc> inside <doc> (opened at line {})", open.line),
                    ));
                }
                let id = attribute(self.path, line, element, "id")?
                    .ok_or_else(|| malformed(self.path, line, "<doc> without an id attribute"))?;
                self.document = Some(DocumentBuilder {
                    id,
                    domain: attribute(self.path, line, element, "domain")?,
                    origlang: attribute(self.path, line, element, "origlang")?,
                    line,
                    skip: attribute(self.path, line, element, "testsuite")?.is_some(),
                    sections: Vec::new(),
                });
            }
            "src" | "ref" | "hyp" => {
                if self.document.is_none() {
                    return Err(malformed(
                        self.path,
                        line,
                        format!("<{name}> outside a <doc>"),
                    ));
                }
                if let Some(open) = &self.section {
                    return Err(malformed(
                        self.path,
                        line,
                        format!(
                            "<{name}> inside another section opened at line {}",
                            open.line
                        ),
                    ));
                }
                let (kind, name_attribute, fallback) = match name {
                    "src" => (Kind::Source, None, "src"),
                    "ref" => (Kind::Reference, Some("translator"), "ref"),
                    _ => (Kind::Hypothesis, Some("system"), "hyp"),
                };
                let stream_name = match name_attribute {
                    Some(attr) => attribute(self.path, line, element, attr)?,
                    None => None,
                }
                .unwrap_or_else(|| fallback.to_string());
                self.section = Some(Section {
                    kind,
                    name: stream_name,
                    language: attribute(self.path, line, element, "lang")?,
                    line,
                    segments: BTreeMap::new(),
                });
            }
            "seg" => {
                if self.section.is_none() {
                    return Err(malformed(
                        self.path,
                        line,
                        "<seg> outside a <src>, <ref> or <hyp> section",
                    ));
                }
                if self.segment.is_some() {
                    return Err(malformed(self.path, line, "<seg> inside another <seg>"));
                }
                let id = attribute(self.path, line, element, "id")?
                    .ok_or_else(|| malformed(self.path, line, "<seg> without an id attribute"))?;
                let id = id.trim().parse::<i64>().map_err(|_| {
                    malformed(
                        self.path,
                        line,
                        format!("<seg id={id:?}>: segment ids must be integers"),
                    )
                })?;
                self.segment = Some(SegmentBuilder {
                    id,
                    line,
                    text: String::new(),
                });
            }
            _ => {}
        }
        Ok(())
    }

    /// Closes a `<seg>` (its text cleaned into its section), a section (into its document)
    /// or a `<doc>` (into the streams).
    fn end_element(&mut self, name: &str) -> Result<()> {
        match name {
            "seg" => {
                let Some(seg) = self.segment.take() else {
                    return Ok(());
                };
                let Some(open) = &mut self.section else {
                    return Ok(());
                };
                let mut clean = String::with_capacity(seg.text.len());
                push_collapsed_whitespace(&seg.text, &mut clean);
                if let Some(normalization) = self.normalization {
                    clean = normalization.apply(&clean);
                }
                if open.segments.insert(seg.id, clean).is_some() {
                    return Err(malformed(
                        self.path,
                        seg.line,
                        format!(
                            "segment id {} appears twice in the section opened at line {}",
                            seg.id, open.line
                        ),
                    ));
                }
            }
            "src" | "ref" | "hyp" => {
                if let (Some(open), Some(doc)) = (self.section.take(), self.document.as_mut()) {
                    if doc
                        .sections
                        .iter()
                        .any(|s| s.kind == open.kind && s.name == open.name)
                    {
                        return Err(malformed(
                            self.path,
                            open.line,
                            format!(
                                "document {:?} has two <{name}> sections named {:?}",
                                doc.id, open.name
                            ),
                        ));
                    }
                    doc.sections.push(open);
                }
            }
            "doc" => {
                if let Some(doc) = self.document.take() {
                    if !doc.skip {
                        add_document(self.path, doc, &mut self.streams)?;
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// The stream a section extends; a stream first seen after `filled` segments starts with that
/// many empty ones, counted as missing in the `documents` documents before.
fn stream_for<'a>(
    streams: &'a mut Vec<NamedStream>,
    missing: &mut BTreeMap<String, (usize, usize)>,
    section: &Section,
    filled: usize,
    documents: usize,
) -> &'a mut NamedStream {
    let position = match streams.iter().position(|s| s.name == section.name) {
        Some(position) => position,
        None => {
            if documents > 0 {
                let entry = missing.entry(section.name.clone()).or_default();
                entry.0 += documents;
                entry.1 += filled;
            }
            streams.push(NamedStream {
                name: section.name.clone(),
                language: section.language.clone(),
                segments: vec![String::new(); filled],
            });
            streams.len() - 1
        }
    };
    &mut streams[position]
}

fn add_document(path: &Path, doc: DocumentBuilder, streams: &mut Streams) -> Result<()> {
    let source = doc.sections.iter().find(|s| s.kind == Kind::Source);
    let ids: Vec<i64> = match source {
        Some(source) => source.segments.keys().copied().collect(),
        None => {
            let mut ids: Vec<i64> = doc
                .sections
                .iter()
                .flat_map(|s| s.segments.keys().copied())
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        }
    };
    let references: Vec<&Section> = doc
        .sections
        .iter()
        .filter(|s| s.kind == Kind::Reference)
        .collect();
    let kept: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|id| {
            references.is_empty()
                || references
                    .iter()
                    .any(|r| r.segments.get(id).is_some_and(|text| !text.is_empty()))
        })
        .collect();
    streams.skipped_without_reference += ids.len() - kept.len();
    for section in &doc.sections {
        streams.ignored_extra_segments += section
            .segments
            .keys()
            .filter(|id| ids.binary_search(id).is_err())
            .count();
    }
    let start = streams.documents.last().map_or(0, |d| d.segments.end);
    let end = start + kept.len();
    let texts = |section: &Section| -> Vec<String> {
        kept.iter()
            .map(|id| section.segments.get(id).cloned().unwrap_or_default())
            .collect()
    };
    for section in &doc.sections {
        let stream = match section.kind {
            Kind::Source => {
                if streams.source.is_none() {
                    streams.source = Some(NamedStream {
                        name: section.name.clone(),
                        language: section.language.clone(),
                        segments: vec![String::new(); start],
                    });
                }
                streams.source.as_mut().expect("just set")
            }
            Kind::Reference => stream_for(
                &mut streams.references,
                &mut streams.missing_references,
                section,
                start,
                streams.documents.len(),
            ),
            Kind::Hypothesis => stream_for(
                &mut streams.hypotheses,
                &mut streams.missing_hypotheses,
                section,
                start,
                streams.documents.len(),
            ),
        };
        if stream.segments.len() != start {
            return Err(malformed(
                path,
                section.line,
                format!("document {:?}: inconsistent sections", doc.id),
            ));
        }
        stream.segments.extend(texts(section));
        let what = match section.kind {
            Kind::Source => continue,
            Kind::Reference => "reference by translator",
            Kind::Hypothesis => "hypothesis of system",
        };
        let mut absent = kept.iter().filter(|id| !section.segments.contains_key(id));
        if let Some(&first) = absent.next() {
            let entry = streams
                .missing_segments
                .entry((what, section.name.clone()))
                .or_insert_with(|| (0, doc.id.clone(), first));
            entry.0 += 1 + absent.count();
        }
    }
    // Streams this document lacks get empty segments.
    for (list, missing) in [
        (&mut streams.references, &mut streams.missing_references),
        (&mut streams.hypotheses, &mut streams.missing_hypotheses),
    ] {
        for stream in list.iter_mut() {
            if stream.segments.len() < end {
                let entry = missing.entry(stream.name.clone()).or_default();
                entry.0 += 1;
                entry.1 += end - stream.segments.len();
                stream.segments.resize(end, String::new());
            }
        }
    }
    if let Some(source) = &mut streams.source {
        source.segments.resize(end, String::new());
    }
    streams.documents.push(XmlDocument {
        id: doc.id,
        domain: doc.domain,
        origlang: doc.origlang,
        segments: start..end,
    });
    Ok(())
}

fn finish(path: &Path, lines: &Lines, text: &str, streams: Streams) -> Result<WmtXml> {
    let total = streams.documents.last().map_or(0, |d| d.segments.end);
    if total == 0 {
        return Err(malformed(
            path,
            lines.line(crate::text::python_rstrip(text).len() as u64),
            "the test set holds no segments (no <doc> with <seg> elements that have reference text)",
        ));
    }
    let mut warnings = Vec::new();
    let shown = path.display();
    for (what, list, missing) in [
        (
            "reference by translator",
            &streams.references,
            &streams.missing_references,
        ),
        (
            "hypothesis of system",
            &streams.hypotheses,
            &streams.missing_hypotheses,
        ),
    ] {
        for stream in list.iter() {
            if let Some((docs, segments)) = missing.get(&stream.name) {
                warnings.push(format!(
                    "{shown}: no {what} {:?} in {docs} document(s); its {segments} segment(s) there are empty",
                    stream.name
                ));
            }
        }
    }
    for ((what, name), (segments, document, id)) in &streams.missing_segments {
        warnings.push(format!(
            "{shown}: the {what} {name:?} lacks {segments} segment(s) of its documents (the first: \
             document {document:?}, seg id {id}); they are empty"
        ));
    }
    if streams.skipped_without_reference > 0 {
        warnings.push(format!(
            "{shown}: left out {} segment(s) that have no reference text (as sacreBLEU does)",
            streams.skipped_without_reference
        ));
    }
    if streams.ignored_extra_segments > 0 {
        warnings.push(format!(
            "{shown}: ignored {} segment(s) whose id the document's source does not have",
            streams.ignored_extra_segments
        ));
    }
    Ok(WmtXml {
        path: path.to_path_buf(),
        documents: streams.documents,
        source: streams.source,
        references: streams.references,
        hypotheses: streams.hypotheses,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(xml: &str) -> Result<WmtXml> {
        parse(Path::new("test.xml"), xml, None)
    }

    const SAMPLE: &str = r#"<?xml version='1.0' encoding='utf-8'?>
<dataset id="t">
  <collection id="general">
    <doc id="d1" origlang="en" domain="news">
      <src lang="en"><p>
        <seg id="2">Second  one</seg>
        <seg id="1"> First &amp; &lt;best&gt; &#x41; </seg>
      </p></src>
      <ref lang="de" translator="A"><p><seg id="1">Erste</seg><seg id="2">Zweite</seg></p></ref>
      <hyp lang="de" system="S1"><p><seg id="1">Eins</seg><seg id="2"/></p></hyp>
    </doc>
    <doc id="d2" origlang="de" domain="social">
      <src lang="en"><p><seg id="1">Third</seg><seg id="2">No reference</seg></p></src>
      <ref lang="de" translator="A"><p><seg id="1">Dritte</seg></p></ref>
      <ref lang="de" translator="B"><p><seg id="1">Drei</seg></p></ref>
      <hyp lang="de" system="S1"><p><seg id="1">Drittens</seg></p></hyp>
      <hyp lang="de" system="S2"><p><seg id="1">Dritter</seg></p></hyp>
    </doc>
  </collection>
</dataset>
"#;

    #[test]
    fn reads_documents_streams_and_entities() {
        let xml = parse_str(SAMPLE).unwrap();
        assert_eq!(xml.segment_count(), 3);
        assert_eq!(xml.documents[0].id, "d1");
        assert_eq!(xml.documents[0].segments, 0..2);
        assert_eq!(xml.documents[1].domain.as_deref(), Some("social"));
        let source = xml.source.as_ref().unwrap();
        assert_eq!(
            source.segments,
            vec!["First & <best> A", "Second one", "Third"]
        );
        let names: Vec<&str> = xml.references.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, vec!["A", "B"]);
        assert_eq!(
            xml.references[0].segments,
            vec!["Erste", "Zweite", "Dritte"]
        );
        assert_eq!(xml.references[1].segments, vec!["", "", "Drei"]);
        assert_eq!(xml.hypotheses[0].segments, vec!["Eins", "", "Drittens"]);
        assert_eq!(xml.hypotheses[1].segments, vec!["", "", "Dritter"]);
        assert_eq!(xml.target_language(), Some("de"));
        let document_of = |segment| {
            xml.documents
                .iter()
                .find(|doc| doc.segments.contains(&segment))
                .unwrap()
        };
        assert_eq!(document_of(2).id, "d2");
        assert_eq!(document_of(0).origlang.as_deref(), Some("en"));
        let warnings = xml.warnings.join("\n");
        assert!(
            warnings.contains("no reference by translator \"B\" in 1 document(s)"),
            "{warnings}"
        );
        assert!(warnings.contains("left out 1 segment(s)"), "{warnings}");
    }

    #[test]
    fn malformed_xml_names_the_line() {
        let broken =
            "<dataset>\n<doc id=\"a\">\n<src><p><seg id=\"1\">x</p></src>\n</doc></dataset>";
        let err = parse_str(broken).unwrap_err().to_string();
        assert!(err.starts_with("test.xml:3: malformed XML"), "{err}");

        let unclosed = "<dataset>\n<doc id=\"a\">\n<src><p><seg id=\"1\">x</seg>";
        let err = parse_str(unclosed).unwrap_err().to_string();
        assert!(
            err.contains("test.xml:3:") && err.contains("never closed"),
            "{err}"
        );

        let bad_id =
            "<dataset>\n<doc id=\"a\"><src>\n<seg id=\"one\">x</seg></src></doc></dataset>";
        let err = parse_str(bad_id).unwrap_err().to_string();
        assert!(
            err.starts_with("test.xml:3:") && err.contains("integers"),
            "{err}"
        );

        let err = parse_str("just text\n").unwrap_err().to_string();
        assert!(err.contains("not a WMT XML file"), "{err}");

        let err = parse_str("<html><body/></html>").unwrap_err().to_string();
        assert!(err.contains("root element <dataset>"), "{err}");
    }

    #[test]
    fn a_test_set_without_segments_is_an_error() {
        let err = parse_str("<dataset>\n<collection/>\n</dataset>\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("holds no segments"), "{err}");
    }
}
