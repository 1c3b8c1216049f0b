//! Parity with the reference tools and measurements on the shared data, one binary (each
//! integration-test binary costs a full LTO link): the golden files of `tests/golden/` (sacreBLEU
//! 2.6.0, sentencepiece, MeCab) and the WMT22/TED figures of `align` and `errors`.

#[path = "../common/mod.rs"]
mod common;

mod align_wmt22;
mod cases;
mod errors_shared;
mod mecab;
mod significance;
mod spm;
mod wmt22;
