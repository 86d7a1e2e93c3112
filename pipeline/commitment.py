"""The strength of each commitment, and who commits to what.

Everything here is pure: the corpus stage's ``segments`` and ``documents``,
the actors stage's mentions, the gazetteer, the dictionaries and the scale
(``config/commitment.yaml``, read by :func:`load_scale`) in; DataFrames and
networkx graphs out. Same inputs, same rows in the same order.

The scale
---------
``config/commitment.yaml`` orders four levels, strongest first: **binding**
pledges (commit, undertake, ensure; any verb after "shall"), **actions**
(enhance, strengthen, support, continue), **endorsements** (welcome,
commend, reaffirm, encourage) and **acknowledgements** (note, recognise,
look forward to), with ranks 4 to 1; ``none`` (rank 0) is an operative
clause with no listed verb or a commitment withdrawn. The file gives the
reasoning for each level, the modal verbs' effects and the negation rules;
this module applies them. A verb has one level wherever it appears
(:meth:`Scale.level_of`): the file is refused if a verb or one of its forms
is listed twice.

What is rated
-------------
* **Operative clauses** (``clause_type == "operative"``). Their verbs are
  the all-caps verbs of the clause ("SUPPORT ... and COMMIT to promoting"):
  the clause gets the strongest of their levels. The chapeau ("WE HEREBY
  COMMIT TO:") is not carried into the clauses.
* **Prose** (sentences and list items) with a *commitment predicate*: a
  listed verb whose subject is an actor. The verb group between subject and
  verb may hold modal verbs, auxiliaries, negation and adverbs ("Australia
  will not fully support"); a softener with "to" may stand before the verb
  ("ASEAN aims to strengthen"); "shall" or "must" before any verb makes a
  predicate of it ("Member States shall take ..."). The subject is the
  gazetteer mention (not an instrument) just before the verb group, with any
  mentions coordinated with it ("Japan and Australia will ..."), or a
  generic subject ("we", "the Ministers"), which is the mention right before
  it ("ASEAN leaders") or else the document's issuers. A passive ("was
  adopted", "hosted by") or an "-ing" form without "be" is not a
  predicate, except "committed" ("is committed to"); nor is a base form
  after "be" ("is welcome"), nor a mention inside a prepositional phrase
  ("calls from the United Nations underscore"; but "the Government of
  Japan will"). A second verb group joined by "and" keeps the subject of
  the first ("Japan commits to ... and will fund ..."). A verb "to" another
  listed verb ("will continue to support", "commit to promoting") is one
  predicate, rated by its first verb.

For a prose predicate the level is the verb's, then the modal's effect
(``set``, ``keep``, ``lower``, ``cap``), then a softener's lowering, then
negation: a negator keeps the level and makes the polarity negative (a pledge
not to act); a withdrawal ("no longer", "cease to", "not continue") makes it
``none``, negative. Lowering never goes below acknowledgement. A sentence
with several predicates gets the strongest; each predicate's actors keep
their own level in the links.

Preambular clauses, chapeaux, adoption formulas and prose without a
commitment predicate are not rated. A verb list is not a reading: see the
caveats at the top of ``config/commitment.yaml``.

Who commits to what
-------------------
The committing actors of an operative clause are the statement's
**issuers** (:func:`issuers`): the actors named before the first operative
clause in a paragraph opening with "WE" ("WE, the Defence Ministers of
Australia, Japan ..., HEREBY COMMIT TO:"), in one with a meeting word ("The
Twelfth ADMM-Plus (hereinafter ...), convened in ...") or in a chapeau,
read up to the first venue word; failing those, the actors after "by" or
"of" in the title. In prose they are the predicate's subjects. The
**concepts** of a commitment are what its unit names: instruments and
actors (gazetteer mentions other than its subjects) and dictionary
categories (the UNSCR 1325 pillars, security framings). :func:`links` pairs
each actor with each concept; :func:`actor_concept_graph` builds Discourse
Network Analyzer's two-mode actor x concept network from the links (edge
attributes: strongest level, clause count, documents, agreement),
:func:`actor_projection` and :func:`concept_projection` its one-mode
projections, and :func:`graphml_text` / :func:`gexf_text` write them for
Gephi, Cytoscape and igraph (typed attributes, every node and edge with the
same attributes, no lists, no missing values).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import networkx as nx
import pandas as pd

from .errors import PipelineError
from .schema import COMMITMENT_EDGES, COMMITMENT_LINKS, COMMITMENTS, ISSUERS
from .yamlfile import parse_yaml, read_yaml

NONE = "none"
POSITIVE, NEGATIVE = "positive", "negative"
_EFFECTS = {"set", "keep", "lower", "cap"}
_TOP_KEYS = {"title", "source", "levels", "none", "modals", "softeners", "negation", "subjects", "issuers", "irregular"}
_LEMMA = re.compile(r"[a-z][a-z-]*(?: [a-z][a-z-]*)*")

# Grammar of the verb group (not part of the scale, so kept here).
_BE = frozenset({"am", "is", "are", "was", "were", "be", "been", "being", "remain", "remains", "remained"})
_AUX = _BE | frozenset({"has", "have", "had", "having", "do", "does", "did"})
_ADVERBS = frozenset({
    "also", "further", "fully", "strongly", "firmly", "jointly", "together", "collectively", "hereby", "again",
    "still", "always", "consistently", "actively", "continuously", "duly", "warmly", "therefore", "thus", "hence",
    "now", "already", "increasingly", "deeply", "highly", "sincerely", "greatly", "once", "all", "both", "each",
    "likewise", "similarly", "equally", "no", "longer", "ever",
})
_ADJECTIVAL = frozenset({"commit"})  # "is committed to": the participle is an adjective of commitment
_CONTRACTIONS = {"won't": "will", "can't": "can", "cannot": "can", "shan't": "shall", "don't": "do",
                 "doesn't": "do", "didn't": "do", "isn't": "is", "aren't": "are", "wasn't": "was",
                 "weren't": "were", "hasn't": "has", "haven't": "have", "hadn't": "had", "wouldn't": "would",
                 "shouldn't": "should", "couldn't": "could", "mustn't": "must", "mightn't": "might"}
_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*|[^\w\s]")
_COORD = frozenset({",", "and", "&"})
# A mention after one of these is inside a prepositional phrase ("calls from the United Nations"), not a subject,
# unless the preposition is "of" after a generic head ("the Government of Japan", "the Ministers of ASEAN").
_PREPOSITIONS = frozenset({"of", "from", "with", "by", "for", "in", "to", "among", "between", "on", "at", "under",
                           "through", "across", "within", "including", "like", "than", "about", "against"})

#: Columns of :func:`commitments`, :func:`issuers`, :func:`links` and :func:`edges`: the tables
#: ``commitments.csv``, ``issuers.csv``, ``commitment_links.csv`` and ``commitment_edges.csv``, declared (with
#: each column's meaning) in :mod:`pipeline.schema`.
COMMITMENT_COLUMNS = tuple(COMMITMENTS.columns)
ISSUER_COLUMNS = tuple(ISSUERS.columns)
LINK_COLUMNS = tuple(COMMITMENT_LINKS.columns)
EDGE_COLUMNS = tuple(COMMITMENT_EDGES.columns)


# ---------------------------------------------------------------- the scale


@dataclass(frozen=True)
class Level:
    id: str
    rank: int
    label: str
    reasoning: str


@dataclass(frozen=True)
class Modal:
    word: str
    effect: str
    level: str = ""
    steps: int = 0
    reasoning: str = ""


@dataclass(frozen=True)
class Scale:
    """The validated scale: levels (strongest first, then ``none``), verbs, modals, negation, subject cues."""

    levels: dict[str, Level]
    lemma_level: dict[str, str]
    lemma_polarity: dict[str, str]
    forms: dict[str, tuple[str, str]]                    # one-word form -> (lemma, form type)
    multi: dict[str, list[tuple[tuple[str, ...], str, str]]]  # first word's form -> [(other words, lemma, type)]
    modals: dict[str, Modal]
    softener_forms: dict[str, str]                       # form -> softener lemma
    softener_steps: int
    negators: frozenset[str]
    withdrawal_phrases: tuple[tuple[str, ...], ...]
    withdrawal_forms: dict[str, str]                     # form -> withdrawal verb lemma
    withdrawal_negated: frozenset[str]
    generic_subjects: frozenset[str]
    issuer_opening: tuple[str, ...]
    meeting_words: tuple[str, ...]
    venue_words: tuple[str, ...]
    title: str = ""
    source: str = "commitment scale"

    def rank(self, level: str) -> int:
        return self.levels[level].rank

    def level_of(self, verb: str) -> str:
        """The level of a verb in any form ("commits", "COMMITTED", "look forward"); ``none`` if unlisted.

        >>> s = load_scale(Path(__file__).resolve().parent.parent / "config" / "commitment.yaml")
        >>> [s.level_of(v) for v in ("commit", "COMMITTED", "supports", "welcomed", "look forward", "hold")]
        ['binding', 'binding', 'action', 'endorsement', 'acknowledgement', 'none']
        """
        v = " ".join(_norm(w) for w in verb.split())
        if v in self.lemma_level:
            return self.lemma_level[v]
        first, *rest = v.split()
        if not rest and first in self.forms:
            return self.lemma_level[self.forms[first][0]]
        for more, lemma, _ in self.multi.get(first, []):
            if tuple(rest) == more:
                return self.lemma_level[lemma]
        return NONE

    def lower(self, level: str, steps: int) -> str:
        """``level`` moved ``steps`` levels down, never below the weakest level above ``none``."""
        order = [lv for lv in self.levels if lv != NONE]
        if level == NONE:
            return NONE
        return order[min(order.index(level) + steps, len(order) - 1)]

    def strongest(self, levels: Iterable[str]) -> str:
        return max(levels, key=self.rank, default=NONE)


def _norm(word: str) -> str:
    return word.replace("’", "'").lower()


def inflections(lemma: str, irregular: Mapping[str, Sequence[str]] = ()) -> dict[str, str]:
    """The forms of a one-word verb: ``{form: type}`` with types ``base``, ``s``, ``past`` and ``ing``.

    Regular English rules, with both spellings where a final consonant may be
    doubled (``committed`` and ``commited``); ``irregular`` adds forms
    (``undertook``: ``past``).

    >>> sorted(inflections("commit").items())
    [('commit', 'base'), ('commited', 'past'), ('commiting', 'ing'), ('commits', 's'), ('committed', 'past'), ('committing', 'ing')]
    >>> sorted(inflections("note"))
    ['note', 'noted', 'notes', 'noting']
    >>> sorted(inflections("prioritise"))
    ['prioritise', 'prioritised', 'prioritises', 'prioritising']
    """
    w = lemma
    vowels = "aeiou"
    out = {w: "base"}
    if w.endswith(("s", "x", "z", "ch", "sh")):
        out[w + "es"] = "s"
    elif w.endswith("y") and len(w) > 1 and w[-2] not in vowels:
        out[w[:-1] + "ies"] = "s"
    else:
        out[w + "s"] = "s"
    cvc = len(w) >= 3 and w[-1] not in vowels + "wxy" and w[-2] in vowels and w[-3] not in vowels
    if w.endswith("e"):
        out[w + "d"] = "past"
    elif w.endswith("y") and len(w) > 1 and w[-2] not in vowels:
        out[w[:-1] + "ied"] = "past"
    else:
        out[w + "ed"] = "past"
        if cvc:
            out[w + w[-1] + "ed"] = "past"
    if w.endswith("ie"):
        out[w[:-2] + "ying"] = "ing"
    elif w.endswith("e") and not w.endswith("ee"):
        out[w[:-1] + "ing"] = "ing"
    else:
        out[w + "ing"] = "ing"
        if cvc:
            out[w + w[-1] + "ing"] = "ing"
    for form in (irregular or {}).get(w, ()):
        form = _norm(form)
        out.setdefault(form, "ing" if form.endswith("ing") else "s" if form == w + "s" else "past")
    return out


def _fail(source: str, where: str, problem: str, fix: str) -> PipelineError:
    return PipelineError(f"{source}: {where}: {problem}. Fix: {fix}.")


def _words(source: str, where: str, value: Any, allow_multi: bool = True) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(source, where, "must be a list of words", "write e.g. [commit, pledge]")
    out = []
    for v in value:
        v = " ".join(v.split())
        if not _LEMMA.fullmatch(v) or (" " in v and not allow_multi):
            raise _fail(source, where, f"{v!r} is not a lower-case verb (letters and '-', words separated by spaces)",
                        "write the base form in lower case, e.g. 'commit' or 'look forward'")
        out.append(v)
    return out


def parse_scale(text: str, source: str = "commitment scale") -> Scale:
    """Parse and validate a scale from YAML text (see :func:`validate_scale`)."""
    return validate_scale(parse_yaml(text, source), source)


def load_scale(path: Path | str) -> Scale:
    """Read and validate ``config/commitment.yaml`` (or another scale file)."""
    path = Path(path)
    return validate_scale(read_yaml(path, str(path), "the commitment scale is missing; restore "
                                    "config/commitment.yaml from git"), str(path))


def validate_scale(raw: Any, source: str = "commitment scale") -> Scale:
    """Check a parsed scale file and build the :class:`Scale`; every problem is one :class:`PipelineError`."""
    if not isinstance(raw, dict):
        raise _fail(source, "the file", "must be a mapping with keys levels, modals, softeners, negation, ...",
                    "restore the layout of config/commitment.yaml")
    unknown = sorted(set(map(str, raw)) - _TOP_KEYS)
    if unknown:
        raise _fail(source, f"key {unknown[0]!r}", "is not a key of a scale file", f"use one of {sorted(_TOP_KEYS)}")
    irregular = raw.get("irregular") or {}
    if not isinstance(irregular, dict):
        raise _fail(source, "irregular", "must map a lemma to a list of forms", "write e.g. undertake: [undertook]")
    irregular = {str(k): _words(source, f"irregular.{k}", v, allow_multi=False) for k, v in irregular.items()}

    levels_raw = raw.get("levels")
    if not isinstance(levels_raw, dict) or not levels_raw:
        raise _fail(source, "levels", "is missing or empty", "list the levels, strongest first")
    levels: dict[str, Level] = {}
    lemma_level: dict[str, str] = {}
    lemma_polarity: dict[str, str] = {}
    ranks = []
    for lid, spec in levels_raw.items():
        where = f"levels.{lid}"
        if not isinstance(spec, dict):
            raise _fail(source, where, "must be a mapping with rank, label, reasoning and verbs", "see the other levels")
        bad = sorted(set(spec) - {"rank", "label", "reasoning", "verbs", "verbs_against"})
        if bad:
            raise _fail(source, where, f"unknown key {bad[0]!r}", "use rank, label, reasoning, verbs, verbs_against")
        rank = spec.get("rank")
        if not isinstance(rank, int) or isinstance(rank, bool) or rank < 1:
            raise _fail(source, f"{where}.rank", "must be a whole number of at least 1", "give ranks 4, 3, 2, 1")
        if lid == NONE:
            raise _fail(source, where, "'none' is the rank-0 level of the top-level 'none' key", "rename the level")
        for key in ("label", "reasoning"):
            if not isinstance(spec.get(key), str) or not spec[key].strip():
                raise _fail(source, f"{where}.{key}", "is missing", f"write the level's {key}")
        ranks.append(rank)
        levels[lid] = Level(lid, rank, spec["label"].strip(), " ".join(spec["reasoning"].split()))
        for key, polarity in (("verbs", POSITIVE), ("verbs_against", NEGATIVE)):
            if key not in spec and key == "verbs_against":
                continue
            for lemma in _words(source, f"{where}.{key}", spec.get(key)):
                if lemma in lemma_level:
                    raise _fail(source, f"{where}.{key}", f"{lemma!r} is already listed under {lemma_level[lemma]}",
                                "keep each verb in one level: the same verb gets the same level everywhere")
                lemma_level[lemma] = lid
                lemma_polarity[lemma] = polarity
    if ranks != sorted(ranks, reverse=True) or len(set(ranks)) != len(ranks):
        raise _fail(source, "levels", f"ranks {ranks} are not strictly decreasing", "list the levels strongest first")
    none = raw.get("none") or {}
    levels[NONE] = Level(NONE, 0, str(none.get("label", "No commitment")), " ".join(str(none.get("reasoning", "")).split()))

    forms: dict[str, tuple[str, str]] = {}
    multi: dict[str, list[tuple[tuple[str, ...], str, str]]] = defaultdict(list)
    for lemma in lemma_level:
        first, *rest = lemma.split()
        for form, ftype in inflections(first, irregular).items():
            if rest:
                multi[form].append((tuple(rest), lemma, ftype))
                continue
            other = forms.get(form)
            if other and lemma_level[other[0]] != lemma_level[lemma]:
                raise _fail(source, f"verb {lemma!r}", f"its form {form!r} is also a form of {other[0]!r} "
                            f"({lemma_level[other[0]]})", "keep the two verbs in one level or drop one")
            forms.setdefault(form, (lemma, ftype))
    for form in multi:
        multi[form].sort(key=lambda x: (-len(x[0]), x))

    modals_raw = raw.get("modals") or {}
    if not isinstance(modals_raw, dict):
        raise _fail(source, "modals", "must map each modal verb to its effect", "see config/commitment.yaml")
    modals = {}
    for word, spec in modals_raw.items():
        where = f"modals.{word}"
        if not isinstance(spec, dict) or spec.get("effect") not in _EFFECTS:
            raise _fail(source, where, "needs an effect", f"effect is one of {sorted(_EFFECTS)}")
        effect = spec["effect"]
        level = str(spec.get("level", ""))
        steps = spec.get("steps", 0)
        if effect in ("set", "cap") and level not in levels:
            raise _fail(source, f"{where}.level", f"{level!r} is not a level", f"use one of {list(levels)}")
        if effect == "lower" and (not isinstance(steps, int) or steps < 1):
            raise _fail(source, f"{where}.steps", "must be a whole number of at least 1", "write steps: 1")
        modals[_norm(str(word))] = Modal(_norm(str(word)), effect, level, int(steps or 0),
                                         " ".join(str(spec.get("reasoning", "")).split()))

    soft = raw.get("softeners") or {}
    softener_forms = {}
    for lemma in _words(source, "softeners.verbs", soft.get("verbs", []), allow_multi=False):
        if lemma in lemma_level:
            raise _fail(source, "softeners.verbs", f"{lemma!r} is also a commitment verb ({lemma_level[lemma]})",
                        "keep it in one place")
        for form in inflections(lemma, irregular):
            softener_forms[form] = lemma
    steps = soft.get("steps", 1)
    if not isinstance(steps, int) or steps < 0:
        raise _fail(source, "softeners.steps", "must be a whole number", "write steps: 1")

    neg = raw.get("negation") or {}
    wd = neg.get("withdrawal") or {}
    withdrawal_forms = {}
    for lemma in _words(source, "negation.withdrawal.verbs", wd.get("verbs", []), allow_multi=False):
        for form in inflections(lemma, irregular):
            withdrawal_forms[form] = lemma
    subjects = raw.get("subjects") or {}
    issuers_raw = raw.get("issuers") or {}

    def strings(where: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise _fail(source, where, "must be a list of words or phrases", "see config/commitment.yaml")
        return tuple(" ".join(v.split()) for v in value)

    return Scale(
        levels=levels,
        lemma_level=lemma_level,
        lemma_polarity=lemma_polarity,
        forms=forms,
        multi=dict(multi),
        modals=modals,
        softener_forms=softener_forms,
        softener_steps=int(steps),
        negators=frozenset(_norm(x) for x in strings("negation.negators", neg.get("negators", ["not", "never"]))),
        withdrawal_phrases=tuple(tuple(_norm(x).split()) for x in strings("negation.withdrawal.phrases",
                                                                          wd.get("phrases", ["no longer"]))),
        withdrawal_forms=withdrawal_forms,
        withdrawal_negated=frozenset(_words(source, "negation.withdrawal.negated", wd.get("negated", []))),
        generic_subjects=frozenset(_norm(x) for x in strings("subjects.generic", subjects.get("generic", ["we"]))),
        issuer_opening=strings("issuers.opening", issuers_raw.get("opening", ["WE"])),
        meeting_words=strings("issuers.meeting_words", issuers_raw.get("meeting_words", ["convened"])),
        venue_words=strings("issuers.venue_words", issuers_raw.get("venue_words", ["convened", "in"])),
        title=str(raw.get("title", "")),
        source=source,
    )


# ---------------------------------------------------------------- rating one unit


@dataclass(frozen=True)
class Mention:
    """A gazetteer mention inside one unit: offsets relative to the unit's text."""

    start: int
    end: int
    actor_id: str
    instrument: bool = False


