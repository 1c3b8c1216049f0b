//! `io::wmt_da::parse_da_table_bytes`: WMT human DA system tables (`RAW.SCR Z.SCR N SYS N.ALL`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mteval::io::wmt_da::{is_da_table, parse_da_table_bytes};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = is_da_table(data);
    let _ = parse_da_table_bytes(data, Path::new("fuzz.csv"));
});
