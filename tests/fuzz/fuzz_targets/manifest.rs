//! `corpus::manifest::parse_manifest`: report manifests (the files they name do not exist, so the
//! target covers the TOML and its checks up to the first file read).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mteval::corpus::manifest::parse_manifest;
use mteval_fuzz::{read_options, setting_and_body};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some((setting, body)) = setting_and_body(data) else {
        return;
    };
    if let Ok(text) = std::str::from_utf8(body) {
        let path = Path::new("/nonexistent/mteval-fuzz/manifest.toml");
        let _ = parse_manifest(path, text, read_options(setting));
    }
});
