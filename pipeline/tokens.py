"""The tokenizer every count in the project shares, and the terms statistics use.

NLTK's ``RegexpTokenizer`` needs no downloaded data. A token is a run of
letters or digits that may contain inner hyphens or apostrophes, so
``ADMM-Plus`` and ``capacity-building`` stay whole; dotted acronyms such as
``U.N.`` are one token; a possessive ``'s`` (straight or curly) is dropped,
so ``ASEAN's`` counts as ``ASEAN``.

>>> tokenize("ASEAN’s ADMM-Plus and the U.N. (2025)")
['ASEAN', 'ADMM-Plus', 'and', 'the', 'U.N.', '2025']

The text statistics work on *terms*: tokens lower-cased (:func:`words`),
with configured multiword expressions joined into one term by NLTK's
``MWETokenizer`` (joined with ``_``, as quanteda's ``tokens_compound`` does),
and optionally Snowball-stemmed (:class:`TermMaker`).

>>> TermMaker(["mutual aid"]).terms(words("Mutual aid, ASEAN's mutual trust"))
['mutual_aid', 'asean', 'mutual', 'trust']
"""

from __future__ import annotations

import re
from pathlib import Path

import regex
from typing import Iterable, Sequence

from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import MWETokenizer, RegexpTokenizer

from .errors import PipelineError

TOKEN_PATTERN = r"(?:[A-Za-z]\.){2,}|[^\W_]+(?:[-'’][^\W_]+)*"
_POSSESSIVE = re.compile(r"['’][sS]$")
_TOKENIZER = RegexpTokenizer(TOKEN_PATTERN)
# The same engine and flags as NLTK's RegexpTokenizer (which compiles with the
# third-party ``regex`` module: its \\w differs from ``re``'s, e.g. on "²"),
# used directly for the fast paths so they always agree with ``tokenize``.
_TOKEN_RE = regex.compile(TOKEN_PATTERN, regex.UNICODE | regex.MULTILINE | regex.DOTALL | regex.VERSION0)
# A possessive at the end of a token inside a newline-joined token list.
_POSSESSIVE_JOINED = re.compile(r"['’][sS]$", re.MULTILINE)

#: Joins the words of a multiword expression into one term (quanteda's concatenator).
MWE_SEPARATOR = "_"

#: The multiword expressions kept as one term unless ``params.yaml`` says otherwise.
DEFAULT_MWES = ["women, peace and security", "mutual aid", "gotong royong", "confidence-building measures"]


def token_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the tokens in ``text``, possessives trimmed.

    The same spans as NLTK's ``RegexpTokenizer(TOKEN_PATTERN).span_tokenize``
    (same engine, pattern and flags), found in one scan without NLTK's
    per-call wall-clock guard, so a document of any length is tokenised.

    >>> token_spans("ASEAN’s U.N.")
    [(0, 5), (8, 12)]
    """
    spans = []
    append = spans.append
    for m in _TOKEN_RE.finditer(text):
        start, end = m.span()
        if end - start > 2 and text[end - 1] in "sS" and text[end - 2] in "'’":
            end -= 2
        append((start, end))
    return spans


def tokenize(text: str) -> list[str]:
    """Tokens of ``text`` in their original case."""
    return [text[s:e] for s, e in token_spans(text)]


def count_tokens(text: str) -> int:
    """Number of tokens in ``text``.

    >>> count_tokens("Women, Peace and Security (WPS)")
    5
    """
    return len(_TOKEN_RE.findall(text))


def words(text: str) -> list[str]:
    """The tokens of ``text``, lower-cased: ``[t.lower() for t in tokenize(text)]``, fast.

    The tokens are found by one regex scan, joined by newlines (no token holds
    one), and possessives are trimmed and case lowered on that one string, so
    the per-token work is done in C.

    >>> words("ASEAN’s Member States' U.N. partners")
    ['asean', 'member', 'states', 'u.n.', 'partners']
    """
    found = _TOKEN_RE.findall(text)
    if not found:
        return []
    return _POSSESSIVE_JOINED.sub("", "\n".join(found)).lower().split("\n")


def phrase_words(phrase: str) -> tuple[str, ...]:
    """A term or phrase as the lower-cased word sequence it matches.

    >>> phrase_words("Women, Peace and Security")
    ('women', 'peace', 'and', 'security')
    """
    return tuple(words(phrase))


def mwe_term(phrase: str) -> str:
    """The single term a multiword expression becomes.

    >>> mwe_term("confidence-building measures")
    'confidence-building_measures'
    """
    return MWE_SEPARATOR.join(phrase_words(phrase))


class TermMaker:
    """Turns lower-cased words into terms: MWEs joined, optionally stemmed.

    Parameters
    ----------
    mwes : phrases to keep as one term, written as in a text (``"mutual aid"``);
        matched on words, so punctuation between the words is ignored
        (``"Women, Peace and Security"`` and ``"Women Peace and Security"`` both match).
    stem : apply NLTK's English Snowball stemmer to single-word terms.

    >>> TermMaker(["women, peace and security"], stem=True).terms(
    ...     words("Women Peace and Security agendas"))
    ['women_peace_and_security', 'agenda']
    """

    def __init__(self, mwes: Iterable[str] = (), stem: bool = False):
        self.mwes = []
        for phrase in mwes:
            ws = phrase_words(phrase)
            if len(ws) < 2:
                raise PipelineError(
                    f"params.yaml: textstats.mwes has {phrase!r}, which is not a multiword expression "
                    "(it has fewer than two words). Remove it or write the whole phrase."
                )
            self.mwes.append(ws)
        self._mwe = MWETokenizer(self.mwes, separator=MWE_SEPARATOR)
        self.stem = stem
        self._stemmer = SnowballStemmer("english") if stem else None
        self._stem_cache: dict[str, str] = {}

    def terms(self, ws: Sequence[str]) -> list[str]:
        """The terms of a list of lower-cased words."""
        out = self._mwe.tokenize(list(ws)) if self.mwes else list(ws)
        if self._stemmer is not None:
            cache, stem = self._stem_cache, self._stemmer.stem
            res = []
            for t in out:
                if MWE_SEPARATOR in t:
                    res.append(t)
                    continue
                s = cache.get(t)
                if s is None:
                    s = cache[t] = stem(t)
                res.append(s)
            out = res
        return out

    def text_terms(self, text: str) -> list[str]:
        """The terms of a text."""
        return self.terms(words(text))


def words_consumed(term: str) -> int:
    """How many words a term stands for (MWEs join several with ``_``; words never hold ``_``)."""
    return term.count(MWE_SEPARATOR) + 1


def load_stopwords(path: Path | str, name: str | None = None) -> frozenset[str]:
    """Read a stopword list: one word per line, ``#`` starts a comment, case ignored.

    ``name`` is how messages call the file (default: ``path``).
    """
    path = Path(path)
    shown = name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PipelineError(
            f"{shown}: stopword file not found. Restore it from git or point textstats.stopwords_file at a list."
        )
    except UnicodeDecodeError:
        raise PipelineError(f"{shown}: stopword file is not UTF-8. Re-save it as UTF-8.")
    out = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        ws = words(line)
        if len(ws) != 1:
            raise PipelineError(
                f"{shown}, line {lineno}: {line!r} is not one word. Put one stopword on each line."
            )
        out.add(ws[0])
    return frozenset(out)
