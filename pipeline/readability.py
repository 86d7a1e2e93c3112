"""Lexical diversity and readability: TTR, MATTR, syllables, Flesch reading ease.

These are the measures quanteda's ``textstat_lexdiv`` and
``textstat_readability`` and Voyant's Summary report, written out so each
can be checked by hand on a tiny text.
"""

from __future__ import annotations

import re
from typing import Sequence

_LETTERS = re.compile(r"[a-z]+")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_POSSESSIVE = re.compile(r"['’]s$")
_APOSTROPHES = re.compile(r"['’]")
# Vowel pairs said as two syllables: mu-tu-al (not after q or g: qual-i-ty, lan-guage),
# hu-ma-ni-tar-i-an, me-di-a (not after c, t, s, g, x: so-cial, ini-tial, A-sia).
_SPLIT_PAIRS = re.compile(r"(?<![qg])ua|(?<![ctsgx])ia")


def ttr(tokens: Sequence[str]) -> float:
    """Type-token ratio: distinct tokens / tokens (``nan`` for no tokens).

    >>> ttr("a rose is a rose".split())   # 3 types / 5 tokens
    0.6
    """
    return len(set(tokens)) / len(tokens) if tokens else float("nan")


def mattr(tokens: Sequence[str], window: int = 50) -> float:
    """Moving-average type-token ratio (Covington & McFall 2010).

    The TTR of every window of ``window`` consecutive tokens (moving one token
    at a time), averaged. It does not fall with text length as the TTR does.
    A text shorter than the window gets its plain TTR.

    >>> mattr("a b a c".split(), window=2)   # windows ab, ba, ac: TTR 1, 1, 1
    1.0
    >>> mattr("a a a b".split(), window=2)   # aa .5, aa .5, ab 1 -> 2/3
    0.6666666666666666
    """
    if window < 1:
        raise ValueError("window must be at least 1")
    n = len(tokens)
    if n == 0:
        return float("nan")
    if n <= window:
        return ttr(tokens)
    counts: dict[str, int] = {}
    for t in tokens[:window]:
        counts[t] = counts.get(t, 0) + 1
    types = len(counts)
    total = types
    for i in range(window, n):
        new, old = tokens[i], tokens[i - window]
        c = counts.get(new, 0)
        if c == 0:
            types += 1
        counts[new] = c + 1
        c = counts[old] - 1
        counts[old] = c
        if c == 0:
            types -= 1
        total += types
    return total / ((n - window + 1) * window)


def count_syllables(word: str) -> int:
    """Syllables in an English word, by vowel groups with the common exceptions.

    Rules, in order: only letters count (a hyphenated word is the sum of its
    parts); a final silent ``e`` is dropped (but not in a consonant + ``le``
    ending: ta-ble); a final ``-es`` or ``-ed`` is silent unless it follows a
    sibilant (box-es) or ``t``/``d`` (want-ed), and so is the ``-ue`` of ``-gue``
    (dia-logue); each remaining group of vowels (``y`` included) is one
    syllable, except that ``ua`` and ``ia`` are two (mu-tu-al, me-di-a) unless
    the sound is a glide (qual-, lan-guage, so-cial, ini-tial); a possessive
    ``'s`` adds nothing; every word has at least one. It is a
    heuristic, right for most words (see the tests); it undercounts words
    with adjacent vowels in separate syllables (co-op-er-ate).

    >>> [count_syllables(w) for w in ["peace", "women", "security", "table", "wanted", "worked"]]
    [1, 2, 4, 2, 2, 1]
    """
    w = _APOSTROPHES.sub("", _POSSESSIVE.sub("", word.lower()))
    parts = _LETTERS.findall(w)
    if not parts:
        return 0
    return sum(_syllables_of(p) for p in parts)


def _syllables_of(w: str) -> int:
    if len(w) <= 3:
        return 1
    if w.endswith("gue"):  # dia-logue, league: silent -ue
        w = w[:-2]
    if w.endswith("es") and not re.search(r"(?:[sxz]|[cs]h|[cg])es$", w):
        w = w[:-2]
    elif w.endswith("ed") and not re.search(r"[td]ed$", w):
        w = w[:-2]
    elif w.endswith("e") and not re.search(r"[^aeiouy]le$", w):
        w = w[:-1]
    return max(1, len(_VOWEL_GROUPS.findall(w)) + len(_SPLIT_PAIRS.findall(w)))


def flesch_reading_ease(n_words: int, n_sentences: int, n_syllables: int) -> float:
    """Flesch (1948) reading ease: 206.835 - 1.015 (words/sentence) - 84.6 (syllables/word).

    Higher is easier: 60-70 is plain English, below 30 is very difficult
    (academic or legal prose).

    >>> round(flesch_reading_ease(n_words=10, n_sentences=2, n_syllables=15), 3)
    74.86
    """
    if n_words == 0 or n_sentences == 0:
        return float("nan")
    return 206.835 - 1.015 * (n_words / n_sentences) - 84.6 * (n_syllables / n_words)
