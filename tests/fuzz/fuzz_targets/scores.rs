//! `io::scores::parse_external_scores`: external metric scores, TSV or JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mteval::io::scores::parse_external_scores;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse_external_scores(Path::new("fuzz.scores"), text);
    }
});
