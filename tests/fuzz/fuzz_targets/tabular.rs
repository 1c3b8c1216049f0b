//! `io::tabular::parse_table_bytes`: TSV and JSONL tables (bit 2 of the setting byte chooses).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mteval::io::tabular::parse_table_bytes;
use mteval_fuzz::{normalization, setting_and_body};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some((setting, body)) = setting_and_body(data) else {
        return;
    };
    let name = if setting & 4 == 0 {
        "fuzz.tsv"
    } else {
        "fuzz.jsonl"
    };
    if let Ok(table) = parse_table_bytes(Path::new(name), body, normalization(setting)) {
        for column in table.reference_columns() {
            let _ = table.column(&column, mteval::error::Setting::ReferenceNames);
        }
    }
});
