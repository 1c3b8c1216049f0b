#!/usr/bin/env python3
"""Make the perturbed "systems" of mteval's Korean test set from its reference, deterministically.

``ref.ko`` is our own news-like and legal Korean text (300 segments, written for mteval's tests:
numbers, Latin script, Hanja, full-width forms, Korean and CJK punctuation). Each system below is
the reference with one kind of damage a Korean MT system does, made with a fixed seed so that
running this script (any Python 3) rewrites the committed ``hyp.*.ko`` files byte for byte::

    python3 tests/data/ko-news/make_systems.py

Systems: ``spacing`` (word spacing errors: spaces removed between words and inserted inside
them -- what mecab-ko's left-space penalty reacts to), ``drop`` (words dropped and adjacent words
swapped), ``particles`` (case particles swapped, numbers changed), ``script`` (Hangul words written
in Hanja, Latin letters and digits made full-width, some segments left empty) and ``mixed`` (all
of the above, lighter).
"""
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent

PARTICLES = {"은": "는", "는": "은", "이": "가", "가": "이", "을": "를", "를": "을", "에서": "에", "의": "에"}
HANJA = {
    "국민": "國民", "정부": "政府", "대한민국": "大韓民國", "경제": "經濟", "회의": "會議",
    "법원": "法院", "국회": "國會", "대통령": "大統領", "시장": "市場", "사회": "社會",
    "기업": "企業", "정책": "政策", "한국": "韓國", "위원회": "委員會", "발표": "發表",
}


def full_width(text):
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def spacing(words, rng, rate):
    out = []
    for word in words:
        if out and rng.random() < rate:
            out[-1] += word
        elif len(word) > 2 and rng.random() < rate:
            cut = rng.randrange(1, len(word))
            out += [word[:cut], word[cut:]]
        else:
            out.append(word)
    return out


def drop(words, rng, rate):
    out = [w for w in words if rng.random() >= rate] or words[:1]
    for i in range(len(out) - 1):
        if rng.random() < rate:
            out[i], out[i + 1] = out[i + 1], out[i]
    return out


def particles(words, rng, rate):
    out = []
    for word in words:
        for ending, replacement in PARTICLES.items():
            if word.endswith(ending) and len(word) > len(ending) and rng.random() < rate * 3:
                word = word[: -len(ending)] + replacement
                break
        if any(c in "0123456789" for c in word) and rng.random() < rate * 2:
            word = "".join(str((int(c) + 1) % 10) if c in "0123456789" else c for c in word)
        out.append(word)
    return out


def script(words, rng, rate):
    out = []
    for word in words:
        for hangul, hanja in HANJA.items():
            if hangul in word and rng.random() < rate * 4:
                word = word.replace(hangul, hanja)
        if rng.random() < rate:
            word = full_width(word)
        out.append(word)
    return out


def mixed(words, rng, rate):
    for damage in (spacing, drop, particles, script):
        words = damage(words, rng, rate)
    return words


SYSTEMS = {"spacing": (spacing, 0.15), "drop": (drop, 0.1), "particles": (particles, 0.15),
           "script": (script, 0.15), "mixed": (mixed, 0.06)}


def main():
    reference = (HERE / "ref.ko").read_text(encoding="utf-8").splitlines()
    for index, (name, (damage, rate)) in enumerate(SYSTEMS.items()):
        rng = random.Random(1000 + index)
        lines = []
        for segment in reference:
            if name == "script" and rng.random() < 0.02:
                lines.append("")
                continue
            lines.append(" ".join(damage(segment.split(" "), rng, rate)))
        (HERE / f"hyp.{name}.ko").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
