//! The spBLEU tokenizers by sacreBLEU name: which model file each uses, where sacreBLEU keeps it
//! (`$SACREBLEU/models/`, default `~/.sacrebleu/models/`), the URL sacreBLEU downloads it from,
//! and the [`Tokenizer`] that joins a line's pieces with spaces (`" ".join(sp.EncodeAsPieces(line))`).

use super::{EncodeBuffers, SentencePieceModel};
use crate::error::{Error, Result, Setting};
use crate::tokenize::Tokenizer;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// One SentencePiece tokenizer of sacreBLEU (`SPM_MODELS` in `tokenizer_spm.py`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpmTokenizerSpec {
    /// The `--tokenize` name.
    pub name: &'static str,
    /// The name in signatures (`spm` signs as `flores101`).
    pub signature: &'static str,
    /// Where sacreBLEU downloads the model; the file name in its cache is the URL's last part.
    pub url: &'static str,
}

const FLORES101_URL: &str =
    "https://dl.fbaipublicfiles.com/fairseq/models/flores/sacrebleu_tokenizer_spm.model";

/// sacreBLEU 2.6's SentencePiece tokenizers.
pub const SPM_TOKENIZERS: &[SpmTokenizerSpec] = &[
    SpmTokenizerSpec {
        name: "spm",
        signature: "flores101",
        url: FLORES101_URL,
    },
    SpmTokenizerSpec {
        name: "flores101",
        signature: "flores101",
        url: FLORES101_URL,
    },
    SpmTokenizerSpec {
        name: "flores200",
        signature: "flores200",
        url: "https://tinyurl.com/flores200sacrebleuspm",
    },
    SpmTokenizerSpec {
        name: "spBLEU-1K",
        signature: "spBLEU-1K",
        url: "https://www.dlnlp.ai/spBLEU-1K/spbleu-1k_tokenizer_spm.model",
    },
];

impl SpmTokenizerSpec {
    /// The spec for a `--tokenize` name, if it is a SentencePiece tokenizer.
    pub fn by_name(name: &str) -> Option<&'static SpmTokenizerSpec> {
        SPM_TOKENIZERS.iter().find(|spec| spec.name == name)
    }

    /// The model file's name in sacreBLEU's cache (`os.path.basename(url)`).
    pub fn file_name(&self) -> &'static str {
        self.url.rsplit('/').next().unwrap_or(self.url)
    }

    /// Where sacreBLEU keeps the model: `$SACREBLEU/models/FILE`, else `~/.sacrebleu/models/FILE`.
    pub fn cache_path(&self) -> PathBuf {
        let sacrebleu_dir = match std::env::var_os("SACREBLEU") {
            Some(dir) => PathBuf::from(dir),
            None => PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".sacrebleu"),
        };
        sacrebleu_dir.join("models").join(self.file_name())
    }
}

/// A SentencePiece tokenizer: a line becomes its pieces separated by spaces.
#[derive(Debug, Clone)]
pub struct SentencePieceTokenizer {
    signature: &'static str,
    model: Arc<SentencePieceModel>,
}

impl SentencePieceTokenizer {
    /// The tokenizer `spec` with the model at `model` (`--spm-model`), else sacreBLEU's cached
    /// model; a missing cached model is an error naming its path and sacreBLEU's download URL.
    pub fn load(spec: &SpmTokenizerSpec, model: Option<&Path>) -> Result<SentencePieceTokenizer> {
        let path = match model {
            Some(path) => path.to_path_buf(),
            None => {
                let path = spec.cache_path();
                if !path.is_file() {
                    return Err(Error::invalid_option(
                        Setting::Tokenizer,
                        spec.name,
                        format!(
                            "the SentencePiece model {} is missing and mteval does not download; \
                             download it from {} to that path (sacreBLEU does so on first use), \
                             or pass --spm-model FILE",
                            path.display(),
                            spec.url
                        ),
                    ));
                }
                path
            }
        };
        Ok(SentencePieceTokenizer {
            signature: spec.signature,
            model: cached_model(&path)?,
        })
    }
}

/// Models loaded so far in this process, by path: `report` builds a tokenizer per language pair.
static LOADED_MODELS: Mutex<Vec<(PathBuf, Arc<SentencePieceModel>)>> = Mutex::new(Vec::new());

/// The model at `path`, loaded once per process.
fn cached_model(path: &Path) -> Result<Arc<SentencePieceModel>> {
    let mut loaded = LOADED_MODELS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, model)) = loaded.iter().find(|(loaded_path, _)| loaded_path == path) {
        return Ok(Arc::clone(model));
    }
    let model = Arc::new(SentencePieceModel::load(path)?);
    loaded.push((path.to_path_buf(), Arc::clone(&model)));
    Ok(model)
}

thread_local! {
    /// Per-thread encoding buffers and the joined pieces.
    static SCRATCH: RefCell<(EncodeBuffers, String)> = RefCell::default();
}

impl Tokenizer for SentencePieceTokenizer {
    fn signature(&self) -> &str {
        self.signature
    }

    fn tokenize_into(&self, line: &str, out: &mut String) {
        SCRATCH.with(|scratch| {
            let (buffers, joined) = &mut *scratch.borrow_mut();
            self.model.encode(line, buffers);
            if buffers.push_joined_pieces(out) {
                return;
            }
            // Pieces holding Python whitespace (kept by the model's normalizer) are split where
            // BLEU splits them: join, then collapse as `" ".join(line.split())`.
            joined.clear();
            for (i, piece) in buffers.piece_texts().enumerate() {
                if i > 0 {
                    joined.push(' ');
                }
                joined.push_str(&piece);
            }
            crate::text::push_collapsed_whitespace(joined, out);
        });
    }
}
