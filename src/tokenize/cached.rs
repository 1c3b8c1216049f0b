//! A tokenizer that remembers the lines it tokenized last, as sacreBLEU's tokenizers do
//! (`functools.lru_cache(maxsize=2**16)` on every tokenizer's `__call__`): a loop of sentence
//! scores over the same references (validation BLEU in a training loop, every system against one
//! test set) tokenizes each distinct line once. The output is the wrapped tokenizer's, byte for
//! byte, and so is the signature.

use super::Tokenizer;
use lru::LruCache;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, PoisonError};

/// sacreBLEU's cache size: the 65,536 most recently used lines.
pub const CACHED_LINES: usize = 1 << 16;

/// Lines longer than this are tokenized every time, so that the cache's memory stays bounded
/// (at most [`CACHED_LINES`] lines of this length and their tokens).
pub const LONGEST_CACHED_LINE: usize = 2048;

/// A [`Tokenizer`] with a least-recently-used cache of its output. Share one between threads
/// only where calls are mostly sequential (the cache is behind one lock).
#[derive(Debug)]
pub struct CachedTokenizer {
    inner: Arc<dyn Tokenizer>,
    cache: Mutex<LruCache<Box<str>, Box<str>>>,
}

impl CachedTokenizer {
    /// Wraps `inner` with a cache of `lines` lines (at least one).
    pub fn new(inner: Arc<dyn Tokenizer>, lines: usize) -> Self {
        let capacity = NonZeroUsize::new(lines).unwrap_or(NonZeroUsize::MIN);
        CachedTokenizer {
            inner,
            cache: Mutex::new(LruCache::new(capacity)),
        }
    }

    /// How many lines the cache holds now.
    pub fn cached_lines(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LruCache<Box<str>, Box<str>>> {
        // A panic elsewhere while the lock was held cannot leave a half-written entry: `put`
        // and `get` complete or do nothing, so the cache is usable after poisoning.
        self.cache.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Tokenizer for CachedTokenizer {
    fn signature(&self) -> &str {
        self.inner.signature()
    }

    fn tokenize_into(&self, line: &str, out: &mut String) {
        if line.len() > LONGEST_CACHED_LINE {
            return self.inner.tokenize_into(line, out);
        }
        if let Some(tokens) = self.lock().get(line) {
            out.push_str(tokens);
            return;
        }
        let start = out.len();
        self.inner.tokenize_into(line, out);
        self.lock().put(line.into(), out[start..].into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::Tokenizer13a;

    #[test]
    fn cached_output_equals_the_tokenizers_and_the_oldest_line_goes_first() {
        let cached = CachedTokenizer::new(Arc::new(Tokenizer13a), 2);
        let lines = [
            "Hello, world!",
            "It's 3,000.50 $-5.",
            "Hello, world!",
            "(a) b",
        ];
        for line in lines {
            let mut out = String::from("kept ");
            cached.tokenize_into(line, &mut out);
            assert_eq!(out, format!("kept {}", Tokenizer13a.tokenize(line)));
        }
        // "It's …" was the least recently used of three distinct lines in a cache of two.
        assert_eq!(cached.cached_lines(), 2);
        assert!(cached.lock().peek("It's 3,000.50 $-5.").is_none());
        assert_eq!(
            cached.lock().peek("Hello, world!").map(|t| t.to_string()),
            Some("Hello , world !".to_string())
        );
        assert_eq!(cached.signature(), "13a");
    }

    #[test]
    fn long_lines_are_not_cached() {
        let cached = CachedTokenizer::new(Arc::new(Tokenizer13a), CACHED_LINES);
        let long = "word, ".repeat(LONGEST_CACHED_LINE);
        assert_eq!(cached.tokenize(&long), Tokenizer13a.tokenize(&long));
        assert_eq!(cached.cached_lines(), 0);
    }
}
