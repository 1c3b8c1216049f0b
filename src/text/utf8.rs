//! UTF-8 validation of input text: a SIMD check (`simdutf8`) for the common, valid case, and
//! the standard library's error, with the position of the first invalid byte, otherwise.

/// `bytes` as text, or the standard library's error saying where the first invalid byte is.
#[inline]
pub fn from_utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_text_and_the_first_invalid_byte() {
        let text = "Grüße, 世界 — ok".repeat(20);
        assert_eq!(from_utf8(text.as_bytes()), Ok(text.as_str()));
        let mut bytes = text.into_bytes();
        bytes[70] = 0xff;
        let error = from_utf8(&bytes).unwrap_err();
        assert_eq!(
            error.valid_up_to(),
            std::str::from_utf8(&bytes).unwrap_err().valid_up_to()
        );
        assert!(error.valid_up_to() <= 70);
    }
}
