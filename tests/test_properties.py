"""Property tests (hypothesis): the cleaner, segmenter, tokeniser and actor matcher on any text.

Three kinds of input: arbitrary Unicode; text made of the characters and pieces our
rules react to (markdown, HTML tags and entities, bullets, clause openers, breadcrumbs,
line ends of every kind); and lines of the real documents recombined. For each:

* nothing crashes;
* every offset points at its text: ``text[start:end] == surface`` (tokens, segments, mentions);
* cleaning is idempotent: cleaning the cleaned text returns it unchanged, with an empty audit;
* segments cover the cleaned text in order without overlap: every non-space character is in
  exactly one segment, except the "• " marker opening a list item.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO
from pipeline import cleaning, gazetteer, matcher, segment
from pipeline.tokens import count_tokens, token_spans, tokenize, words

RULES = cleaning.load_rules(REPO / "config/cleaning.yaml")
CLAUSES = segment.load_clause_words(REPO / "config/clauses.yaml")
TOKENIZER = segment.sentence_tokenizer(segment.read_abbreviations(REPO / "config/abbreviations.txt"))
MATCHER = matcher.AliasMatcher(gazetteer.load_gazetteer(REPO / "config/gazetteer.yaml"))

SETTINGS = settings(max_examples=int(__import__("os").environ.get("PROPERTY_EXAMPLES", 300)), deadline=None, suppress_health_check=[HealthCheck.too_slow])

PIECES = [
    # characters the rules and the tokeniser treat specially
    *"aZé .,;:!?*[]()#<>/&-'’\"“”•·▪\t\n\r\u00a0\u200b\u2028\ufeff0123456789",
    "e\u0301",  # a combining accent (NFC joins it)
    # markup the cleaner removes
    "*", "**", "[link](#)", "[", "](", ")", "CSOs[3]", "<p>", "</p>", "<br/>", "<em>", "</em>",
    '<a href="x">', "</a>", "<!-- c -->", "&amp;", "&nbsp;", "&#39;", "&amp;amp;",
    # boilerplate lines
    "\n- Home\n", "\n- News\n", "\nMore Resources\n", "\nDate: 1 May 2025\n", "\nBy Jane Doe\n",
    "\nPlease share this publication\n", "\nSingapore 639798\n", "\nJane Doe is a Senior Fellow at X.\n",
    "\nThe WPS Agenda and Mutual Aid: A Long Title\n",
    # clause and sentence structure
    "\nRECOGNISING the role of women;\n", "\nCOMMIT to peace;\n", "\nWE HEREBY COMMIT TO:\n",
    "\nADOPTED in Kuala Lumpur.\n", "\n  • Share results\n", "U.N. ", "Dr. ", "e.g. ", "No. 5 ",
    # actors
    "ASEAN", "ASEAN’s ", "ADMM-Plus", "ADMM-PLUS", "UN Women", "the UK", "us", "US", "Viet Nam",
    "ASEAN Secretariat", "Republic of Korea (ROK)", "UNSCR 1325",
]
MARKUP = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


def _real_lines() -> list[str]:
    out = []
    for path in sorted((REPO / "data/raw").glob("*.txt")):
        out += path.read_text(encoding="utf-8").splitlines()
    return out


REAL = st.lists(st.sampled_from(_real_lines()), max_size=25).map("\n".join)
ANY = st.text(max_size=300)
TEXTS = st.one_of(ANY, MARKUP, REAL)


# ----------------------------------------------------------------- cleaner


@SETTINGS
@given(TEXTS)
def test_cleaning_is_idempotent_and_well_formed(raw):
    clean, audit = cleaning.clean_text(raw, RULES)
    again, audit2 = cleaning.clean_text(clean, RULES)
    assert again == clean
    assert audit2 == []
    # Form: empty, or paragraphs (no blank or space-edged lines) separated by one blank line, ending "\n".
    if clean:
        assert clean.endswith("\n") and not clean.endswith("\n\n")
        for para in clean[:-1].split("\n\n"):
            assert para and "\n" not in para and para == para.strip()
    assert "\r" not in clean and "\ufeff" not in clean
    n_lines = len(re.split(r"\r\n|\r|\n", raw[1:] if raw.startswith("\ufeff") else raw))
    assert all(1 <= row["line"] <= n_lines for row in audit)


def test_cleaning_fixpoint_examples():
    # One pass of the rules leaves each of these with something to clean; the cleaner
    # reruns them until nothing changes, and audits each step under the raw line.
    for raw, expected in [
        ("[[nested](#)](#) link.", "nested link.\n"),
        ("&amp;amp; twice-escaped.", "& twice-escaped.\n"),
        ("<<em>em>word", "word\n"),
    ]:
        clean, audit = cleaning.clean_text(raw, RULES)
        assert clean == expected, raw
        assert {row["line"] for row in audit} == {1}
        assert cleaning.clean_text(clean, RULES) == (clean, [])


# ----------------------------------------------------------------- segmenter


def _check_segments(clean: str, segs: list[dict]) -> None:
    covered = [0] * len(clean)
    previous_end = 0
    for k, s in enumerate(segs, 1):
        assert s["seg_id"] == k
        assert 0 <= s["start"] < s["end"] <= len(clean)
        assert clean[s["start"] : s["end"]] == s["text"]
        assert s["start"] >= previous_end, "segments overlap or are out of order"
        previous_end = s["end"]
        for i in range(s["start"], s["end"]):
            covered[i] += 1
    bullets = {m.start() for m in re.finditer(r"(?:^|(?<=\n\n))• ", clean)}
    for i, ch in enumerate(clean):
        if ch.isspace() or i in bullets:
            continue
        assert covered[i] == 1, f"character {i} ({ch!r}) is in {covered[i]} segments"


@SETTINGS
@given(TEXTS)
def test_segments_tile_the_cleaned_text(raw):
    clean, _ = cleaning.clean_text(raw, RULES)
    _check_segments(clean, segment.segment(clean, CLAUSES, TOKENIZER))


@SETTINGS
@given(ANY)
def test_segmenter_never_crashes_on_raw_text(text):
    for s in segment.segment(text, CLAUSES, TOKENIZER):
        assert text[s["start"] : s["end"]] == s["text"]


# ----------------------------------------------------------------- tokeniser


@SETTINGS
@given(TEXTS)
def test_token_offsets_point_at_the_tokens(text):
    spans = token_spans(text)
    toks = tokenize(text)
    assert toks == [text[s:e] for s, e in spans]
    assert all(s < e for s, e in spans)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:]))
    assert words(text) == [t.lower() for t in toks]
    assert count_tokens(text) == len(spans)
    assert all(not t.endswith(("'s", "’s", "'S", "’S")) or len(t) <= 2 for t in toks)


# ----------------------------------------------------------------- actor matcher


@SETTINGS
@given(TEXTS)
def test_actor_mentions_point_at_their_surface(text):
    found = MATCHER.find(text)
    previous_end = 0
    for start, end, entry in found:
        assert 0 <= start < end <= len(text)
        assert start >= previous_end, "mentions overlap"
        previous_end = end
        assert entry in MATCHER_IDS
        # on word boundaries: no letter or digit glued to either side
        assert start == 0 or not text[start - 1].isalnum()
    mentions = matcher.extract_mentions({"d": text}, None, MATCHER)
    assert all(text[s:e] == surface for s, e, surface in zip(mentions.start, mentions.end, mentions.surface))


MATCHER_IDS = {a.entry_id for a in MATCHER.aliases.values()}

# pieces that try the automaton's shortcuts: case (the Kelvin sign is a k, the dotless i and long s match
# i and s only under Unicode's extra case rules, the dotted capital I lower-cases to two characters), the
# spellings of blanks, apostrophes and hyphens inside names, and words that start like an acronym
CASE_PIECES = [*PIECES, "\u212a", "ı", "ſ", "İ", "Tİ", "ASEAN\tSecretariat", "ASEAN\u00a0Secretariat",
               "UN\u2003Women", "UN–Women", "ASEAN‘s", "Lao People’s Democratic Republic", "S. Rajaratnam School",
               "under", "Usa", "USA", "UNited Nations", "Ünited", "Türkiye", "TÜRKIYE", "_ASEAN", "ASEAN_"]
CASE_TEXTS = st.one_of(ANY, st.lists(st.sampled_from(CASE_PIECES), max_size=40).map("".join), REAL)


@SETTINGS
@given(CASE_TEXTS)
def test_automaton_finds_what_the_regex_scan_finds(text):
    # the candidate starts are a shortcut: the mentions are those of the regex scanned at every character
    assert MATCHER.find(text) == MATCHER._find(text, None)


@SETTINGS
@given(st.lists(st.sampled_from(["UN", "UN Women", "AC", "ACDM", "A-B", "é", "Plan"]), min_size=1, max_size=5),
       st.lists(st.sampled_from([*CASE_PIECES, "UN", "AC", "ACDM", "-", "_", "A-B", "é", "Plans", "xPlan"]),
                max_size=40).map("".join))
def test_words_are_the_regex_alternation(keys, text):
    alt = "|".join(re.escape(k) for k in sorted(set(keys), key=lambda k: (-len(k), k)))
    expected = [(m.start(), m.end(), m.group()) for m in re.finditer(rf"(?<![\w-])(?:{alt})(?![\w])", text)]
    assert matcher.Words(keys).find(text) == expected


def test_automaton_is_used_and_exact_on_the_corpus():
    # every corpus document goes through the automaton (none needs the regex scan) and finds the same
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "data/raw").glob("*.txt"))]
    assert len(texts) == 3
    for text in texts:
        assert MATCHER.candidates(text) is not None
        assert MATCHER.find(text) == MATCHER._find(text, None)
    # a text with a dotless i, a long s or a dotted capital I is scanned with the regex itself
    assert [MATCHER.candidates(f"ASEAN and {c}") for c in ("ıt", "ſo", "İt")] == [None, None, None]
    assert MATCHER.candidates("ASEAN and it") == [0]


@pytest.mark.parametrize("text, expected", [
    ("ASEAN’s ADMM-PLUS told us", [("ASEAN", "asean"), ("ADMM-PLUS", "admm_plus")]),
])
def test_actor_matcher_examples(text, expected):
    assert [(text[s:e], a) for s, e, a in MATCHER.find(text)] == expected
