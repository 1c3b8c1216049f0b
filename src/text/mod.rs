//! Text rules every layer shares: Python's `str` whitespace rules, which sacreBLEU's numbers
//! depend on ([`python_str`]), which scripts are written without spaces between words
//! ([`script`]), how input bytes are checked to be UTF-8 ([`utf8`]), and numbers written as
//! Python writes them ([`python_number`]).

pub mod python_number;
pub mod python_str;
pub mod script;
pub mod utf8;

pub use python_number::python_fixed;
pub use python_str::{
    is_python_whitespace, push_collapsed_whitespace, python_rstrip, python_split, python_strip,
    PythonSplit,
};
pub(crate) use python_str::{
    whitespace_len_at, ASCII_SPACE, MAYBE_SPACE, PLAIN, WHITESPACE_BYTE_CLASSES,
};
pub use script::is_unspaced_script;
