//! `io::mtme_scores::parse_mtme_scores_bytes`: mt-metrics-eval's `.sys.score` and `.seg.score`
//! files (bit 0 of the setting byte chooses the level).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mteval::io::mtme_scores::{parse_mtme_scores_bytes, ScoreLevel};
use mteval_fuzz::setting_and_body;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Some((setting, body)) = setting_and_body(data) {
        let (name, level) = if setting & 1 == 0 {
            ("fuzz.sys.score", ScoreLevel::System)
        } else {
            ("fuzz.seg.score", ScoreLevel::Segment)
        };
        let _ = parse_mtme_scores_bytes(body.to_vec(), Path::new(name), "fuzz".into(), level);
    }
});
