//! The text encodings `mteval sacrebleu --encoding` reads, by Python's codec names.

/// The text encodings of `--encoding` mteval reads, by what they do to a file's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// UTF-8 without the byte order mark at its start, if any.
    Utf8Sig,
    /// Each byte is the code point of its value.
    Latin1,
}

impl Encoding {
    /// The encoding Python's codec `name` is (its aliases and spellings, as `codecs.lookup`
    /// normalizes them), if mteval reads it.
    pub fn by_python_name(name: &str) -> Option<Encoding> {
        let lowered = name.trim().to_lowercase();
        let normalized = lowered
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("_");
        match normalized.as_str() {
            "utf_8" | "utf8" | "u8" | "utf" | "cp65001" => Some(Encoding::Utf8),
            "utf_8_sig" | "utf8_sig" => Some(Encoding::Utf8Sig),
            "latin_1" | "latin1" | "latin" | "l1" | "iso8859_1" | "iso_8859_1" | "8859"
            | "cp819" | "ibm819" | "iso_ir_100" | "csisolatin1" | "iso_8859_1_1987" => {
                Some(Encoding::Latin1)
            }
            _ => None,
        }
    }

    /// `bytes` as UTF-8.
    pub fn decode(self, bytes: Vec<u8>) -> Vec<u8> {
        match self {
            Encoding::Utf8 => bytes,
            Encoding::Utf8Sig => match bytes.strip_prefix(b"\xef\xbb\xbf") {
                Some(rest) => rest.to_vec(),
                None => bytes,
            },
            Encoding::Latin1 => bytes
                .iter()
                .map(|&b| char::from(b))
                .collect::<String>()
                .into_bytes(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_codec_names_and_what_they_do_to_bytes() {
        for name in ["utf-8", "UTF8", "u8", "utf_8"] {
            assert_eq!(
                Encoding::by_python_name(name),
                Some(Encoding::Utf8),
                "{name}"
            );
        }
        for name in ["utf-8-sig", "UTF_8_SIG", "utf8-sig"] {
            assert_eq!(
                Encoding::by_python_name(name),
                Some(Encoding::Utf8Sig),
                "{name}"
            );
        }
        for name in [
            "latin-1",
            "Latin1",
            "ISO-8859-1",
            "iso8859_1",
            "L1",
            "cp819",
        ] {
            assert_eq!(
                Encoding::by_python_name(name),
                Some(Encoding::Latin1),
                "{name}"
            );
        }
        for name in ["cp1252", "utf-16", "shift_jis", ""] {
            assert_eq!(Encoding::by_python_name(name), None, "{name}");
        }
        assert_eq!(
            Encoding::Utf8Sig.decode(b"\xef\xbb\xbfa\xef\xbb\xbf".to_vec()),
            b"a\xef\xbb\xbf"
        );
        assert_eq!(
            Encoding::Utf8.decode(b"\xef\xbb\xbfa".to_vec()),
            b"\xef\xbb\xbfa"
        );
        assert_eq!(
            Encoding::Latin1.decode(b"K\xf6ln\xa0".to_vec()),
            "Köln\u{a0}".as_bytes()
        );
    }
}