@dataclass
class Predicate:
    """One commitment predicate (prose) or the verbs of one operative clause."""

    verb: str                 # deciding lemma
    verb_text: str
    verbs: list[str]
    verb_level: str
    level: str
    polarity: str
    modal: str = ""
    softener: str = ""
    negation: str = ""
    actors: tuple[str, ...] = ()
    actor_source: str = ""
    subject_spans: tuple[tuple[int, int], ...] = ()
    reason: str = ""
    start: int = 0


@dataclass
class _Tok:
    text: str
    low: str
    start: int
    end: int
    mention: int = -1
    possessive: bool = False


def _tokens(text: str, mentions: Sequence[Mention]) -> list[_Tok]:
    toks = [_Tok(m.group(), _norm(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    out: list[_Tok] = []
    ms = sorted(range(len(mentions)), key=lambda k: mentions[k].start)
    for t in toks:
        hit = next((k for k in ms if mentions[k].start <= t.start < mentions[k].end), -1)
        if hit < 0:
            out.append(t)
            continue
        m = mentions[hit]
        if out and out[-1].mention == hit:
            prev = out[-1]
            prev.end = max(prev.end, t.end)
            prev.text = text[prev.start:prev.end]
            prev.possessive = prev.possessive or t.end > m.end
            continue
        out.append(_Tok(text[t.start:max(t.end, m.end)], _norm(text[t.start:max(t.end, m.end)]), t.start,
                        max(t.end, m.end), hit, t.end > m.end))
    return out


def rate_operative(text: str, scale: Scale) -> Predicate:
    """Level of an operative clause: the strongest of its all-caps verbs (the first opens the clause).

    >>> s = load_scale(Path(__file__).resolve().parent.parent / "config" / "commitment.yaml")
    >>> p = rate_operative("SUPPORT ASEAN's effort in implementing the Plan and COMMIT to promoting peace;", s)
    >>> p.verb, p.verbs, p.level, p.reason
    ('commit', ['support', 'commit'], 'binding', 'SUPPORT: action; COMMIT: binding; the strongest: binding')
    >>> rate_operative("EXPRESS our gratitude to the host", s).level
    'none'
    """
    toks = [m for m in _TOKEN.finditer(text)]
    verbs: list[tuple[str, str, int]] = []  # (lemma, as written, start)
    i = 0
    while i < len(toks):
        w = toks[i].group()
        if w.isupper() and len(w) > 1:
            low = _norm(w)
            got = None
            for more, lemma, ftype in scale.multi.get(low, []):
                nxt = [_norm(t.group()) for t in toks[i + 1 : i + 1 + len(more)]]
                if ftype == "base" and tuple(nxt) == more and all(t.group().isupper() for t in toks[i + 1 : i + 1 + len(more)]):
                    got = (lemma, " ".join(t.group() for t in toks[i : i + 1 + len(more)]), len(more) + 1)
                    break
            if got is None and low in scale.forms and scale.forms[low][1] == "base":
                got = (scale.forms[low][0], w, 1)
            if got is None and i == 0:
                got = (low, w, 1)  # an opening verb in no list: level none
            if got:
                verbs.append((got[0], got[1], toks[i].start()))
                i += got[2]
                continue
        i += 1
    if not verbs:
        return Predicate("", "", [], NONE, NONE, POSITIVE, reason="no all-caps verb")
    lv = [scale.lemma_level.get(lemma, NONE) for lemma, _, _ in verbs]
    best = max(range(len(verbs)), key=lambda k: (scale.rank(lv[k]), -k))
    parts = [f"{w}: {lvl}" if lvl != NONE else f"{w}: in no level of the scale" for (_, w, _), lvl in zip(verbs, lv)]
    reason = "; ".join(parts) + (f"; the strongest: {lv[best]}" if len(verbs) > 1 else "")
    lemma = verbs[best][0]
    return Predicate(lemma, verbs[best][1], [v[0] for v in verbs], lv[best], lv[best],
                     scale.lemma_polarity.get(lemma, POSITIVE), reason=reason, start=verbs[best][2])


def _match_verb(toks: list[_Tok], i: int, scale: Scale) -> tuple[str, str, int] | None:
    """``(lemma, form type, end index)`` of a listed verb starting at token i."""
    t = toks[i]
    if t.mention >= 0:
        return None
    for more, lemma, ftype in scale.multi.get(t.low, []):
        nxt = tuple(x.low for x in toks[i + 1 : i + 1 + len(more)])
        if nxt == more and all(x.mention < 0 for x in toks[i + 1 : i + 1 + len(more)]):
            return lemma, ftype, i + 1 + len(more)
    if t.low in scale.forms:
        lemma, ftype = scale.forms[t.low]
        return lemma, ftype, i + 1
    return None


def _is_adverb(t: _Tok) -> bool:
    return t.mention < 0 and (t.low in _ADVERBS or (t.low.endswith("ly") and len(t.low) > 4 and t.text.islower()))


def _contraction(t: _Tok) -> tuple[str, bool] | None:
    """``(auxiliary, negated)`` of a contracted or negated auxiliary token ("won't", "cannot")."""
    if t.low in _CONTRACTIONS:
        return _CONTRACTIONS[t.low], True
    return None


def find_predicates(text: str, scale: Scale, mentions: Sequence[Mention] = (),
                    issuers: Sequence[str] = ()) -> list[Predicate]:
    """The commitment predicates of a prose unit, in reading order.

    ``mentions`` are the unit's gazetteer mentions (offsets into ``text``);
    ``issuers`` are the document's issuers, the actors a generic subject
    ("we", "the Ministers") stands for when no mention qualifies it.

    >>> s = load_scale(Path(__file__).resolve().parent.parent / "config" / "commitment.yaml")
    >>> [p.level for p in find_predicates("Australia will continue to support it.", s, [Mention(0, 9, "australia")])]
    ['action']
    >>> p = find_predicates("We will no longer fund the programme.", s, (), ["asean"])[0]
    >>> p.verb, p.level, p.polarity, p.actors, p.reason
    ('fund', 'none', 'negative', ('asean',), "fund: action; modal 'will' keeps it: action; 'no longer' withdraws it: none")
    """
    toks = _tokens(text, mentions)
    n = len(toks)
    used = [False] * n
    out: list[Predicate] = []
    for i in range(n):
        if used[i]:
            continue
        m = _match_verb(toks, i, scale)
        v = i
        if m is None:
            if toks[i].low not in scale.modals or scale.modals[toks[i].low].effect != "set":
                continue
            k = i + 1
            while k < n and (_is_adverb(toks[k]) or toks[k].low in scale.negators):
                k += 1
            if k >= n or toks[k].mention >= 0 or not toks[k].text.isalpha() or not toks[k].text.islower():
                continue
            if toks[k].low in _AUX or toks[k].low in scale.softener_forms or _match_verb(toks, k, scale):
                continue
            m, v = (toks[k].low, "base", k + 1), k
        lemma, ftype, end = m
        j = v - 1
        softener = withdraw_verb = ""
        if j >= 1 and toks[j].low == "to" and toks[j - 1].mention < 0:
            before = toks[j - 1].low
            if before in scale.softener_forms:
                softener, j = scale.softener_forms[before], j - 2
            elif before in scale.withdrawal_forms:
                withdraw_verb, j = scale.withdrawal_forms[before], j - 2
        group: list[int] = []
        while j >= 0 and toks[j].mention < 0 and (
            toks[j].low in scale.modals or toks[j].low in _AUX or toks[j].low in scale.negators
            or _is_adverb(toks[j]) or _contraction(toks[j]) or toks[j].low.endswith("n't")
        ):
            group.append(j)
            j -= 1
        group.reverse()
        subject = _subject(toks, j, mentions, scale, issuers)
        if subject is None and out and j >= 0 and toks[j].low in ("and", ","):
            # a second verb of the same subject: "Japan commits to ... and will fund ..."
            subject = (out[-1].actors, out[-1].actor_source, ())
        if subject is None:
            continue
        lows = [toks[g].low for g in group]
        aux = [(_contraction(toks[g]) or (toks[g].low, False))[0] for g in group]
        if ftype == "ing" and not any(a in _BE for a in aux) and not softener and not withdraw_verb:
            continue  # a participle or gerund ("by supporting"), not a finite verb
        if ftype == "base" and any(a in _BE for a in aux):
            continue  # "is welcome": an adjective
        if ftype == "past" and lemma not in _ADJECTIVAL and (
                any(a in _BE for a in aux) or (end < n and toks[end].low == "by")):
            continue  # a passive ("was adopted", "hosted by"): its subject is not the one committing
        verbs = [lemma]
        e = end
        while e + 1 < n and toks[e].low == "to" and not used[e + 1]:
            nxt = _match_verb(toks, e + 1, scale)
            if nxt is None or nxt[1] not in ("base", "ing"):
                break
            verbs.append(nxt[0])
            e = nxt[2]
        for k in range(min([v, *group]) if group else v, e):
            used[k] = True
        modal = next((a for a in aux if a in scale.modals), "")
        negs = [x for x in lows if x in scale.negators or x.endswith("n't") or x in ("cannot",)]
        contracted = any((_contraction(toks[g]) or ("", False))[1] for g in group)
        negated = bool(negs) or contracted
        phrase = next((" ".join(p) for p in scale.withdrawal_phrases
                       if any(tuple(lows[k : k + len(p)]) == p for k in range(len(lows)))), "")
        level, steps = _apply(scale, lemma, modal, softener, negated, phrase, withdraw_verb)
        negation = phrase or withdraw_verb or (negs[0] if negs else ("not" if contracted else ""))
        if phrase or withdraw_verb:
            polarity = NEGATIVE
        else:
            polarity = NEGATIVE if negated != (scale.lemma_polarity.get(lemma, POSITIVE) == NEGATIVE) else POSITIVE
        first = min([v, *group]) if group else v
        if softener:
            first = min(first, v - 2)
        written = text[toks[first].start : toks[e - 1].end] if e > first else toks[v].text
        out.append(Predicate(
            lemma, written, verbs, scale.lemma_level.get(lemma, NONE), level, polarity, modal, softener, negation,
            subject[0], subject[1], subject[2], "; ".join(steps), toks[v].start,
        ))
    return out


def _apply(scale: Scale, lemma: str, modal: str, softener: str, negated: bool, phrase: str,
           withdraw_verb: str) -> tuple[str, list[str]]:
    """The level after modal, softener and negation, and the steps in words."""
    level = scale.lemma_level.get(lemma, NONE)
    steps = [f"{lemma}: {level}" if level != NONE else f"{lemma}: in no level of the scale"]
    if modal:
        md = scale.modals[modal]
        before = level
        if md.effect == "set":
            level = md.level
        elif md.effect == "lower":
            level = scale.lower(level, md.steps)
        elif md.effect == "cap" and scale.rank(level) > scale.rank(md.level):
            level = md.level
        verb = {"set": "sets it to", "keep": "keeps it:", "lower": "lowers it to", "cap": "caps it at"}[md.effect]
        if md.effect == "cap" and level == before:
            verb = "caps it at"
        steps.append(f"modal '{modal}' {verb} {level}")
    if softener:
        level = scale.lower(level, scale.softener_steps)
        steps.append(f"'{softener} to' lowers it to {level}")
    if phrase or withdraw_verb or (negated and lemma in scale.withdrawal_negated):
        level = NONE
        steps.append(f"'{phrase or withdraw_verb or 'not ' + lemma}' withdraws it: none")
    elif negated:
        steps.append(f"negated: {level}, negative")
    return level, steps


def _subject(toks: list[_Tok], j: int, mentions: Sequence[Mention], scale: Scale, issuers: Sequence[str]):
    """``(actors, source, spans)`` of the subject ending at token j, or None."""
    if j < 0:
        return None
    t = toks[j]
    if t.mention >= 0 and not t.possessive:
        if mentions[t.mention].instrument:
            return None
        found = [t.mention]
        pos = j
        while True:
            p = pos - 1
            if p >= 0 and toks[p].low == "the":
                p -= 1
            if p < 1 or toks[p].low not in _COORD:
                break
            q = p - 1
            if q >= 0 and toks[q].low in _COORD:
                q -= 1
            if q >= 0 and toks[q].low == "the":
                q -= 1
            if q >= 0 and toks[q].mention >= 0 and not toks[q].possessive and not mentions[toks[q].mention].instrument:
                found.append(toks[q].mention)
                pos = q
                continue
            break
        p = pos - 1
        if p >= 0 and toks[p].low == "the":
            p -= 1
        if p >= 0 and toks[p].low in _PREPOSITIONS and toks[p].mention < 0:
            if not (toks[p].low == "of" and p >= 1 and toks[p - 1].low in scale.generic_subjects):
                return None
        ids = tuple(sorted({mentions[k].actor_id for k in found}))
        return ids, "subject", tuple(sorted((mentions[k].start, mentions[k].end) for k in found))
    if t.mention < 0 and t.low in scale.generic_subjects:
        k = j - 1
        skipped = 0
        while k >= 0 and skipped < 2 and toks[k].mention < 0 and toks[k].text[:1].isupper() and toks[k].low != "the":
            k -= 1
            skipped += 1
        word = (t.start, t.end)
        if k >= 0 and toks[k].mention >= 0 and not mentions[toks[k].mention].instrument:
            m = mentions[toks[k].mention]
            return (m.actor_id,), "generic", ((m.start, m.end), word)
        return tuple(sorted(set(issuers))), "generic", (word,)
    return None


# ---------------------------------------------------------------- the tables


def _check(df: pd.DataFrame, name: str, cols: Iterable[str]) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise PipelineError(f"{name}: column {missing[0]!r} is missing.")


def _instrument_ids(gazetteer) -> set[str]:
    if gazetteer is None:
        return set()
    return {e.id for e in gazetteer.entries.values() if e.type == "instrument"}


def _unit_mentions(segments: pd.DataFrame, mentions: pd.DataFrame | None, gazetteer) -> dict[tuple[str, int], list[Mention]]:
    """Mentions by (doc_id, seg_id), offsets relative to the segment's text."""
    out: dict[tuple[str, int], list[Mention]] = defaultdict(list)
    if mentions is None or not len(mentions):
        return out
    _check(mentions, "mentions", ("doc_id", "seg_id", "actor_id", "start", "end"))
    instruments = _instrument_ids(gazetteer)
    seg_start = {(d, int(s)): int(st) for d, s, st in zip(segments["doc_id"], segments["seg_id"], segments["start"])}
    for d, s, a, st, en in zip(mentions["doc_id"], mentions["seg_id"], mentions["actor_id"], mentions["start"],
                               mentions["end"]):
        key = (d, int(s))
        if key in seg_start:
            off = seg_start[key]
            out[key].append(Mention(int(st) - off, int(en) - off, a, a in instruments))
    for v in out.values():
        v.sort(key=lambda m: (m.start, m.end, m.actor_id))
    return out


def _venue_cut(text: str, scale: Scale) -> int:
    """Offset of the first venue word ("convened", "in Kuala Lumpur"): issuers are named before it."""
    best = len(text)
    for w in scale.venue_words:
        pat = r"\b" + re.escape(w) + (r"\s+(?=[A-Z])" if w.islower() and len(w) <= 3 else r"\b")
        m = re.search(pat, text)
        if m and m.start() < best:
            best = m.start()
    return best


def _series(actor_id: str, gazetteer) -> str:
    """A numbered meeting issues as the series it belongs to: "the Twelfth ADMM-Plus" speaks for the ADMM-Plus
    (an event's ``instance_of`` link, set by the recogniser); any other id is itself."""
    e = gazetteer.entries.get(actor_id) if gazetteer is not None else None
    if e is None or e.type != "event":
        return actor_id
    return next((t for k, t in e.links if k == "instance_of" and t in gazetteer.entries), actor_id)


def issuers(segments: pd.DataFrame, mentions: pd.DataFrame | None, scale: Scale, gazetteer=None) -> pd.DataFrame:
    """The issuers of every document (``issuers.csv``): whom "we" and "the Ministers" stand for.

    The opening segments (those before the first operative clause; in a
    document without operative clauses, those of its first three
    paragraphs) that open with "WE" (a signatory chapeau: "WE, the Defence
    Ministers of ..."), carry a meeting word ("convened", "hereinafter") or
    are chapeau clauses name the issuers: the actors (not instruments) they
    mention before their first venue word ("convened", "in Kuala Lumpur"); a numbered meeting stands for its
    series.
    If none does, the actors after "by" or "of" in the headings above the
    first paragraph (the title: "Joint Statement by the ADMM-Plus"). A document with neither has
    no issuers. Columns :data:`ISSUER_COLUMNS`, sorted by ``doc_id``,
    ``actor_id``.
    """
    _check(segments, "segments", ("doc_id", "seg_id", "kind", "clause_type", "start", "text"))
    um = _unit_mentions(segments, mentions, gazetteer)
    rows = []
    for doc_id, segs in segments.sort_values(["doc_id", "seg_id"], kind="mergesort").groupby("doc_id", sort=True):
        ops = segs[segs["clause_type"] == "operative"]
        if len(ops):
            opening = segs[segs["seg_id"] < int(ops["seg_id"].min())]
        else:  # prose (a press release, a chairman's statement): its first three paragraphs' segments
            paras = sorted(set(segs.loc[segs["kind"] != "heading", "para_id"]))[:3] if "para_id" in segs else []
            opening = segs[segs["para_id"].isin(paras) | (segs["kind"] == "heading")] if paras else segs.iloc[:0]
        body = segs.loc[segs["kind"] != "heading", "seg_id"]
        first_body = int(body.min()) if len(body) else int(segs["seg_id"].max()) + 1
        found: dict[str, tuple[int, str]] = {}
        for r in opening.itertuples(index=False):
            text = r.text
            cue = ""
            if r.clause_type == "chapeau":
                cue = "chapeau"
            elif r.kind != "heading" and any(re.match(re.escape(o) + r"\b", text) for o in scale.issuer_opening):
                cue = "we"
            elif r.kind != "heading" and any(re.search(r"\b" + re.escape(w) + r"\b", text, re.IGNORECASE)
                                             for w in scale.meeting_words):
                cue = "meeting"
            if not cue:
                continue
            cut = _venue_cut(text, scale)
            for m in um.get((doc_id, int(r.seg_id)), []):
                if m.start < cut and not m.instrument:
                    found.setdefault(_series(m.actor_id, gazetteer), (int(r.seg_id), cue))
        if not found:
            for r in opening[(opening["seg_id"] < first_body) & (opening["kind"] == "heading")].itertuples(index=False):
                hit = re.search(r"\b(?:by|of)\b", r.text)
                if not hit:
                    continue
                for m in um.get((doc_id, int(r.seg_id)), []):
                    if m.start > hit.start() and not m.instrument:
                        found.setdefault(m.actor_id, (int(r.seg_id), "title"))
                if found:
                    break
        rows += [(doc_id, a, s, c) for a, (s, c) in sorted(found.items())]
    return pd.DataFrame(rows, columns=list(ISSUER_COLUMNS))


def commitments(segments: pd.DataFrame, mentions: pd.DataFrame | None, scale: Scale, gazetteer=None,
                issuers_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every operative clause and every prose unit with a commitment predicate, rated (``commitments.csv``).

    ``segments`` as in ``segments.csv``; ``mentions`` as in
    ``actor_mentions.csv`` (or None); ``gazetteer`` tells instruments from
    actors. ``issuers_table`` defaults to :func:`issuers`. Columns
    :data:`COMMITMENT_COLUMNS` (see ``pipeline.schema.COMMITMENTS``), sorted by
    ``doc_id``, ``seg_id``.
    """
    return _rate_all(segments, mentions, scale, gazetteer, issuers_table)[0]


def _rate_all(segments, mentions, scale, gazetteer, issuers_table):
    _check(segments, "segments", ("doc_id", "seg_id", "kind", "clause_type", "start", "text"))
    if issuers_table is None:
        issuers_table = issuers(segments, mentions, scale, gazetteer)
    by_doc = defaultdict(list)
    for d, a in zip(issuers_table["doc_id"], issuers_table["actor_id"]):
        by_doc[d].append(a)
    um = _unit_mentions(segments, mentions, gazetteer)
    rows, preds = [], {}
    segs = segments.sort_values(["doc_id", "seg_id"], kind="mergesort")
    for r in segs.itertuples(index=False):
        key = (r.doc_id, int(r.seg_id))
        ctype = r.clause_type if isinstance(r.clause_type, str) else ""
        if r.kind == "clause" and ctype == "operative":
            p = rate_operative(r.text, scale)
            p.actors, p.actor_source = tuple(sorted(set(by_doc.get(r.doc_id, [])))), "issuer"
            found = [p]
            n_pred = len(p.verbs)
        elif r.kind in ("sentence", "item"):
            found = find_predicates(r.text, scale, um.get(key, []), by_doc.get(r.doc_id, []))
            if not found:
                continue
            n_pred = len(found)
        else:
            continue
        best = max(found, key=lambda p: (scale.rank(p.level), -p.start))
        verbs = [v for p in found for v in p.verbs]
        actors = sorted({a for p in found for a in p.actors})
        sources = sorted({p.actor_source for p in found if p.actors or p.actor_source})
        rows.append(dict(
            doc_id=r.doc_id, seg_id=int(r.seg_id), kind=r.kind, clause_type=ctype, verb=best.verb,
            verb_text=best.verb_text, verbs=";".join(verbs), verb_level=best.verb_level, modal=best.modal,
            softener=best.softener, negation=best.negation, level=best.level, level_rank=scale.rank(best.level),
            polarity=best.polarity, actors=";".join(actors),
            actor_source=sources[0] if len(sources) == 1 else ";".join(sources), n_predicates=n_pred,
            reason=" | ".join(p.reason for p in found),
        ))
        preds[key] = found
    return pd.DataFrame(rows, columns=list(COMMITMENT_COLUMNS)), preds, um


def level_shares(commitments: pd.DataFrame, by: str | Sequence[str] = "doc_id",
                 documents: pd.DataFrame | None = None, scale: Scale | None = None) -> pd.DataFrame:
    """Counts and shares of each level per group: per document, genre, year or any column.

    ``by`` names columns of ``commitments``, or of ``documents`` (joined on
    ``doc_id``; ``year`` is the first four characters of ``date``). Columns:
    the ``by`` columns, ``n_commitments``, ``n_<level>`` and ``share_<level>``
    for every level strongest first then ``none``, and ``mean_rank``. Sorted
    by the ``by`` columns.

    >>> c = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "level": ["binding", "action", "action", "none"],
    ...                   "level_rank": [4, 3, 3, 0]})
    >>> level_shares(c)[["doc_id", "n_commitments", "share_action", "share_none", "mean_rank"]].values.tolist()
    [['a', 3, 0.6666666666666666, 0.0, 3.3333333333333335], ['b', 1, 0.0, 1.0, 0.0]]
    """
    by = [by] if isinstance(by, str) else list(by)
    df = commitments.copy()
    missing = [b for b in by if b not in df.columns]
    if missing:
        if documents is None:
            raise PipelineError(f"level_shares: {missing[0]!r} is not a column of the commitments; pass documents.")
        docs = documents.copy()
        if "date" in docs.columns:
            docs["year"] = docs["date"].astype(str).str[:4]
        bad = [b for b in missing if b not in docs.columns]
        if bad:
            raise PipelineError(f"level_shares: {bad[0]!r} is neither a column of the commitments nor of the documents.")
        df = df.merge(docs[["doc_id", *missing]], on="doc_id", how="left")
    levels = list(scale.levels) if scale else ["binding", "action", "endorsement", "acknowledgement", NONE]
    counts = df.groupby(by + ["level"]).size().unstack(fill_value=0)
    out = pd.DataFrame(index=counts.index)
    out["n_commitments"] = counts.sum(axis=1).astype(int)
    for lv in levels:
        out[f"n_{lv}"] = (counts[lv] if lv in counts.columns else 0)
        out[f"n_{lv}"] = out[f"n_{lv}"].astype(int)
    for lv in levels:
        out[f"share_{lv}"] = out[f"n_{lv}"] / out["n_commitments"]
    out["mean_rank"] = df.groupby(by)["level_rank"].mean()
    return out.reset_index().sort_values(by, kind="mergesort").reset_index(drop=True)


# ---------------------------------------------------------------- who commits to what


def _category_matchers(dictionaries: Sequence) -> list[tuple[str, Any]]:
    """``(concept id, matcher)`` for every category of every dictionary, compiled once."""
    from .dictionaries import CategoryMatcher

    return [(f"category:{d.id}.{cat}", CategoryMatcher(entries)) for d in dictionaries
            for cat, entries in d.categories.items()]


def _categories(text: str, matchers: Sequence[tuple[str, Any]]) -> list[str]:
    if not matchers:
        return []
    from .tokens import words

    ws = words(text)
    return [cid for cid, matcher in matchers if sum(matcher.count(ws).values())]


def links(segments: pd.DataFrame, mentions: pd.DataFrame | None, scale: Scale, gazetteer=None,
          dictionaries: Sequence = (), issuers_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Who commits to what: one row per committing actor x concept x unit (``commitment_links.csv``).

    The concepts of a rated unit are the instruments and actors it mentions
    (other than the mentions that are its subjects) and the categories of
    ``dictionaries`` (:class:`pipeline.dictionaries.Dictionary` objects) its
    words match. Each committing actor gets its own strongest level in the
    unit. Columns :data:`LINK_COLUMNS`, sorted.
    """
    table, preds, um = _rate_all(segments, mentions, scale, gazetteer, issuers_table)
    # meetings the recogniser found ("the 13th ADMM-Plus") are what a clause speaks of, not who speaks
    events = {e.id for e in gazetteer.entries.values() if e.type == "event"} if gazetteer is not None else set()
    matchers = _category_matchers(dictionaries)
    text = {(d, int(s)): t for d, s, t in zip(segments["doc_id"], segments["seg_id"], segments["text"])}
    rows = set()
    for key, found in preds.items():
        subject_spans = {sp for p in found for sp in p.subject_spans}
        concepts = set()
        for m in um.get(key, []):
            if (m.start, m.end) in subject_spans:
                continue
            kind = "instrument" if m.instrument else "event" if m.actor_id in events else "actor"
            concepts.add((kind, f"{kind}:{m.actor_id}"))
        unit = text[key]
        for a, b in sorted(subject_spans):  # the subject's own words ("ASEAN leaders") are not what it commits to
            unit = unit[:a] + " " * (b - a) + unit[b:]
        concepts |= {("category", c) for c in _categories(unit, matchers)}
        per_actor: dict[str, Predicate] = {}
        for p in found:
            for a in p.actors:
                q = per_actor.get(a)
                if q is None or scale.rank(p.level) > scale.rank(q.level):
                    per_actor[a] = p
        for a, p in per_actor.items():
            for ctype, cid in concepts:
                rows.add((key[0], key[1], a, cid, ctype, p.level, scale.rank(p.level), p.polarity))
    df = pd.DataFrame(sorted(rows), columns=list(LINK_COLUMNS))
    return df


def edges(links_table: pd.DataFrame, scale: Scale | None = None) -> pd.DataFrame:
    """The actor x concept edges aggregated from :func:`links` (``commitment_edges.csv``), sorted.

    Columns :data:`EDGE_COLUMNS`: the strongest level, mean rank, clause
    count in all and per level, documents and agreement.
    """
    rank = {lv: (scale.rank(lv) if scale else r) for lv, r in
            (("binding", 4), ("action", 3), ("endorsement", 2), ("acknowledgement", 1), (NONE, 0))}
    rows = []
    for (a, c), g in links_table.groupby(["actor_id", "concept_id"], sort=True):
        units = g.drop_duplicates(["doc_id", "seg_id"])
        top = units.loc[units["level_rank"].idxmax(), "level"] if len(units) else NONE
        pol = set(units["polarity"])
        docs = sorted(set(units["doc_id"]))
        rows.append(dict(
            actor_id=a, concept_id=c, level=top, level_rank=int(units["level_rank"].max()),
            mean_rank=float(units["level_rank"].mean()), n_clauses=len(units),
            **{f"n_{lv}": int((units["level"] == lv).sum()) for lv in rank},
            n_documents=len(docs), documents=";".join(docs),
            agreement="mixed" if len(pol) > 1 else (pol.pop() if pol else POSITIVE),
        ))
    return pd.DataFrame(rows, columns=list(EDGE_COLUMNS))


def _concept_name(cid: str, gazetteer, dictionaries: Sequence) -> tuple[str, str]:
    kind, _, rest = cid.partition(":")
    if kind in ("instrument", "event", "actor") and gazetteer is not None and rest in gazetteer.entries:
        e = gazetteer.entries[rest]
        return e.name, e.type
    if kind == "category":
        dic, _, cat = rest.partition(".")
        title = next((d.title for d in dictionaries if d.id == dic), dic)
        return f"{cat.replace('_', ' ')} ({title})" if title else cat, "category"
    return rest, kind


def actor_concept_graph(links_table: pd.DataFrame, gazetteer=None, dictionaries: Sequence = (),
                        scale: Scale | None = None) -> nx.Graph:
    """The two-mode actor x concept network (Discourse Network Analyzer's affiliation network).

    Actor nodes are gazetteer ids (``bipartite`` 0, ``mode`` "actor");
    concept nodes are the links' ``concept_id`` (``bipartite`` 1, ``mode``
    "concept"). Every node has ``label``, ``mode``, ``type`` (gazetteer type,
    or ``category``), ``bipartite``, ``n_clauses`` and ``n_documents``;
    every edge has the :func:`edges` columns except the two ids, and
    ``weight`` (= ``n_clauses``, a float). Nodes and edges are added in
    sorted order.
    """
    e = edges(links_table, scale)
    G = nx.Graph()
    node_units: dict[str, set] = defaultdict(set)
    for r in links_table.itertuples(index=False):
        node_units[r.actor_id].add((r.doc_id, r.seg_id))
        node_units[r.concept_id].add((r.doc_id, r.seg_id))
    for a in sorted(set(links_table["actor_id"])):
        name, typ = (gazetteer.entries[a].name, gazetteer.entries[a].type) if gazetteer is not None and \
            a in gazetteer.entries else (a, "")
        G.add_node(a, label=name, mode="actor", type=typ, bipartite=0, n_clauses=len(node_units[a]),
                   n_documents=len({d for d, _ in node_units[a]}))
    for c in sorted(set(links_table["concept_id"])):
        name, typ = _concept_name(c, gazetteer, dictionaries)
        G.add_node(c, label=name, mode="concept", type=typ, bipartite=1, n_clauses=len(node_units[c]),
                   n_documents=len({d for d, _ in node_units[c]}))
    for r in e.to_dict("records"):
        a, c = r.pop("actor_id"), r.pop("concept_id")
        attrs = {f.name: _TYPES[f.dtype](r[f.name]) for f in COMMITMENT_EDGES.fields[2:]}
        G.add_edge(a, c, weight=float(r["n_clauses"]), **attrs)
    return G


def _project(B: nx.Graph, mode: str, other: str) -> nx.Graph:
    nodes = sorted(n for n, m in B.nodes(data="mode") if m == mode)
    P = nx.Graph()
    for n in nodes:
        P.add_node(n, **B.nodes[n])
    for a, b in combinations(nodes, 2):
        shared = sorted(set(B[a]) & set(B[b]))
        if shared:
            P.add_edge(a, b, weight=float(len(shared)), **{f"n_{other}s": len(shared), f"{other}s": ";".join(shared)})
    return P


def actor_projection(B: nx.Graph) -> nx.Graph:
    """Actors linked by shared commitments: edge ``weight`` = ``n_concepts`` = concepts both commit to.

    Edge attribute ``concepts`` lists them (';'-joined); nodes keep their
    two-mode attributes.
    """
    return _project(B, "actor", "concept")


def concept_projection(B: nx.Graph) -> nx.Graph:
    """Concepts linked by shared actors: edge ``weight`` = ``n_actors`` = actors committing to both."""
    return _project(B, "concept", "actor")


_GEXF_DATE = re.compile(r'\s+lastmodifieddate="[^"]*"')
_TYPES = {"str": str, "int": int, "float": float, "bool": bool}


def _plain(G: nx.Graph) -> nx.Graph:
    """A copy whose attributes are only str, int, float or bool (numpy scalars converted; None refused)."""
    H = G.__class__()
    H.graph.update({k: v for k, v in G.graph.items() if isinstance(v, (str, int, float, bool))})

    def conv(where, attrs):
        out = {}
        for k, v in attrs.items():
            if v is None:
                raise PipelineError(f"graph export: {where} has no value for {k!r}.")
            if hasattr(v, "item") and not isinstance(v, (str, bytes)):
                v = v.item()
            if not isinstance(v, (str, int, float, bool)):
                raise PipelineError(f"graph export: {where} attribute {k!r} is a {type(v).__name__}, not a plain value.")
            out[k] = v
        return out

    for n, d in G.nodes(data=True):
        H.add_node(n, **conv(f"node {n!r}", d))
    for a, b, d in G.edges(data=True):
        H.add_edge(a, b, **conv(f"edge {a!r}-{b!r}", d))
    return H


def graphml_text(G: nx.Graph) -> str:
    """GraphML of ``G`` with typed keys (string, int/long, double, boolean), for Gephi, Cytoscape and igraph."""
    return "\n".join(nx.generate_graphml(_plain(G), prettyprint=True)) + "\n"


def gexf_text(G: nx.Graph) -> str:
    """GEXF 1.2 of ``G`` without the writer's date, so that a rerun gives the same bytes."""
    text = "\n".join(nx.generate_gexf(_plain(G), prettyprint=True)) + "\n"
    return _GEXF_DATE.sub("", text, count=1)
