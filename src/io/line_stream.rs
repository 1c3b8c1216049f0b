//! Segment files read in a bounded window instead of whole: every file (plain or gzip) is read
//! line by line with the same per-line rules as [`super::read_segments`], and parallel files
//! (references and hypotheses) advance together a block of segments at a time, so a file that
//! ends before the others is found at the line where it ends.

use super::line_rules::{LineRules, GZIP_MAGIC};
use super::plain::STDIN_PATH;
use super::read_options::ReadOptions;
use crate::error::{Error, Result};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Bytes buffered per file (and, for gzip, per decompressor).
const READ_BUFFER: usize = 256 * 1024;

/// One segment file read a line at a time.
pub struct SegmentStream {
    path: PathBuf,
    reader: Box<dyn BufRead + Send>,
    rules: LineRules,
    line: Vec<u8>,
    ended: bool,
}

impl SegmentStream {
    /// Opens a segment file (`-` is standard input); gzip is detected by its magic bytes.
    pub fn open(path: &Path, reading: ReadOptions) -> Result<Self> {
        let source: Box<dyn Read + Send> = if path.as_os_str() == STDIN_PATH {
            Box::new(std::io::stdin())
        } else {
            Box::new(File::open(path).map_err(|e| Error::io(path, e))?)
        };
        Self::from_reader(path, source, reading)
    }

    /// A stream over `source`, read as the file `path` names in messages; gzip is detected by
    /// its magic bytes.
    pub fn from_reader(
        path: &Path,
        source: Box<dyn Read + Send>,
        reading: ReadOptions,
    ) -> Result<Self> {
        let mut buffered = BufReader::with_capacity(READ_BUFFER, source);
        let start = buffered.fill_buf().map_err(|e| Error::io(path, e))?;
        let reader: Box<dyn BufRead + Send> = if start.starts_with(GZIP_MAGIC) {
            Box::new(BufReader::with_capacity(
                READ_BUFFER,
                flate2::bufread::MultiGzDecoder::new(buffered),
            ))
        } else {
            Box::new(buffered)
        };
        Ok(SegmentStream {
            path: path.to_path_buf(),
            reader,
            rules: LineRules::new(path, reading),
            line: Vec::new(),
            ended: false,
        })
    }

    /// The path as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Number of segments read so far.
    pub fn segments_read(&self) -> usize {
        self.rules.lines()
    }

    /// The next segment, or `None` at the end of the file.
    pub fn next_segment(&mut self) -> Result<Option<String>> {
        if self.ended {
            return Ok(None);
        }
        self.line.clear();
        self.reader
            .read_until(b'\n', &mut self.line)
            .map_err(|e| Error::io(&self.path, e))?;
        let mut bytes = self.line.as_slice();
        if self.rules.lines() == 0 {
            bytes = self.rules.file_start(bytes)?;
        }
        if bytes.is_empty() {
            self.ended = true;
            return Ok(None);
        }
        let line = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        self.rules.segment(line).map(Some)
    }

    /// The warnings about the whole file (call at its end).
    pub fn into_warnings(self) -> Vec<String> {
        self.rules.into_warnings()
    }
}

/// Parallel segment files read together a block at a time: references first, then
/// hypotheses, all with the same number of segments.
pub struct ParallelStreams {
    streams: Vec<SegmentStream>,
    references: usize,
}

/// One block of segments: `streams[f][i]` is segment `i` of the block in file `f`.
pub type SegmentBlock = Vec<Vec<String>>;

impl ParallelStreams {
    /// Opens every reference and hypothesis file.
    pub fn open(
        references: &[PathBuf],
        hypotheses: &[PathBuf],
        reading: ReadOptions,
    ) -> Result<Self> {
        let streams = references
            .iter()
            .chain(hypotheses)
            .map(|path| SegmentStream::open(path, reading))
            .collect::<Result<Vec<_>>>()?;
        Ok(ParallelStreams {
            streams,
            references: references.len(),
        })
    }

    /// The next block of up to `size` segments of every file, or `None` when all files ended
    /// together. A file that ends before the others (or goes on after them) is an error naming
    /// it and the line where the first reference and it part.
    pub fn next_block(&mut self, size: usize) -> Result<Option<SegmentBlock>> {
        let mut block: SegmentBlock = Vec::with_capacity(self.streams.len());
        for stream in &mut self.streams {
            let mut segments = Vec::with_capacity(size);
            while segments.len() < size {
                match stream.next_segment()? {
                    Some(segment) => segments.push(segment),
                    None => break,
                }
            }
            block.push(segments);
        }
        self.ensure_same_length()?;
        Ok((!block[0].is_empty()).then_some(block))
    }

