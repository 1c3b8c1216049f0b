//! mteval-v13a, sacreBLEU's default BLEU tokenizer (`tokenizer_13a.py`): `<skipped>` removal,
//! sequential entity unescaping, space padding, then the four v13a regex passes.

use super::v13a_regex_passes;
use super::Tokenizer;
use std::borrow::Cow;

/// The `13a` tokenizer.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tokenizer13a;

/// sacreBLEU's entity replacements, applied one after the other (so `&amp;lt;` becomes `<`).
pub(crate) fn unescape_entities_sequentially(line: &str) -> Cow<'_, str> {
    if !line.contains('&') {
        return Cow::Borrowed(line);
    }
    Cow::Owned(
        line.replace("&quot;", "\"")
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">"),
    )
}

impl Tokenizer for Tokenizer13a {
    fn signature(&self) -> &str {
        "13a"
    }

    fn tokenize_into(&self, line: &str, out: &mut String) {
        // One scan for the bytes the rare rewrites below look for, instead of one per rewrite.
        if memchr::memchr3(b'<', b'\n', b'&', line.as_bytes()).is_none() {
            v13a_regex_passes(line, true, out);
            return;
        }
        let mut line = Cow::Borrowed(line);
        if line.contains("<skipped>") {
            line = Cow::Owned(line.replace("<skipped>", ""));
        }
        if line.contains('\n') {
            line = Cow::Owned(line.replace("-\n", "").replace('\n', " "));
        }
        let line = unescape_entities_sequentially(&line);
        v13a_regex_passes(&line, true, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_example() {
        assert_eq!(
            Tokenizer13a.tokenize("Hello, world! It's 3,000.50 $-5 (ok) a-b 1-2 in 1990."),
            "Hello , world ! It's 3,000.50 $ -5 ( ok ) a-b 1 - 2 in 1990 ."
        );
    }

    #[test]
    fn entities_unescape_in_order() {
        assert_eq!(Tokenizer13a.tokenize("&amp;lt;"), "<");
        assert_eq!(Tokenizer13a.tokenize("&amp;quot;"), "& quot ;");
        assert_eq!(Tokenizer13a.tokenize("x&apos;s"), "x & apos ; s");
        assert_eq!(Tokenizer13a.tokenize("a <skipped> b"), "a b");
    }
}
