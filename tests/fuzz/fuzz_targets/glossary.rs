//! `io::glossary::parse_glossary`: TSV and CSV glossaries (bit 0 of the setting byte chooses).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mteval::io::glossary::parse_glossary;
use mteval_fuzz::setting_and_body;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Some((setting, body)) = setting_and_body(data) {
        let delimiter = if setting & 1 == 0 { b'\t' } else { b',' };
        let _ = parse_glossary(body, delimiter, Path::new("fuzz.tsv"));
    }
});