    /// Every file has read as many segments as the first reference.
    fn ensure_same_length(&self) -> Result<()> {
        let first = &self.streams[0];
        let Some(other) = self.streams[1..]
            .iter()
            .find(|s| s.segments_read() != first.segments_read())
        else {
            return Ok(());
        };
        let (short, long) = if other.segments_read() < first.segments_read() {
            (other, first)
        } else {
            (first, other)
        };
        Err(Error::SegmentsEndEarly {
            path: short.path().to_path_buf(),
            segments: short.segments_read(),
            other: long.path().to_path_buf(),
        })
    }

    /// Number of reference files (the first streams of every block).
    pub fn reference_count(&self) -> usize {
        self.references
    }

    /// The reading warnings of every file, in input order (call after the last block).
    pub fn into_warnings(self) -> Vec<String> {
        self.streams
            .into_iter()
            .flat_map(SegmentStream::into_warnings)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::plain::tests::file_with;
    use crate::io::read_segments;
    use std::io::Write;

    fn streamed(path: &Path) -> Result<(Vec<String>, Vec<String>)> {
        let mut stream = SegmentStream::open(path, ReadOptions::default())?;
        let mut segments = Vec::new();
        while let Some(segment) = stream.next_segment()? {
            segments.push(segment);
        }
        Ok((segments, stream.into_warnings()))
    }

    #[test]
    fn reads_what_the_whole_file_reader_reads() {
        let cases: [&[u8]; 7] = [
            b"a b \r\n\nc\x1f\rd\n",
            b"no final newline",
            b"\n",
            b"two\n\n",
            b"\xEF\xBB\xBFbom\nx\n",
            b"\xEF\xBB\xBF\n",
            b"\xEF\xBB\xBF",
        ];
        for bytes in cases {
            let file = file_with(bytes);
            let whole = read_segments(file.path(), ReadOptions::default());
            let stream = streamed(file.path());
            match (whole, stream) {
                (Ok(whole), Ok((segments, warnings))) => {
                    assert_eq!(whole.segments, segments, "{bytes:?}");
                    assert_eq!(whole.warnings, warnings, "{bytes:?}");
                }
                (Err(whole), Err(stream)) => {
                    assert_eq!(whole.to_string(), stream.to_string(), "{bytes:?}")
                }
                (whole, stream) => panic!("{bytes:?}: {whole:?} vs {stream:?}"),
            }
        }
    }

    #[test]
    fn reads_gzip_and_locates_invalid_utf8() {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(b"one\ntwo\n").unwrap();
        let file = file_with(&encoder.finish().unwrap());
        assert_eq!(streamed(file.path()).unwrap().0, vec!["one", "two"]);
        let bad = file_with(b"ok\nbad \xff here\n");
        let err = streamed(bad.path()).unwrap_err().to_string();
        assert!(err.contains(":2: invalid UTF-8 (byte 5"), "{err}");
    }

    #[test]
    fn blocks_advance_together_and_a_short_file_is_named_where_it_ends() {
        let reference = file_with(b"1\n2\n3\n4\n5\n");
        let same = file_with(b"a\nb\nc\nd\ne\n");
        let short = file_with(b"a\nb\nc\n");
        let paths = |files: &[&tempfile::NamedTempFile]| -> Vec<PathBuf> {
            files.iter().map(|f| f.path().to_path_buf()).collect()
        };
        let mut streams = ParallelStreams::open(
            &paths(&[&reference]),
            &paths(&[&same]),
            ReadOptions::default(),
        )
        .unwrap();
        let first = streams.next_block(2).unwrap().unwrap();
        assert_eq!(first, vec![vec!["1", "2"], vec!["a", "b"]]);
        assert_eq!(streams.next_block(2).unwrap().unwrap()[1], vec!["c", "d"]);
        assert_eq!(streams.next_block(2).unwrap().unwrap()[0], vec!["5"]);
        assert!(streams.next_block(2).unwrap().is_none());

        // A short hypothesis is named against the first reference; a short first reference
        // against the first file that goes on.
        for (references, hypotheses, other) in [
            (paths(&[&reference]), paths(&[&same, &short]), &reference),
            (paths(&[&short]), paths(&[&same]), &same),
        ] {
            let mut streams =
                ParallelStreams::open(&references, &hypotheses, ReadOptions::default()).unwrap();
            assert!(streams.next_block(2).unwrap().is_some());
            let err = streams.next_block(2).unwrap_err().to_string();
            let expected = format!(
                "{}:4: the file ends after 3 segments but {} goes on",
                short.path().display(),
                other.path().display()
            );
            assert!(err.starts_with(&expected), "{err}");
        }
    }
}
