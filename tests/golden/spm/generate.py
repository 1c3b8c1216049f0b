#!/usr/bin/env python3
"""Train the small SentencePiece models in ``tests/data/spm/`` and generate the spBLEU goldens with sacreBLEU 2.6.0.

Our own generator: it trains models with the ``sentencepiece`` pip package (0.2.x), places three of them at the
cache paths sacreBLEU's ``flores101``, ``flores200`` and ``spBLEU-1K`` tokenizers load from (``$SACREBLEU/models/``,
with ``SACREBLEU`` pointing at a temporary folder outside the repository, so nothing is downloaded) and stores
what sacreBLEU and sentencepiece compute. No sacreBLEU or sentencepiece code is copied.

Run from the repository root (the virtualenv lives outside the repository)::

    /work/venv-sacrebleu/bin/python tests/golden/spm/generate.py            # train + goldens
    /work/venv-sacrebleu/bin/python tests/golden/spm/generate.py --keep-models   # goldens for the committed models

Training text: every line of every WMT22 source and reference file in ``../shared/datasets/wmt22`` (Latin,
Cyrillic, Han, Kana scripts: cs, de, en, fr, hr, ja, ru, uk, zh). Models (``tests/data/spm/NAME.model``):

- ``unigram-8k``: unigram, 8000 pieces, ``nmt_nfkc`` -- sacreBLEU's ``flores200`` cache file
- ``unigram-2k-bytes``: unigram, 2000 pieces, byte fallback, user-defined symbols ``<sep>`` and ``™`` -- ``flores101``
- ``bpe-8k``: BPE, 8000 pieces, ``nmt_nfkc`` -- ``spBLEU-1K``
- ``bpe-1k-bytes``: BPE, 1000 pieces, byte fallback, ``nfkc_cf``, extra whitespace kept
- ``unigram-1k-identity``: unigram, 1000 pieces, ``identity`` normalizer, no dummy prefix, whitespace as suffix

Outputs (``tests/golden/spm/``):

``pieces.json.gz``
    ``{model: {file: [[piece, ...] per line]}}``: ``sp.EncodeAsPieces(line)`` for every line of the reference
    files in ``PIECE_FILES`` (read as the sacreBLEU CLI reads them: UTF-8, ``rstrip()``-ped lines).
``edge-cases.json``
    ``{"lines": [...], "pieces": {model: [[piece, ...] per line]}}`` for the edge-case lines below.
``bleu.json``
    Corpus BLEU (``BLEU(tokenize=T)``) of every system of ``BLEU_PAIRS`` against reference A for T in flores101,
    flores200, spBLEU-1K, with the signature; sentence BLEU (``BLEU(tokenize=T, effective_order=True)
    .sentence_score``) of the first ``SENTENCE_LINES`` lines of every system of ``SENTENCE_PAIRS``.
"""

import argparse
import gzip
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO.parent / "shared" / "datasets" / "wmt22"
MODELS = REPO / "tests" / "data" / "spm"
OUT = REPO / "tests" / "golden" / "spm"

MODEL_SPECS = {
    "unigram-8k": dict(model_type="unigram", vocab_size=8000, character_coverage=0.995),
    "unigram-2k-bytes": dict(model_type="unigram", vocab_size=2000, character_coverage=0.98, byte_fallback=True,
                             user_defined_symbols=["<sep>", "™"]),
    "bpe-8k": dict(model_type="bpe", vocab_size=8000, character_coverage=0.995),
    "bpe-1k-bytes": dict(model_type="bpe", vocab_size=1000, character_coverage=0.98, byte_fallback=True,
                         normalization_rule_name="nfkc_cf", remove_extra_whitespaces=False),
    "unigram-1k-identity": dict(model_type="unigram", vocab_size=1000, character_coverage=0.98,
                                normalization_rule_name="identity", add_dummy_prefix=False,
                                treat_whitespace_as_suffix=True),
}
# sacreBLEU tokenizer -> (committed model, file name in sacreBLEU's cache)
CACHE_MODELS = {
    "flores101": ("unigram-2k-bytes", "sacrebleu_tokenizer_spm.model"),
    "flores200": ("unigram-8k", "flores200sacrebleuspm"),
    "spBLEU-1K": ("bpe-8k", "spbleu-1k_tokenizer_spm.model"),
}
PIECE_FILES = [
    "generaltest2022.en-zh.ref.A.zh",
    "generaltest2022.en-ja.ref.A.ja",
    "generaltest2022.en-ru.ref.A.ru",
    "generaltest2022.cs-uk.ref.A.uk",
    "generaltest2022.en-de.ref.A.de",
    "generaltest2022.en-cs.ref.B.cs",
]
BLEU_PAIRS = ["en-zh", "en-ja", "en-ru", "cs-uk", "en-de"]
SENTENCE_PAIRS = ["en-ja", "cs-uk"]
SENTENCE_LINES = 200

EDGE_LINES = [
    "",
    " ",
    "   \t  ",
    "  leading spaces",
    "trailing spaces   ",
    "multiple    inner   spaces\tand\ttabs",
    "ＦＵＬＬＷＩＤＴＨ　ｔｅｘｔ　１２３，ｶﾀｶﾅ",
    "ligatures: ﬁne ﬂow ﬀ ﬃ — ½ ① ㎞ ™ Ⅻ",
    "combining: e\u0301 a\u0308 vs é ä; Å Å",
    "outside the vocabulary: 🦀🦀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ᚠᛇᚻ ꦗꦮ ไทย ພາສາລາວ ភាសាខ្មែរ မြန်မာ བོད་ཡིག",
    "user symbols: a<sep>b <sep> x™y ™",
    "reserved piece texts: <unk> <s> </s> <0x41> ▁ ▁▁x",
    "zero width\u200bspace, BOM\ufeff, controls \x1c\x1f, NBSP\u00a0here, ideographic\u3000space",
    "数字123と漢字、ひらがな。Кириллица и Latin mixed.",
    "ÀÉÎÕÜ àéîõü ÇçŒœß ẞ",
    "x" * 20 + " " + "y" * 40,
]


