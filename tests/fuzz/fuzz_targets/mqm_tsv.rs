//! `io::mqm_tsv::parse_mqm_tsv`: MQM annotation tables.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mteval::io::mqm_tsv::parse_mqm_tsv;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse_mqm_tsv(text, Path::new("fuzz.tsv"));
    }
});
