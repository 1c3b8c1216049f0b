//! `io::wmt_xml::parse_wmt_xml_bytes`: a WMT XML test set, and the segment data taken from it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mteval::corpus::SegmentInfo;
use mteval::io::wmt_xml::parse_wmt_xml_bytes;
use mteval_fuzz::{normalization, setting_and_body};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some((setting, body)) = setting_and_body(data) else {
        return;
    };
    if let Ok(xml) = parse_wmt_xml_bytes(Path::new("fuzz.xml"), body, normalization(setting)) {
        assert_eq!(SegmentInfo::of_wmt_xml(&xml).len(), xml.segment_count());
    }
});