def read_lines(path):
    with open(path, encoding="utf-8", newline="\n") as f:
        return [line.rstrip() for line in f]


def long_line():
    """A 10,000-character line mixing scripts, spaces and unknown characters."""
    unit = "Der schnelle Fuchs 敏捷的狐狸 быстрая лиса ﬁ🦀 "
    return (unit * (10000 // len(unit) + 1))[:10000]


def train(spm):
    corpus = []
    for folder in ("sources", "references"):
        for path in sorted((SHARED / folder).iterdir()):
            corpus.extend(line for line in read_lines(path) if line)
    with tempfile.TemporaryDirectory() as tmp:
        text = Path(tmp) / "train.txt"
        text.write_text("\n".join(corpus) + "\n", encoding="utf-8")
        MODELS.mkdir(parents=True, exist_ok=True)
        for name, spec in MODEL_SPECS.items():
            prefix = Path(tmp) / name
            spm.SentencePieceTrainer.train(input=str(text), model_prefix=str(prefix), num_threads=2,
                                           input_sentence_size=60000, shuffle_input_sentence=True,
                                           minloglevel=2, **spec)
            shutil.copy(f"{prefix}.model", MODELS / f"{name}.model")
            print(f"trained {name}: {(MODELS / f'{name}.model').stat().st_size} bytes", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep-models", action="store_true", help="do not retrain; use the committed models")
    args = parser.parse_args()

    import sentencepiece as spm

    if not args.keep_models:
        train(spm)

    cache = tempfile.mkdtemp(prefix="sacrebleu-spm-")
    (Path(cache) / "models").mkdir()
    for model, file_name in CACHE_MODELS.values():
        shutil.copy(MODELS / f"{model}.model", Path(cache) / "models" / file_name)
    os.environ["SACREBLEU"] = cache  # read by sacrebleu.utils at import time
    import sacrebleu
    from sacrebleu.metrics import BLEU
    from sacrebleu.tokenizers.tokenizer_spm import TokenizerSPM

    assert sacrebleu.__version__ == "2.6.0", sacrebleu.__version__
    processors = {}
    for name in MODEL_SPECS:
        processor = spm.SentencePieceProcessor()
        processor.Load(str(MODELS / f"{name}.model"))
        processors[name] = processor
    for tokenizer, (model, _) in CACHE_MODELS.items():
        # sacreBLEU's tokenizer must load the committed model from its cache.
        sacrebleu_tokenizer = TokenizerSPM(tokenizer)
        line = "Probe: ﬁne 数字 Кириллица"
        assert sacrebleu_tokenizer(line) == " ".join(processors[model].EncodeAsPieces(line)), tokenizer

    pieces = {name: {} for name in MODEL_SPECS}
    for file_name in PIECE_FILES:
        lines = read_lines(SHARED / "references" / file_name)
        for name, processor in processors.items():
            pieces[name][file_name] = [processor.EncodeAsPieces(line) for line in lines]
    with gzip.open(OUT / "pieces.json.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump(pieces, f, ensure_ascii=False, separators=(",", ":"))

    edge_lines = EDGE_LINES + [long_line()]
    edge = {"lines": edge_lines,
            "pieces": {name: [p.EncodeAsPieces(line) for line in edge_lines] for name, p in processors.items()}}
    (OUT / "edge-cases.json").write_text(json.dumps(edge, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    corpus, sentence = [], []
    for pair in BLEU_PAIRS:
        target = pair.split("-")[1]
        refs = read_lines(SHARED / "references" / f"generaltest2022.{pair}.ref.A.{target}")
        prefix = f"generaltest2022.{pair}.hyp."
        systems = sorted(p.name[len(prefix):-len(target) - 1] for p in (SHARED / "system-outputs").iterdir()
                         if p.name.startswith(prefix))
        for tokenizer in CACHE_MODELS:
            bleu = BLEU(tokenize=tokenizer)
            sentence_bleu = BLEU(tokenize=tokenizer, effective_order=True)
            for system in systems:
                hyps = read_lines(SHARED / "system-outputs" / f"{prefix}{system}.{target}")
                score = bleu.corpus_score(hyps, [refs])
                corpus.append({"pair": pair, "system": system, "tokenize": tokenizer, "score": score.score,
                               "counts": score.counts, "totals": score.totals, "sys_len": score.sys_len,
                               "ref_len": score.ref_len, "signature": bleu.get_signature().format()})
                if pair in SENTENCE_PAIRS and tokenizer == "flores200":
                    scores = [sentence_bleu.sentence_score(h, [r]).score
                              for h, r in zip(hyps[:SENTENCE_LINES], refs[:SENTENCE_LINES])]
                    sentence.append({"pair": pair, "system": system, "tokenize": tokenizer, "scores": scores})
        print(f"BLEU {pair}: {len(systems)} systems", file=sys.stderr)
    with open(OUT / "bleu.json", "w", encoding="utf-8") as f:
        f.write('{"corpus": [\n' + ",\n".join(json.dumps(r, ensure_ascii=False) for r in corpus) + "\n],\n")
        f.write('"sentence": [\n' + ",\n".join(json.dumps(r) for r in sentence) + "\n]}\n")
    shutil.rmtree(cache)


if __name__ == "__main__":
    main()
