//! `io::plain::segments_from_bytes`: a segment file's lines under every reading option.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mteval::io::plain::segments_from_bytes;
use mteval_fuzz::{read_options, setting_and_body};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Some((setting, body)) = setting_and_body(data) {
        let _ = segments_from_bytes(Path::new("fuzz.txt"), body, read_options(setting));
    }
});
