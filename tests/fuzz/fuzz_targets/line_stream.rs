//! `io::line_stream::SegmentStream`: the streaming reader of plain and gzip segment files, read
//! to its end or its first error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mteval::io::line_stream::SegmentStream;
use mteval_fuzz::{read_options, setting_and_body};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some((setting, body)) = setting_and_body(data) else {
        return;
    };
    let source = Box::new(std::io::Cursor::new(body.to_vec()));
    let Ok(mut stream) =
        SegmentStream::from_reader(Path::new("fuzz.txt"), source, read_options(setting))
    else {
        return;
    };
    while let Ok(Some(_)) = stream.next_segment() {}
});
