"""Find the named actors, instruments, events and persons that the gazetteer does not know.

The gazetteer pass (:class:`pipeline.matcher.AliasMatcher`) finds the names it
lists; a name it does not list is either missed or, worse, credited to a
shorter known name inside it: "ASEAN Committee on Disaster Management" becomes
ASEAN, "37th ASEAN Summit" the summit series, "National Assembly of Thailand"
Thailand. This module reads a cleaned text after that pass and proposes the
names it lacks, with a type, the rule that fired, a score and links to the
gazetteer entries they contain; :func:`merge` then keeps the longest span
everywhere, so that no mention is nested in another.

Use in the ``actors`` stage::

    rec = Recogniser(gazetteer, load_rules(root / "config" / "recogniser.yaml"))
    ex = extract(texts, AliasMatcher(gazetteer), rec, headings)   # headings: doc_id -> [(start, end)]
    ex.mentions_frame()   # doc_id, start, end, surface, actor_id, source, type, rule
    ex.entities_frame()   # id, name, type, rule, score, links, aliases (discovered entities)

Rules (formal English policy text; no model, nothing downloaded)
----------------------------------------------------------------
The text is scanned once for *capitalised phrases*: two or more capitalised
words, acronyms, ordinals, numbers or bracketed acronyms joined by spaces,
commas and lower-case connectors (of, on, for, and, the, in, to, by, ...).
Only phrases holding a trigger word (a head word, a title, an honorific, an
ordinal, a bracket) are read further. Word lists live in
``config/recogniser.yaml``, each with its reason; no list holds names.

- **Head words.** A name ends in a head noun that gives its type (Summit,
  Meeting, Session, Forum, Workshop, Day: event; Committee, Commission,
  Secretariat, Council, Agency, Ministry, Assembly, ...: a body; Statement,
  Declaration, Resolution, Plan, Charter, Treaty, Convention, Blueprint,
  Vision, Programme, Agenda, ...: instrument; Member States, Countries:
  state group). It extends left over capitalised modifiers ("ASEAN
  Intergovernmental Commission") and right over complements ("... on Human
  Rights", "Treaty of Amity and Cooperation in Southeast Asia"). "in" and
  "by" continue only the title of an instrument (a summit "in Kuala Lumpur"
  names its venue), and "by" only as the title's first complement (in "the
  Declaration on X by the Ministers" the ministers adopted it). A body's type
  comes from its words: armed forces are military; a body holding the UN is a
  UN body, one holding another organisation a body of it, one of study a
  research institute, one holding a state or a demonym a government agency.
- **Not a name.** A head with only generic modifiers ("the Joint Statement",
  "the Working Group") is a reference; a statement named only by its author
  ("Joint Statement by the ADMM-Plus") is a description, unless it says what
  it is about ("... on Maritime Security"). A capitalised word that only
  starts a sentence, a heading or a list item ("Objectives of the ...",
  "Strengthen the ...") starts a name only if the document also writes it
  capitalised inside a sentence; function words never do; headlines (Title
  Case lines) capitalise their verbs. Upper-case words longer than an acronym
  ("RECOGNISING", "COMBATING DRUG ABUSE") are shouting and break a name. A
  lower-case suffix after a hyphen ends a name ("ASEAN Community-building").
  A name after "/" is half of an alternative ("Heads of State/Government").
  The gazetteer's ``not_actors`` are never names.
- **Definitions.** "Long Name (ACR)", when the acronym abbreviates the name
  (Schwartz and Hearst's test), is one span, and registers ACR for the rest of
  the document and for the documents that use it without defining it;
  "(hereinafter referred to as "X")" registers X. A short form the gazetteer
  already knows keeps its gazetteer meaning; a gazetteer name with a new
  acronym ("Philippine Commission on Women (PCW)") registers it for that entry.
- **Events.** An ordinal (37th, Twelfth, second, Thirty-Seventh; "40th and
  41st") before a known organisation or an event name makes one meeting of a
  series: "37th ASEAN Summit" is an instance of the ASEAN Summit, "13th
  ADMM-Plus" of the ADMM-Plus; so does a year with a meeting series ("the 2025
  ASEAN Summit"). "its eightieth session" and "8934th meeting" are meetings of
  the body named before them. A day with a month is a date ("the First Day of
  November"); a day has no venue, so "in" continues its name ("International
  Day for the Elimination of Sexual Violence in Conflict").
- **Instruments.** Titles by head word; "X agenda" for a topic X ("WPS
  agenda", "Women, Peace and Security (WPS) agenda", "the women, peace and
  security agenda"), not an actor's ("the ASEAN agenda"); numbered
  resolutions ("resolutions 1820 (2008), 1888 (2009) and 1889 (2009)").
- **Persons.** The capitalised words after honorifics and titles ("H.E. Dr.
  Kao Kim Hourn", "Prime Minister Anwar Ibrahim", "the Right Honourable ...",
  "Secretary-General of ASEAN Le Luong Minh"), "Name, Title of Organisation",
  "Name is a Fellow at ...", and a byline "By Name and Name". Titles,
  honorifics and post-nominals are not part of the name; one capitalised word
  after a title is a name only after a head of state's or an office's title
  ("President Prabowo"). A name found once is a mention wherever else the
  document writes it, and so is its family name alone ("Minh said").
- **Enumerations.** Items listed after a plural body ("the Experts' Working
  Groups (EWGs), namely in Maritime Security, ...") are bodies of it.
- **Parents.** A gazetteer body written after its parent's name ("UN Economic
  and Social Commission for Asia and the Pacific") is one mention of the body.
- **Links.** A discovered entity links to the gazetteer entries it contains:
  ``part_of`` an organisation ("ASEAN Committee on ..."), ``located_in`` a
  state ("National Assembly of Thailand"), ``instance_of`` a series ("37th
  ASEAN Summit"), ``issued_by`` an actor ("Joint Statement by the ADMM-Plus
  Defence Ministers on ..."), ``includes`` (a list of resolutions); a person
  ``part_of`` the organisation of their title.

:func:`merge` also applies two coding conventions to the gazetteer's own
mentions (each can be switched off): an office ("Chair of ASEAN", "UN
Secretary-General") codes only the organisation inside it, and a lower-case
description ("women's groups", "WPS regional plan") is not a name, except
for the types whose collective names are lower case (state groups such as
"dialogue partners", a state's military).

Ids are slugs of the canonical name ("asean_committee_on_disaster_management",
"asean_summit_37th"), so the same entity gets the same id in every document
and every run. Output is deterministic (no set order, no randomness).

Speed: the scan is one compiled regular expression; a phrase is read once
per distinct (text, shape of the gazetteer mentions in it) and the reading is
reused wherever the same phrase recurs in the same context (every read of
the context outside the phrase is recorded with the reading and checked).
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

from . import gcpause
from .errors import PipelineError
from .gazetteer import LINK_KINDS as TIE_KINDS, Gazetteer, alias_key, fold
from .matcher import Words, trie_regex
from .parallel import two_pass_map
from .yamlfile import read_yaml

#: The rule lists shipped with the project.
DEFAULT_RULES = Path(__file__).resolve().parent.parent / "config" / "recogniser.yaml"

#: Entity types the recogniser gives (the gazetteer's, plus ``event``).
EVENT = "event"
INSTRUMENT = "instrument"
PERSON = "person"

#: Kinds of head words (``config/recogniser.yaml``: ``heads``).
HEAD_KINDS = ("event", "instrument", "state_group", "body")

#: Link kinds of a discovered entity to another entity.
LINK_KINDS = (*TIE_KINDS, "abbreviates")

#: Base score of each rule (how often, in our reading, the rule is right).
RULE_SCORES = {
    "definition": 0.95,
    "ordinal_event": 0.95,
    "numbered_session": 0.9,
    "resolution_number": 0.95,
    "head": 0.85,
    "agenda": 0.9,
    "person_honorific": 0.9,
    "person_title": 0.85,
    "person_name_title": 0.85,
    "person_bio": 0.85,
    "person_byline": 0.9,
    "enumeration": 0.8,
    "short_form": 0.9,
    "parent_prefix": 0.9,
    "same_name": 0.85,
}

_EVENTABLE = {"regional_organisation", "organisation_body", "un_body", "military", "government_agency",
              "civil_society", "research_institute", EVENT}
_ORG_TYPES = {"regional_organisation", "organisation_body", "un_body", "government_agency", "civil_society",
              "research_institute", "military"}


# ---------------------------------------------------------------- rules


@dataclass(frozen=True)
class Rules:
    """The word lists of ``config/recogniser.yaml``, lower-cased and folded."""

    heads: Mapping[str, str]  # head word (singular) -> event | instrument | body
    body_types: Mapping[str, frozenset[str]]
    research_words: frozenset[str]
    complements: Mapping[str, frozenset[str]]
    generic_modifiers: frozenset[str]
    authored_texts: frozenset[str]
    roles: frozenset[str]
    honorifics: frozenset[str]
    post_nominals: frozenset[str]
    person_connectors: frozenset[str]
    sentence_starters: frozenset[str]
    months: frozenset[str]
    demonyms: Mapping[str, str]
    agenda_topics: Mapping[str, str]
    descriptive_types: frozenset[str]
    acronym_max_letters: int = 5


_RULE_KEYS = {"heads", "body_types", "complements", "generic_modifiers", "authored_texts", "roles", "honorifics",
              "post_nominals", "person_connectors", "sentence_starters", "months", "demonyms", "agenda_topics",
              "descriptive_types", "acronym_max_letters"}


@functools.lru_cache(maxsize=64)
def _first_words(vocab: frozenset[str]) -> frozenset[str]:
    """The first words of the phrases of a word list: no phrase of it starts at any other word."""
    return frozenset(v.split(" ", 1)[0] for v in vocab)


@functools.lru_cache(maxsize=1 << 16)
def _norm(word: str) -> str:
    # a word's matching key, asked for the same few thousand words again and again (a third of the time
    # on the State of the Union addresses went to recomputing it)
    return alias_key(word)


def parse_rules(raw: Any, source: str = "recogniser rules") -> Rules:
    """Validate the parsed rule file; a problem names the list and the fix."""

    def fail(where: str, problem: str, fix: str) -> PipelineError:
        return PipelineError(f"{source}: {where}: {problem}. Fix: {fix}.")

    if not isinstance(raw, dict):
        raise fail("top level", "must be a mapping of lists", "restore the file from git")
    unknown = sorted(set(raw) - _RULE_KEYS, key=str)
    if unknown:
        raise fail("top level", f"unknown section {unknown[0]!r}", f"use only {', '.join(sorted(_RULE_KEYS))}")
    missing = sorted(_RULE_KEYS - set(raw))
    if missing:
        raise fail("top level", f"the section {missing[0]!r} is missing", "restore it from git")

    def words(where: str, value: Any, key: str = "words") -> frozenset[str]:
        items = value.get(key) if isinstance(value, dict) else value
        if not isinstance(items, list) or not all(isinstance(w, str) and w.strip() for w in items):
            flags = [w for w in items if isinstance(w, bool)] if isinstance(items, list) else []
            hint = f" ({flags[0]} is not a word: write yes, no, on and off in quotes)" if flags else ""
            raise fail(where, f"`{key}` must be a list of words{hint}", f"write it as `{key}: [first, second]`")
        return frozenset(_norm(w) for w in items)

    def mapping(where: str, value: Any) -> dict[str, str]:
        items = value.get("map") if isinstance(value, dict) else None
        if not isinstance(items, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in items.items()):
            raise fail(where, "`map` must map words to names", "write one `word: Name` per line under `map:`")
        return {_norm(k): v.strip() for k, v in items.items()}

    heads: dict[str, str] = {}
    if not isinstance(raw["heads"], dict):
        raise fail("heads", "must map event, instrument and body to their word lists", "restore it from git")
    for kind in HEAD_KINDS:
        if kind not in raw["heads"]:
            raise fail("heads", f"the kind {kind!r} is missing", f"add `{kind}:` with its `words:`")
        for w in sorted(words(f"heads > {kind}", raw["heads"][kind])):
            if w in heads and heads[w] != kind:
                raise fail(f"heads > {kind}", f"{w!r} is also a head of kind {heads[w]!r}", "keep it in one list")
            heads[w] = kind
    bt = raw["body_types"] if isinstance(raw["body_types"], dict) else {}
    body_types = {}
    for t in ("military", "research_institute", "government_agency", "civil_society"):
        if t not in bt:
            raise fail("body_types", f"the type {t!r} is missing", f"add `{t}:` with its `words:`")
        body_types[t] = words(f"body_types > {t}", bt[t])
    if "research_words" not in bt:
        raise fail("body_types", "`research_words` is missing", "add `research_words:` with its `words:`")
    comp = raw["complements"] if isinstance(raw["complements"], dict) else {}
    complements = {}
    for kind in (*HEAD_KINDS, "role"):
        if kind not in comp:
            raise fail("complements", f"the kind {kind!r} is missing", f"add `{kind}: [of, on, for]`")
        complements[kind] = words(f"complements > {kind}", {"words": comp[kind]})
    max_letters = raw["acronym_max_letters"]
    if not isinstance(max_letters, int) or isinstance(max_letters, bool) or not 2 <= max_letters <= 12:
        raise fail("acronym_max_letters", f"must be a whole number from 2 to 12, got {max_letters!r}",
                   "write e.g. `acronym_max_letters: 5`")
    desc = raw["descriptive_types"]
    return Rules(
        heads=heads,
        body_types=body_types,
        research_words=words("body_types > research_words", bt["research_words"]),
        complements=complements,
        generic_modifiers=words("generic_modifiers", raw["generic_modifiers"]),
        authored_texts=words("authored_texts", raw["authored_texts"]),
        roles=words("roles", raw["roles"]),
        honorifics=words("honorifics", raw["honorifics"]),
        post_nominals=words("post_nominals", raw["post_nominals"]),
        person_connectors=words("person_connectors", raw["person_connectors"]),
        sentence_starters=words("sentence_starters", raw["sentence_starters"]),
        months=words("months", raw["months"]),
        demonyms=mapping("demonyms", raw["demonyms"]),
        agenda_topics=mapping("agenda_topics", raw["agenda_topics"]),
        descriptive_types=frozenset(words("descriptive_types", desc, key="types")),
        acronym_max_letters=max_letters,
    )


def load_rules(path: Path | str | None = None) -> Rules:
    """Read and validate the rule lists (default: ``config/recogniser.yaml``)."""
    path = Path(path) if path else DEFAULT_RULES
    raw = read_yaml(path, missing="recogniser rules not found. Fix: restore config/recogniser.yaml with "
                    "`git checkout -- config/recogniser.yaml`.")
    return parse_rules(raw, str(path))


# ---------------------------------------------------------------- small helpers

_UNIT_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9}
_TEEN_ORD = {"tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
             "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19}
_TENS_ORD = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
             "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_ORD_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[-‐‑ ](?:first|second|third|fourth|fifth|sixth|"
    r"seventh|eighth|ninth)|" + "|".join(sorted([*_UNIT_ORD, *_TEEN_ORD, *_TENS_ORD], key=lambda w: -len(w))) + ")"
)
_ORDINAL = re.compile(rf"(?i:{_ORD_WORD})|\d{{1,5}}(?:st|nd|rd|th)")
_DIGIT_ORD = re.compile(r"(\d{1,5})(?:st|nd|rd|th)")
_TWO_WORD_ORD = re.compile(r"([a-z]+)[- ]([a-z]+)")


@functools.lru_cache(maxsize=1 << 14)
def ordinal_value(word: str) -> int | None:
    """The number of an ordinal written in digits or words, else None.

    >>> ordinal_value("37th"), ordinal_value("Twelfth"), ordinal_value("Thirty-Seventh"), ordinal_value("eightieth")
    (37, 12, 37, 80)
    >>> ordinal_value("Summit") is None
    True
    """
    w = word.lower().replace("‐", "-").replace("‑", "-")
    m = _DIGIT_ORD.fullmatch(w)
    if m:
        return int(m.group(1))
    for table in (_UNIT_ORD, _TEEN_ORD, _TENS_ORD):
        if w in table:
            return table[w]
    m = _TWO_WORD_ORD.fullmatch(w)
    if m and m.group(1) in _TENS and m.group(2) in _UNIT_ORD:
        return _TENS[m.group(1)] + _UNIT_ORD[m.group(2)]
    return None


def ordinal_suffix(n: int) -> str:
    """ "1st", "2nd", "12th", "23rd".

    >>> [ordinal_suffix(n) for n in (1, 2, 3, 11, 12, 13, 21, 102)]
    ['1st', '2nd', '3rd', '11th', '12th', '13th', '21st', '102nd']
    """
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{({1: 'st', 2: 'nd', 3: 'rd'}).get(n % 10, 'th')}"


def slug(name: str) -> str:
    """A stable lower_snake_case id from a canonical name (ASCII, at most 64 characters).

    >>> slug("ASEAN Committee on Disaster Management"), slug("Dato’ Seri Anwar"), slug("2030 Agenda")
    ('asean_committee_on_disaster_management', 'dato_seri_anwar', 'n_2030_agenda')
    """
    s = unicodedata.normalize("NFKD", fold(name)).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9]+", "_", s).strip("_") or "entity"
    if not s[0].isalpha():
        s = "n_" + s
    if len(s) > 64:
        s = s[:57].rstrip("_") + "_" + hashlib.sha1(s.encode()).hexdigest()[:6]
    return s


def abbreviates(short: str, long: str) -> bool:
    """Whether ``short`` can abbreviate ``long`` (Schwartz & Hearst 2003: its letters in order, the first one
    starting a word).

    >>> abbreviates("AICHR", "ASEAN Intergovernmental Commission on Human Rights")
    True
    >>> abbreviates("SEANWFZ", "Treaty on the Southeast Asia Nuclear-Weapon-Free Zone")
    True
    >>> abbreviates("UN", "ASEAN")
    False
    """
    s = [c.lower() for c in short if c.isalnum()]
    lo = long.lower()
    if not s or len(lo) < len(s):
        return False
    si, li = len(s) - 1, len(lo) - 1
    while si >= 0:
        c = s[si]
        while li >= 0 and (lo[li] != c or (si == 0 and li > 0 and lo[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return False
        si -= 1
        li -= 1
    return True


def _singular(word: str) -> tuple[str, bool]:
    """(singular lower-case form, whether it was plural)."""
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y", True
    if w.endswith("sses"):
        return w[:-2], True
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1], True
    return w, False


def _strip_possessive(word: str) -> str:
    if word.endswith(("'s", "’s", "'S", "’S")):
        return word[:-2]
    if word.endswith(("'", "’")):
        return word[:-1]
    return word


_WS = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _body_head(name: str, heads: Mapping[str, str]) -> tuple[str, bool] | None:
    """(head, plural) if a name of two words or more ends in a body's head word ("Security Council")."""
    if " " not in name:
        return None
    last = _norm(_strip_possessive(name.split()[-1]))
    sing, plural = _singular(last)
    for word, pl in ((last, False), (sing, plural)):
        if heads.get(word) == "body":
            return word, pl
    return None


@functools.lru_cache(maxsize=1 << 16)
def _alias_form(surface: str) -> str:
    # how an entity's alias is listed: folded, blanks squashed (asked again for every mention of a name)
    return _squash(fold(surface))


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class Entity:
    """A discovered actor, instrument, event or person.

    ``links`` are ``(kind, target_id)`` pairs (kinds in :data:`LINK_KINDS`);
    ``aliases`` are the surfaces it was written as (short forms included).
    """

    id: str
    name: str
    type: str
    rule: str
    score: float
    links: tuple[tuple[str, str], ...] = ()
    aliases: tuple[str, ...] = ()


class Found(NamedTuple):
    """One span the recogniser proposes: a mention of ``actor_id`` (a discovered or a gazetteer id)."""

    start: int
    end: int
    actor_id: str
    source: str  # "discovered" or "gazetteer" (a gazetteer entry found by a rule, e.g. "Name (NEWACR)")
    type: str
    rule: str
    score: float


class Mention(NamedTuple):
    """One row of the mentions table (``doc_id`` is added by :func:`extract`)."""

    start: int
    end: int
    surface: str
    actor_id: str
    source: str
    type: str
    rule: str


@dataclass
class Recognition:
    """What :meth:`Recogniser.recognise` found in one document."""

    found: list[Found]
    entities: dict[str, Entity]
    short_forms: dict[str, str] = field(default_factory=dict)  # short form -> id, defined in this document
    rejected: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, reason): seen, not accepted


# ---------------------------------------------------------------- tokens of a phrase

_UP = "A-ZÀ-ÖØ-ÞĀ-ſ"
_ABBR_WORDS = ("Dr|Mr|Mrs|Ms|Mdm|Mme|Prof|Gen|Lt|Col|Capt|Maj|Adm|Brig|Sen|Rep|Hon|Amb|Jr|Sr|St|Rt|Gov|Pres|Hj|"
               "No|Sgt|Cdr|Cmdr|Insp|Supt|Dep|Asst")
#: An abbreviation's full stop just before a position ("Dr." in "Dr. Kao"): it does not end a sentence.
_ABBR_BEFORE = re.compile(rf"(?:^|[\s(])((?:{_ABBR_WORDS})|[{_UP}]|(?:[{_UP}]\.)+[{_UP}])\.$").search
_ABBR = rf"(?:{_ABBR_WORDS})\.|(?:[{_UP}]\.){{2,}}|[{_UP}]\.(?=[ \t\u00a0]+[{_UP}])"
_ORDN = r"\d{1,5}(?:st|nd|rd|th)\b"
_CONN_WORDS = ("of|the|and|on|for|in|to|by|against|between|among|an|a|bin|binti|bte|van|von|der|den|de|du|des|da|"
               "dos|das|del|al|el|ibn|&")
_SEP = r"[ \t\u00a0]+"


_CONN_TRIE = "(?:" + trie_regex(_CONN_WORDS.split("|"), char=re.escape) + ")"
_JOIN = rf"(?:{_SEP}(?:{_CONN_TRIE}{_SEP})*|,{_SEP}(?:{_CONN_TRIE}{_SEP})*|(?=\())"
#: A bracket that may belong to a name: an acronym or short form, "(APSC)", "(ASEAN RPA on WPS)".
_BRACKET = (rf"\([{_UP}](?:[A-Z0-9&.'’-]*|[\w'’-]*[A-Z][\w&.'’-]*)"  # APSC, AusAID, ADMM-Plus
            rf"(?:[ \t]+(?:on|of|for|and|the|in|[A-Z0-9][\w&.'’-]*))*\)")
_LOOSE_WORD = rf"[{_UP}][\w'’.-]*"
#: A capitalised phrase: two tokens or more. Deliberately loose (one cheap scan of the text): words may
#: carry a full stop, and the tokens of a phrase are re-read precisely (:data:`_TOKEN`) only when it
#: holds a trigger word.
PHRASE = re.compile(rf"[{_UP}\d][\w'’.-]*(?:{_JOIN}(?:{_LOOSE_WORD}|\d+\w*|{_BRACKET}|agenda\b))+")
_TOKEN = re.compile(
    rf"(?P<B>{_BRACKET})|(?P<A>{_ABBR})|(?P<O>{_ORDN})|(?P<N>\d+\b)|(?P<W>[\w][\w'’]*(?:[-‐‑][\w'’]+)*)"
    rf"|(?P<P>,)|(?P<X>&)|(?P<D>\.)"
)
_SPLIT = re.compile(r"[\s,()\-‐‑]+|\.(?=\s|$)").split
_NUMORD = re.compile(r"\d(?:st|nd|rd|th)\b")
_DIGIT = re.compile(r"\d")
_POSS_TAIL = re.compile(r"['’][sS]?")
_LOWER_WORD = re.compile(r"[a-z][a-z'’-]*")
_LOWER_RUN = frozenset("abcdefghijklmnopqrstuvwxyz'’-")
_WORD_OR_JOIN = re.compile(r"[\w'’-]")
_ORD_ENDS = frozenset({"st", "nd", "rd", "th"})
_ARTICLES = frozenset({"the", "a", "an"})
_AT = re.compile(r"[ \t]+at[ \t]+(?:the[ \t]+)?")
_BIO_HINT = (" is ", " was ", " serves as ")
_BIO = re.compile(rf"([{_UP}][\w'’-]+(?:[ \t]+[{_UP}][\w'’-]+){{1,3}})[ \t]+(?:is|was|serves as)[ \t]+"
                  rf"(?:an?|the)[ \t]+(?:[\w-]+[ \t]+){{0,2}}$")
_CONNECTORS = frozenset(_CONN_WORDS.split("|"))
_LOWER_HYPHEN = re.compile(r"[-‐‑](?=[a-z])")
_PREFIXES = frozenset({"co", "non", "re", "pre", "post", "anti", "multi", "inter", "intra", "trans", "cross",
                       "counter", "self", "sub", "semi", "mid", "pan", "ex", "vice", "under", "over", "de"})


class Tok:
    """A token of a phrase: kind W (capitalised word), w (lower-case head word), A (abbreviation or initial),
    O (ordinal), N (number), B (bracket), C (connector), P (comma), K (a gazetteer mention)."""

    __slots__ = ("s", "e", "kind", "text", "low", "entry", "poss", "used", "full_e")

    def __init__(self, s, e, kind, text, entry="", full_e=None):
        self.s, self.e, self.kind, self.text, self.entry = s, e, kind, text, entry
        self.full_e = e if full_e is None else full_e  # a word cut at a lower-case hyphen part ends here
        self.low = _norm(_strip_possessive(text)) if kind in "WAwK" else text.lower()
        self.poss = kind in "WK" and text.endswith(("'s", "’s"))
        self.used = False

    def __repr__(self):  # pragma: no cover - debugging aid
        return f"{self.kind}:{self.text}"


class _Candidate(NamedTuple):
    start: int
    end: int
    name: str  # canonical
    type: str
    rule: str
    score: float
    links: tuple[tuple[str, str], ...]
    actor_id: str = ""  # a gazetteer id when the span is a gazetteer entry found by a rule
    short_form: str = ""  # a defined short form (registered for the document)
    entity_id: str = ""  # forced id (events of a series)


# ---------------------------------------------------------------- the recogniser


class Recogniser:
    """Rules compiled once for a gazetteer; :meth:`recognise` reads one document.

    >>> from pipeline.gazetteer import parse_gazetteer
    >>> g = parse_gazetteer('''
    ... entries:
    ...   - {id: asean, name: ASEAN, type: regional_organisation, aliases: [ASEAN]}
    ...   - {id: thailand, name: Thailand, type: state, iso3: THA, aliases: [Thailand]}
    ...   - {id: asean_summit, name: ASEAN Summit, type: organisation_body, aliases: [ASEAN Summit]}
    ... ''')
    >>> r = Recogniser(g)
    >>> text = ("The 37th ASEAN Summit thanked the ASEAN Committee on Disaster Management and the National "
    ...         "Assembly of Thailand.")
    >>> spans = lambda *names: sorted((text.index(n), text.index(n) + len(n), i) for n, i in names)
    >>> known = spans(("ASEAN Summit", "asean_summit"), ("ASEAN Committee", "asean"), ("Thailand", "thailand"))
    >>> known[1] = (known[1][0], known[1][0] + 5, "asean")  # "ASEAN" of "ASEAN Committee"
    >>> for f in r.recognise(text, known).found:
    ...     print(text[f.start:f.end], "|", f.actor_id, "|", f.type)
    37th ASEAN Summit | asean_summit_37th | event
    ASEAN Committee on Disaster Management | asean_committee_on_disaster_management | organisation_body
    National Assembly of Thailand | national_assembly_of_thailand | government_agency
    """

    def __init__(self, gazetteer: Gazetteer, rules: Rules | None = None):
        self.gazetteer = gazetteer
        self.rules = rules or load_rules()
        r = self.rules
        self.types = {e.id: e.type for e in gazetteer.entries.values()}
        self.names = {e.id: e.name for e in gazetteer.entries.values()}
        # alias lookup under the gazetteer's case rules
        self._any: dict[str, str] = {}
        self._exact: dict[str, str] = {}
        for alias, entry_id, case_sensitive in gazetteer.aliases():
            if case_sensitive:
                self._exact.setdefault(fold(alias), entry_id)
            else:
                self._any.setdefault(alias_key(alias), entry_id)
        self.not_actors = frozenset(alias_key(x) for x in gazetteer.not_actors)
        self.demonyms = {}
        for word, state in r.demonyms.items():
            entry = self.lookup(state)
            if entry:
                self.demonyms[word] = entry
        # trigger words (lower case): heads in the singular and plural, roles, honorifics, spelled ordinals
        trig = {"agenda"}
        for w in [*r.heads, *r.roles, *r.honorifics]:
            for last in re.split(r"[ \-‐‑]", w)[-2:]:
                for form in (last, last.rstrip("."), last + "s", last + "es",
                             last[:-1] + "ies" if last.endswith("y") else last):
                    trig.add(form)
        trig |= set(_UNIT_ORD) | set(_TEEN_ORD) | set(_TENS_ORD)
        self.trigger_words = frozenset(trig)
        #: Gazetteer bodies named by a head word ("Security Council"), which can head a longer name.
        self.head_entries = frozenset(e.id for e in gazetteer.entries.values() if e.type in _ORG_TYPES
                                      and any(_body_head(a, r.heads) for a in e.aliases))
        #: First words of the honorifics and titles: a title chain cannot start at any other word.
        self.title_firsts = _first_words(r.honorifics) | _first_words(r.roles)
        #: Analyses of phrases, by phrase and context (shared by the documents read with this recogniser).
        self.cache: dict[tuple, list] = {}
        self.cache_limit = 200_000
        #: Phrases with no trigger word, bracket, ordinal or byline (read once per recogniser, see _Document.run).
        self.plain_phrases: dict[str, bool] = {}
        self._ids: dict[str, str] = {}
        self._descriptive: dict[str, bool] = {}
        self._ord_before = re.compile(
            rf"(?<![\w-])((?:{_ORD_WORD}|\d{{1,5}}(?:st|nd|rd|th))(?:(?:,\s*|\s+and\s+)(?:{_ORD_WORD}|\d{{1,5}}"
            rf"(?:st|nd|rd|th)))*)\s+$", re.IGNORECASE)
        self._agenda_lower = None
        if r.agenda_topics:
            topics = "|".join(re.escape(t).replace(r"\ ", r"\s+")
                              for t in sorted(r.agenda_topics, key=lambda t: (-len(t), t)))
            self._agenda_lower = re.compile(rf"(?<![\w-])({topics})$", re.IGNORECASE)
        self.role_entries = self._role_entries()
        # every entry's ancestors through part_of
        self.ancestors: dict[str, frozenset[str]] = {}
        for e in gazetteer.entries.values():
            seen, todo = set(), list(e.part_of)
            while todo:
                x = todo.pop()
                if x not in seen and x in gazetteer.entries:
                    seen.add(x)
                    todo.extend(gazetteer.entries[x].part_of)
            if seen:
                self.ancestors[e.id] = frozenset(seen)
        self.descriptive_entries = self._descriptive_entries()

    def entity_id(self, name: str) -> str:
        """The id of a discovered entity named ``name``: its slug, kept apart from the gazetteer's ids."""
        eid = self._ids.get(name)
        if eid is None:
            eid = slug(name)
            if eid in self.types:
                eid += "_discovered"
            if len(self._ids) < self.cache_limit:
                self._ids[name] = eid
        return eid

    # -- gazetteer lookups

    def lookup(self, surface: str) -> str:
        """The gazetteer entry ``surface`` names exactly (under the case rules), or ``''``."""
        key = alias_key(surface)
        if key in self._any:
            return self._any[key]
        return self._exact.get(fold(surface), "")

    def _role_entries(self) -> dict[str, str]:
        """Gazetteer entries that are offices (an alias whose head is a role word): id -> why."""
        out = {}
        for e in self.gazetteer.entries.values():
            for a in e.aliases:
                if self.role_phrase(a):
                    out[e.id] = a
                    break
        return out

    def role_phrase(self, surface: str) -> tuple[int, int] | None:
        """If ``surface`` names an office ("Chair of ASEAN", "ASEAN Secretary-General"), the span of the
        organisation inside it (relative offsets), else None."""
        words = list(re.finditer(r"[^\s]+", surface))
        if len(words) < 2:
            return None
        low = [_norm(_strip_possessive(w.group())) for w in words]
        # "<role> of|for (the)? X"
        for i in range(len(low) - 1):
            if low[i] in ("of", "for", "to") and i >= 1:
                head = " ".join(low[:i])
                if head in self.rules.roles or low[i - 1] in self.rules.roles:
                    j = i + 1
                    if j < len(low) and low[j] == "the":
                        j += 1
                    if j < len(low):
                        return words[j].start(), words[-1].end()
                break
        # "X <role>" (the last one or two words)
        for n in (2, 1):
            if len(low) > n and " ".join(low[-n:]) in self.rules.roles:
                return words[0].start(), words[-n - 1].end()
        return None

    def _descriptive_entries(self) -> frozenset[str]:
        out = set()
        for e in self.gazetteer.entries.values():
            if e.type in self.rules.descriptive_types:
                continue
            if any(self.descriptive(a) for a in e.aliases):
                out.add(e.id)
        return frozenset(out)

    def descriptive(self, surface: str) -> bool:
        """A phrase whose head word is in lower case is a description, not a name ("women's groups",
        "regional plan on WPS").

        The head is the last word before the first connector.
        """
        hit = self._descriptive.get(surface)
        if hit is None:
            hit = self._descriptive[surface] = self._is_descriptive(surface)
        return hit

    def _is_descriptive(self, surface: str) -> bool:
        if "(" in surface:
            return False
        head = ""
        for w in fold(surface).split(" "):
            if w.lower() in _CONNECTORS and head:
                break
            head = _strip_possessive(w)
        return bool(head) and head[0].islower()

    # -- the document

    def recognise(self, text: str, gazetteer_mentions: Sequence[tuple[int, int, str]],
                  headings: Sequence[tuple[int, int]] | None = None) -> Recognition:
        """The names of one cleaned ``text`` that the gazetteer mentions (``(start, end, entry_id)``) lack.

        ``headings`` are the spans of the document's headings (segments of
        kind ``heading``); if None, lines that look like headings (short,
        without closing punctuation) are used.
        """
        return _Document(self, text, gazetteer_mentions, headings).run()


# ---------------------------------------------------------------- reading one document


class _Document:
    def __init__(self, rec: Recogniser, text: str, known: Sequence[tuple[int, int, str]],
                 headings: Sequence[tuple[int, int]] | None):
        self.rec, self.r, self.text = rec, rec.rules, text
        self.known = known if isinstance(known, list) and _sorted(known) else sorted(
            (int(s), int(e), a) for s, e, a in known)
        self.kstarts = [k[0] for k in self.known]
        # the gazetteer mentions' shape: 2 on the first character of a mention, 3 inside it, 1 outside
        ba = bytearray(b"\x01") * (len(text) + 1)
        for ks, ke, _ in self.known:
            ba[ks:ke] = b"\x03" * (ke - ks)
            ba[ks] = 2
        self.mask = bytes(ba)
        self.detect_headings = headings is None
        self.headings = [] if headings is None else sorted((int(s), int(e)) for s, e in headings)
        self.hstarts = [h[0] for h in self.headings]
        self._heading_line: dict[int, bool] = {}
        self._newlines: list[int] | None = None
        self.cands: list[_Candidate] = []
        self.rejected: list[tuple[int, int, str]] = []
        self.persons: dict[str, tuple[int, int]] = {}  # name -> first span
        self._evidence: dict[str, bool] = {}
        self.defined = {m.group(1) for m in re.finditer(r"\(([A-Z][A-Z0-9&-]{1,15})s?\)", text)}
        self.series: list[tuple[str, str, str, tuple]] = []  # numbered events' series: (id, name, type, links)
        self.pending_hereinafter: list[tuple[int, str, int, int]] = []
        self.forced_ids: dict[str, str] = {}
        self._deps: list[tuple[str, bool]] | None = None

    # -- context

    def line_of(self, pos: int) -> tuple[int, int]:
        """Start and end of the line holding ``pos``."""
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        i = bisect.bisect_left(self._newlines, pos)
        return (self._newlines[i - 1] + 1 if i else 0), (self._newlines[i] if i < len(self._newlines) else len(self.text))

    def in_heading(self, pos: int) -> bool:
        """Whether ``pos`` lies in a heading (given, or a short line without closing punctuation), a line in
        capitals or a headline."""
        ls, le = self.line_of(pos)
        hit = self._heading_line.get(ls)
        if hit is None:
            line = self.text[ls:le]
            hit = _styled_line(line) or (self.detect_headings and _looks_like_heading(line))
            self._heading_line[ls] = hit
        if hit:
            return True
        if not self.detect_headings:
            i = bisect.bisect_right(self.hstarts, pos) - 1
            return i >= 0 and self.headings[i][1] > pos
        return False

    def initial(self, pos: int) -> bool:
        """Whether ``pos`` starts a sentence, a line, a list item or a quotation after one."""
        t = self.text
        i = pos - 1
        while i >= 0 and t[i] in " \t\u00a0\"“‘'(•·*–—-":
            if t[i] == "\n":
                break
            i -= 1
        if i < 0 or t[i] in "\n:;!?":
            return True
        if t[i] == ".":
            m = _ABBR_BEFORE(t[max(0, i - 12): i + 1])
            return m is None
        return False

    def evidenced(self, word: str) -> bool:
        """Whether the document writes ``word`` capitalised somewhere not at the start of a sentence or heading."""
        if word not in self._evidence:
            text, n, ok = self.text, len(self.text), False
            pos = text.find(word)
            while pos >= 0:
                end = pos + len(word)
                if ((pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in "'’-"))
                        and (end >= n or not text[end].isalnum())
                        and not self.initial(pos) and not self.in_heading(pos)):
                    ok = True
                    break
                pos = text.find(word, end)
            self._evidence[word] = ok
        return self.dep("e", word, self._evidence[word])

    def known_in(self, s: int, e: int) -> list[tuple[int, int, str]]:
        i = bisect.bisect_left(self.kstarts, s)
        if i > 0 and self.known[i - 1][1] > s:
            i -= 1
        out = []
        while i < len(self.known) and self.known[i][0] < e:
            out.append(self.known[i])
            i += 1
        return out

    def ktype(self, tok: Tok) -> str:
        return self.rec.types.get(tok.entry, "")

    # -- the scan

    def run(self) -> Recognition:
        text, mask = self.text, self.mask
        trig = self.rec.trigger_words.isdisjoint
        split = _SPLIT
        numord = _NUMORD.search
        find = mask.find
        plain = self.rec.plain_phrases  # phrase -> nothing in it can start a name (phrases recur: "Federal Government")
        for m in PHRASE.finditer(text):
            ps, pe = m.span()
            if mask[ps] == 2 and mask[pe] != 3 and find(1, ps, pe) < 0 and find(2, ps + 1, pe) < 0:
                if text[ps - 3:ps - 1].lower() not in _ORD_ENDS:
                    continue  # the phrase is one gazetteer name, and no ordinal comes before it
            t = m.group()
            quiet = plain.get(t)
            if quiet is None:
                quiet = (trig(split(t.lower())) and "(" not in t and numord(t) is None and not t.startswith("By "))
                if len(plain) < self.rec.cache_limit:
                    plain[t] = quiet
            if quiet and text[ps - 3:ps - 1].lower() not in _ORD_ENDS:
                continue
            if ps and (text[ps - 1].isalnum() or text[ps - 1] in "'’-/"):
                continue
            self.phrase(ps, pe)
        self.scan_resolutions()
        self.scan_sessions()
        self.scan_hereinafter()
        self.scan_enumerations()
        self.scan_lower_agenda()
        chosen = self.choose(self.cands)
        chosen = self.propagate(chosen)
        return self.finish(chosen)

    # -- one phrase, through the cache

    def phrase(self, ps: int, pe: int) -> None:
        """Read the phrase ``text[ps:pe]``; a phrase read before in the same context is not read again.

        The cache key is the phrase's text and the shape of the gazetteer mentions in it (the same text with
        the same mention boundaries has the same mentions); every read of the context outside the phrase is
        recorded with the reading and checked before it is reused.
        """
        text, mask = self.text, self.mask
        kend = pe
        if mask[pe] == 3:  # a mention runs past the phrase: up to its end
            ends = [x for x in (mask.find(1, pe), mask.find(2, pe)) if x >= 0]
            kend = min(ends) if ends else len(text)
        before = text[ps - 3:ps - 1].lower() in _ORD_ENDS
        key = (text[ps:kend + 3], mask[ps:kend + 3], before)
        cache = self.rec.cache
        entries = cache.get(key)
        if entries is not None:
            new = tuple.__new__
            for cands, persons, rejected, series, deps in entries:
                if not deps or self.holds(ps, deps):
                    if cands:
                        self.cands.extend(new(_Candidate, (c[0] + ps, c[1] + ps) + c[2:]) for c in cands)
                    for name, s, e in persons:
                        self.persons.setdefault(name, (s + ps, e + ps))
                    if rejected:
                        self.rejected.extend((s + ps, e + ps, why) for s, e, why in rejected)
                    self.series.extend(series)
                    return
        ks = self.known_in(ps, pe)
        if len(cache) >= self.rec.cache_limit:
            cache.clear()
        # nothing to find if every trigger lies inside gazetteer names
        if ks and not before:
            gaps, pos = [], ps
            for k in ks:
                if k[0] > pos:
                    gaps.append(text[pos:k[0]])
                pos = max(pos, k[1])
            gaps.append(text[pos:pe])
            rest = " ".join(gaps)
            if (self.rec.trigger_words.isdisjoint(_SPLIT(rest.lower())) and "(" not in rest
                    and _DIGIT.search(rest) is None and not rest.startswith("By ")
                    and not any(b[0] - a[1] <= 1 and a[2] in self.rec.ancestors.get(b[2], ())
                                for a, b in zip(ks, ks[1:]))
                    and not any(k[2] in self.rec.head_entries and k[0] > ps for k in ks)):
                cache.setdefault(key, []).append(([], [], [], [], ()))
                return
        n_c, n_r, n_s = len(self.cands), len(self.rejected), len(self.series)
        persons_before = set(self.persons)
        self._deps = []
        self.read_phrase(ps, pe)
        deps, self._deps = self._deps, None
        entry = (
            [c._replace(start=c.start - ps, end=c.end - ps) for c in self.cands[n_c:]],
            [(n, self.persons[n][0] - ps, self.persons[n][1] - ps) for n in sorted(set(self.persons) - persons_before)],
            [(s - ps, e - ps, why) for s, e, why in self.rejected[n_r:]],
            self.series[n_s:],
            tuple(dict.fromkeys(deps)),
        )
        cache.setdefault(key, []).append(entry)

    # -- context outside the phrase: every read is recorded with its result, so that a cached reading is
    #    reused only where the same context holds

    def dep(self, kind: str, arg, result):
        if self._deps is not None:
            self._deps.append((kind, arg, result))
        return result

    def holds(self, ps: int, deps) -> bool:
        for kind, arg, res in deps:
            if kind == "e":
                ok = self.evidenced(arg) == res
            elif kind == "d":
                ok = self.is_defined(arg) == res
            else:
                ok = self.CONTEXT[kind](self, ps + arg, ps) == res
            if not ok:
                return False
        return True

    def is_defined(self, word: str) -> bool:
        return word in self.defined or word.rstrip("s") in self.defined

    def _initial_rel(self, pos: int, ps: int):
        return self.initial(pos)

    def _heading_rel(self, pos: int, ps: int):
        return self.in_heading(pos)

    def _linestart_rel(self, pos: int, ps: int):
        return pos == 0 or self.text[pos - 1] == "\n"

    def _ord_rel(self, pos: int, ps: int):
        if self.text[pos - 3:pos - 1].lower() not in _ORD_ENDS:
            return None
        ob = self.ordinals_before(pos)
        return None if ob is None else (ob[0] - ps, tuple(ob[1]))

    def _bio_rel(self, pos: int, ps: int):
        window = self.text[max(0, pos - 80):pos]
        if not any(h in window for h in _BIO_HINT):
            return None
        m = _BIO.search(window)
        if not m:
            return None
        base = max(0, pos - 80)
        s, e = base + m.start(1), base + m.end(1)
        if self.known_in(s, e) or _norm(self.text[s:e].split()[0]) in self.r.sentence_starters:
            return None
        return s - ps, e - ps

    def _at_rel(self, pos: int, ps: int):
        if self.text[pos + 1:pos + 3] != "at":
            return None
        m = _AT.match(self.text, pos)
        if not m:
            return None
        kk = self.known_in(m.end(), m.end() + 1)
        return (m.end() - ps, kk[0][2]) if kk and kk[0][0] == m.end() else None

    CONTEXT = {"i": _initial_rel, "h": _heading_rel, "l": _linestart_rel, "o": _ord_rel, "b": _bio_rel, "a": _at_rel}

    def ctx(self, kind: str, pos: int):
        """The context of kind ``kind`` at ``pos``, with positions relative to the phrase, recorded."""
        return self.dep(kind, pos - self._ps, self.CONTEXT[kind](self, pos, self._ps))

    # -- tokens

    def tokens(self, ps: int, pe: int) -> list[Tok]:
        text = self.text
        ks = self.known_in(ps, pe)
        out: list[Tok] = []
        ki = 0
        pos = ps
        for m in _TOKEN.finditer(text, ps, pe):
            s, e = m.span()
            if s < pos:
                continue
            while ki < len(ks) and ks[ki][1] <= s:
                ki += 1
            if ki < len(ks) and ks[ki][0] < e:
                ks0, ke0, entry = ks[ki]
                tok = Tok(ks0, ke0, "K", text[ks0:ke0], entry)
                tail = _POSS_TAIL.match(text[ke0:ke0 + 2])
                if tail and (ke0 + tail.end() >= len(text) or not text[ke0 + tail.end()].isalnum()):
                    tok.poss = True
                    pos = ke0 + tail.end()
                else:
                    pos = ke0
                out.append(tok)
                ki += 1
                continue
            kind = m.lastgroup
            word = m.group()
            if kind == "W":
                low = word.lower()
                if low in _CONNECTORS and word[0].islower():
                    kind = "C"
                elif word[0].islower():
                    if low == "agenda":
                        kind = "w"
                    else:
                        break  # a lower-case word ends the phrase
                else:
                    cut = self.hyphen_cut(word)
                    if cut < len(word):
                        # "Community-building": the name ends at the hyphen (a person's name keeps it all)
                        out.append(Tok(s, s + cut, "W", word[:cut], full_e=e))
                        out.append(Tok(s + cut, e, "D", word[cut:]))
                        pos = e
                        continue
            elif kind == "X":
                kind = "C"
            elif kind == "N" and not out:
                continue  # a number does not start a name ("2025 ASEAN ..." is read from "ASEAN")
            out.append(Tok(s, e, kind, word))
            pos = e
        return out

    def hyphen_cut(self, word: str) -> int:
        """Length of ``word`` kept in a name: "Community-building" keeps "Community", "Co-operation" all."""
        m = _LOWER_HYPHEN.search(word)
        if not m:
            return len(word)
        prefix = word[: m.start()]
        if prefix.isupper() or (len(prefix) >= 4 and prefix.lower() not in _PREFIXES):
            return m.start()
        return len(word)

    def shouting(self, tok: Tok) -> bool:
        if tok.kind not in "WA" or not tok.text.isupper():
            return False
        letters = sum(c.isalpha() for c in tok.text)
        core = _strip_possessive(tok.text)
        return letters > self.r.acronym_max_letters and not self.dep("d", core, self.is_defined(core))

    # -- one phrase

    def read_phrase(self, ps: int, pe: int) -> None:
        self._ps = ps
        toks = self.tokens(ps, pe)
        seg: list[Tok] = []
        for t in toks:
            if (t.kind in "WA" and self.shouting(t)) or t.kind == "D":
                self.segment(seg)
                seg = []
                continue
            seg.append(t)
            if t.kind == "K" and t.poss:
                self.segment(seg)
                seg = []
        self.segment(seg)

    def head_of(self, tok: Tok) -> tuple[str, str, bool] | None:
        """(kind, singular head, plural) if ``tok`` is a head word."""
        if tok.kind == "w":
            return ("instrument", "agenda", False)
        if tok.kind != "W" or tok.text.isupper() and len(tok.text) > 1:
            return None
        word = _strip_possessive(tok.text)
        low = _norm(word)
        if low in self.r.heads:
            return self.r.heads[low], low, False
        sing, plural = _singular(low)
        if plural and sing in self.r.heads:
            return self.r.heads[sing], sing, True
        return None

    def strong_in_itself(self, tok: Tok) -> bool:
        """A token that can start a name at the start of a sentence or heading without other evidence."""
        if tok.kind != "W":
            return True
        if tok.text.isupper() and len(tok.text) >= 2:
            return True
        return tok.low in self.r.demonyms or tok.low in self.r.honorifics or bool(ordinal_value(tok.text))

    def segment(self, seg: list[Tok]) -> None:
        if not seg:
            return
        if self.byline(seg):
            return
        self.name_title(seg)
        # trim the start: connectors, function words, and unproven sentence-initial words
        first_pos = seg[0].s
        starts: list[bool] = []  # computed when first needed: at the start of a sentence or in a heading

        def at_start() -> bool:
            if not starts:
                starts.append(self.ctx("i", first_pos) or self.ctx("h", first_pos))
            return starts[0]

        while seg:
            t = seg[0]
            if t.kind in "CP":
                seg = seg[1:]
                continue
            if t.kind == "W" and not ordinal_value(t.text) and t.low in self.r.sentence_starters:
                seg = seg[1:]
                continue
            if (t.kind == "W" and not self.strong_in_itself(t) and not self.person_title_at(seg, 0) and at_start()
                    and not self.evidenced(_strip_possessive(t.text))):
                seg = seg[1:]
                continue
            break
        if len(seg) < 2:
            return
        self.persons_in(seg)
        self.head_names(seg)
        self.ordinal_events(seg)
        self.definitions_of_known(seg)
        self.parent_prefixes(seg)

    # -- persons

    def match_words(self, seg: list[Tok], i: int, vocab: frozenset[str], max_n: int = 3) -> int:
        """Number of tokens from ``i`` that form a phrase of ``vocab`` (longest), 0 if none; one hyphenated
        word counts when it ends in one ("Assistant-Secretary-General")."""
        if i < len(seg) and seg[i].kind in "WAC" and _norm(seg[i].text) not in _first_words(vocab):
            max_n = 0  # no phrase of the vocabulary starts with this word (only the hyphen rule below is left)
        for n in range(max_n, 0, -1):
            if i + n > len(seg):
                continue
            part = seg[i:i + n]
            if any(t.kind not in "WAC" for t in part):
                continue
            phrase = " ".join(_norm(t.text) for t in part)
            if phrase in vocab:
                return n
        t = seg[i] if i < len(seg) else None
        if t is not None and t.kind == "W" and "-" in t.low:
            parts = t.low.split("-")
            if any("-".join(parts[x:]) in vocab for x in range(1, len(parts))):
                return 1
        return 0

    def title_chain(self, seg: list[Tok], i: int) -> tuple[int, bool]:
        """End index of the honorifics and titles starting at ``i`` and whether one is an honorific."""
        j = i
        honorific = False
        self._strong_title = False
        firsts, demonyms = self.rec.title_firsts, self.rec.demonyms
        while j < len(seg):
            t = seg[j]
            if (t.kind != "K" and not (t.kind == "C" and t.low == "the")
                    and not (t.kind == "W" and (t.low in demonyms or "-" in t.low))
                    and (t.kind not in "WAC" or _norm(t.text) not in firsts)):
                break  # none of the tests below can match here (the common case, decided cheaply)
            if t.kind == "C" and t.low == "the" and j + 1 < len(seg):
                n = self.match_words(seg, j + 1, self.r.honorifics)
                if n:
                    j += 1 + n
                    honorific = True
                    continue
            if ((t.kind == "W" and t.low in self.rec.demonyms or t.kind == "K" and not t.poss)
                    and j + 1 < len(seg) and self.match_words(seg, j + 1, self.r.roles)):
                j += 1  # "Indonesian Foreign Minister", "UN Special Rapporteur"
                continue
            n = self.match_words(seg, j, self.r.honorifics)
            if n:
                j += n
                honorific = True
                continue
            if t.kind == "K" and t.entry in self.rec.role_entries and not t.poss:
                j += 1
                self._strong_title = True
                continue
            n = self.match_words(seg, j, self.r.roles)
            if n:
                words = " ".join(x.low for x in seg[j:j + n])
                if words in _SINGLE_NAME_TITLES or seg[j + n - 1].low in _SINGLE_NAME_TITLES:
                    self._strong_title = True
                j += n
                # "Secretary-General of ASEAN Le Luong Minh", "Prime Minister of Malaysia Anwar Ibrahim"
                k = j + 1 if j < len(seg) and seg[j].kind == "C" and seg[j].low == "of" else j
                if k > j and k < len(seg) and seg[k].kind == "C" and seg[k].low == "the":
                    k += 1
                if (k > j and k + 1 < len(seg) and seg[k].kind == "K" and not seg[k].poss
                        and self.ktype(seg[k]) in _ORG_TYPES | {"state"} and seg[k + 1].kind == "W"
                        and self.person_words(seg, k + 1) > k + 1):
                    j = k + 1
                continue
            break
        return j, honorific

    def person_title_at(self, seg: list[Tok], i: int) -> bool:
        j, _ = self.title_chain(seg, i)
        return j > i

    def person_words(self, seg: list[Tok], j: int) -> int:
        """End index of a person's name starting at ``j`` (== j if none)."""
        r = self.r
        k = j
        while k < len(seg):
            t = seg[k]
            if t.kind == "W" and not t.text.isupper():
                if (self.head_of(t) or t.low in r.roles or t.low in r.sentence_starters or t.low in r.months
                        or t.low in r.post_nominals or t.low in r.generic_modifiers):
                    break
                k += 1
                if t.poss:
                    break  # "Mr. Gorbachev's upcoming visit", "Jackson's Administration": the name ends here
            elif t.kind == "A" and len(t.text) == 2:  # an initial "R."
                k += 1
            elif t.kind == "A" and t.low in ("jr", "sr"):
                k += 1
                break
            elif (t.kind == "C" and t.low in r.person_connectors and k > j and k + 1 < len(seg)
                  and seg[k + 1].kind == "W"):
                k += 1
            else:
                break
        while k > j and seg[k - 1].kind in "CA" and seg[k - 1].text not in ("Jr.", "Sr."):
            if seg[k - 1].kind == "A" and len(seg[k - 1].text) == 2 and k - 1 > j:
                break
            k -= 1
        return k

    def add_person(self, s: int, e: int, rule: str, links=()) -> None:
        if self.text.endswith(("'s", "’s"), s, e):
            e -= 2  # a possessive is not part of the name (as for gazetteer names)
        name = _squash(fold(self.text[s:e]))
        if self.rec.lookup(name) or alias_key(name) in self.rec.not_actors:
            return
        self.cands.append(_Candidate(s, e, name, PERSON, rule, RULE_SCORES[rule], tuple(links)))
        self.persons.setdefault(name, (s, e))

    def byline(self, seg: list[Tok]) -> bool:
        """A byline: "By Name and Name" at the start of a line."""
        if not (seg[0].kind == "W" and seg[0].text == "By" and self.ctx("l", seg[0].s)):
            return False
        i = 1
        while i < len(seg):
            k = self.person_words(seg, i)
            if k - i >= 2:
                self.add_person(seg[i].s, seg[k - 1].full_e, "person_byline")
                for t in seg[i:k]:
                    t.used = True
            if k < len(seg) and seg[k].kind in "CP" and seg[k].low in ("and", ",", "&"):
                i = k + 1
                continue
            break
        return True

    def name_title(self, seg: list[Tok]) -> None:
        """"Name, Title of Organisation": "Kao Kim Hourn, Secretary-General of ASEAN"."""
        k = self.person_words(seg, 0)
        if 2 <= k <= 4 and k + 1 < len(seg) and seg[k].kind == "P":
            first = k + 2 if seg[k + 1].kind == "C" and seg[k + 1].low == "the" and k + 2 < len(seg) else k + 1
            j, _ = self.title_chain(seg, first)
            if j > first and not any(t.used for t in seg[:k]):
                self.add_person(seg[0].s, seg[k - 1].full_e, "person_name_title", self.title_links(seg, first))
                for t in seg[:j]:
                    t.used = True

    def persons_in(self, seg: list[Tok]) -> None:
        r = self.r
        i = 0
        while i < len(seg):
            j, honorific = self.title_chain(seg, i)
            if j > i and j < len(seg):
                k = self.person_words(seg, j)
                if k < len(seg) and k > j and (self.match_words(seg, k, self.r.roles)
                                              or self.match_words(seg, k, self.r.honorifics)):
                    # "His Excellency Retired General ...": the words were part of the title
                    i = k
                    continue
                words = [t for t in seg[j:k] if t.kind == "W"]
                after_of = j < len(seg) and seg[j].kind == "C"
                if words and self.ctx("h", seg[j].s) and not all(self.evidenced(w.text) for w in words[:1]):
                    words = []  # a headline capitalises its verbs: "Secretary-General Urged to ..."
                if words and not after_of and (honorific or len(words) >= 2 or self._strong_title):
                    if not any(t.kind == "K" for t in seg[j:k]):
                        rule = "person_honorific" if honorific else "person_title"
                        links = self.title_links(seg, i, j)
                        after = self.title_after(seg, k)
                        if not links and after is not None:
                            links = self.title_links(seg, after)
                        self.add_person(seg[j].s, seg[k - 1].full_e, rule, links)
                        for t in seg[i:k]:
                            t.used = True
                    i = k
                    continue
                i = j
                continue
            i += 1
        # "Name is a Senior Fellow at ..." (the title is this phrase; the name is just before it)
        if seg[0].s == self._ps and any(self.match_words(seg, x, r.roles) for x in range(min(4, len(seg)))):
            bio = self.ctx("b", seg[0].s)
            if bio:
                self.add_person(self._ps + bio[0], self._ps + bio[1], "person_bio")

    def title_links(self, seg: list[Tok], a: int, b: int | None = None) -> list[tuple[str, str]]:
        """``part_of`` link of a person to the organisation or state named in a title, ``seg[a:b]`` (to the next
        comma if ``b`` is None): "Secretary-General of ASEAN", "Indonesian Foreign Minister"."""
        if b is None:
            b = next((x for x in range(a, len(seg)) if seg[x].kind == "P"), len(seg))
        for t in seg[a:b]:
            if t.kind == "K" and t.entry in self.rec.role_entries:
                inner = self.rec.role_phrase(t.text)
                entry = self.rec.lookup(re.sub(r"^(?:the|The)\s+", "", t.text[inner[0]:inner[1]])) if inner else ""
                if entry:
                    return [("part_of", entry)]
            elif t.kind == "K" and self.ktype(t) in _ORG_TYPES | {"state"}:
                return [("part_of", t.entry)]
            elif t.kind == "W" and t.low in self.rec.demonyms:
                return [("part_of", self.rec.demonyms[t.low])]
        return []

    def title_after(self, seg: list[Tok], k: int) -> int | None:
        """Start of a title after the name ending at ``k``: ", Secretary-General of ASEAN" (not the title of the
        next person: "..., Myanmar President Win Myint")."""
        while k < len(seg) and seg[k].kind in "WA" and seg[k].low.rstrip(".") in self.r.post_nominals:
            k += 1
        if k < len(seg) and seg[k].kind == "P":
            first = k + 2 if k + 2 < len(seg) and seg[k + 1].kind == "C" and seg[k + 1].low == "the" else k + 1
            j, _ = self.title_chain(seg, first)
            if j > first and self.person_words(seg, j) == j:
                return first
        return None

    # -- events of a series

    def ordinals_before(self, pos: int) -> tuple[int, list[int]] | None:
        """Start and values of the ordinal(s) written just before ``pos`` ("the second ", "40th and 41st ")."""
        window = self.text[max(0, pos - 60): pos]
        m = self.rec._ord_before.search(window)
        if not m:
            return None
        vals = [ordinal_value(x) for x in re.findall(rf"(?i:{_ORD_WORD})|\d{{1,5}}(?:st|nd|rd|th)", m.group(1))]
        vals = [v for v in vals if v]
        if not vals:
            return None
        return max(0, pos - 60) + m.start(1), vals

    def series_ok(self, tok: Tok) -> bool:
        return tok.kind == "K" and self.ktype(tok) in _EVENTABLE

    def ordinal_events(self, seg: list[Tok]) -> None:
        for i, t in enumerate(seg):
            if t.kind != "K" or not self.series_ok(t) or t.used:
                continue
            vals, start = [], None
            if i >= 1 and seg[i - 1].kind in "OW" and ordinal_value(seg[i - 1].text):
                j = i - 1
                vals = [ordinal_value(seg[j].text)]
                while (j >= 2 and seg[j - 1].kind in "CP" and seg[j - 1].low in ("and", ",")
                       and ordinal_value(seg[j - 2].text)):
                    j -= 2
                    vals.insert(0, ordinal_value(seg[j].text))
                start = seg[j].s
            elif i == 0:
                ob = self.ctx("o", t.s)
                if ob:
                    start, vals = self._ps + ob[0], list(ob[1])
            if not vals:
                self.year_event(seg, i)
                continue
            end = t.e
            series = t.entry
            sname = self.rec.names.get(series, t.text)
            label = " and ".join(ordinal_suffix(v) for v in vals)
            name = f"{label} {sname}"
            ent = slug(sname) + "_" + "_".join(ordinal_suffix(v) for v in vals)
            self.cands.append(_Candidate(start, end, name, EVENT, "ordinal_event", RULE_SCORES["ordinal_event"],
                                         (("instance_of", series),), entity_id=ent))
            t.used = True

    def year_event(self, seg: list[Tok], i: int) -> None:
        """A year written with a known meeting series is one meeting: "the 2025 ASEAN Summit", "ASEAN Summit
        2025" (the series must be named by an event head word: "the 2025 ADMM-Plus" stays the ADMM-Plus)."""
        t = seg[i]
        words = self.rec.names.get(t.entry, "").split(" ")
        if self.r.heads.get(_norm(words[-1]) if words[-1] else "") != "event":
            return
        before = seg[i - 1] if i >= 1 else None
        after = seg[i + 1] if i + 1 < len(seg) else None
        year = None
        if before is not None and before.kind == "N" and re.fullmatch(r"(?:19|20)\d\d", before.text):
            year, start, end = before.text, before.s, t.e
        elif after is not None and after.kind == "N" and re.fullmatch(r"(?:19|20)\d\d", after.text):
            year, start, end = after.text, t.s, after.e
        if year is None:
            return
        name = f"{self.rec.names[t.entry]} {year}"
        self.cands.append(_Candidate(start, end, name, EVENT, "year_event", RULE_SCORES["ordinal_event"],
                                     (("instance_of", t.entry),), entity_id=slug(name)))
        t.used = True

    # -- names by their head word

    def known_head(self, tok: Tok) -> tuple[str, str, bool] | None:
        """(kind, head, plural) if ``tok`` is a gazetteer body named by its head word ("Security Council"): the
        head of a longer name the gazetteer lacks ("Peace and Security Council", "National Security Council")."""
        if tok.kind != "K" or tok.poss or self.ktype(tok) not in _ORG_TYPES:
            return None
        hd = _body_head(tok.text, self.r.heads)
        return None if hd is None else ("body", *hd)

    def head_names(self, seg: list[Tok]) -> None:
        found = []
        for h, t in enumerate(seg):
            if t.used:
                continue
            hd = self.known_head(t) if t.kind == "K" else self.head_of(t)
            if not hd:
                continue
            kind, head, plural = hd
            left = self.extend_left(seg, h, kind)
            # a known body heads a name only with a capitalised word before it that the gazetteer name lacks
            if t.kind == "K" and not (h > 0 and seg[h - 1].kind in "WC" and any(x.kind == "W" for x in seg[left:h])):
                continue
            right = self.extend_right(seg, h, kind)
            if right is None:
                continue
            found.append((left, right, h, kind, head, plural))
        # keep the longest, non-overlapping
        found.sort(key=lambda x: (-(seg[x[1]].e - seg[x[0]].s), seg[x[0]].s))
        taken: list[tuple[int, int]] = []
        for left, right, h, kind, head, plural in found:
            if any(not (right < a or left > b) for a, b in taken):
                continue
            if any(t.used for t in seg[left:right + 1]):
                continue
            if self.accept_name(seg, left, right, h, kind, head, plural):
                taken.append((left, right))

    def extend_left(self, seg: list[Tok], h: int, kind: str) -> int:
        left = h
        crossed_and = False
        j = h - 1
        while j >= 0:
            t = seg[j]
            if t.used:
                break
            if t.kind == "K":
                if t.poss:
                    break
                left = j
            elif t.kind == "W":
                if t.low in self.r.months or (t.poss and self.rec.lookup(_strip_possessive(t.text))):
                    break
                if ordinal_value(t.text):
                    if kind == "event":
                        left = j
                    break
                left = j
            elif t.kind in "AB":
                left = j
            elif t.kind == "O":
                if kind == "event":
                    left = j
                    # "40th and 41st ASEAN Summits"
                    while j >= 2 and seg[j - 1].kind in "CP" and seg[j - 1].low in ("and", ",") \
                            and ordinal_value(seg[j - 2].text):
                        j -= 2
                        left = j
                break
            elif t.kind == "C" and t.low in ("and", "&") and j >= 1:
                a, b = seg[j - 1], seg[j + 1]
                # not after an office ("the President and Congress" are two), nor just before the head ("House
                # and Senate"; "Peace and Security Council" has a word between)
                b_ok = b.kind == "W" and j + 1 != h or (j + 1 == h and b.kind == "K" and " " in b.text)
                if (a.kind == "W" and b_ok and not ordinal_value(a.text) and not self.head_of(a)
                        and a.low not in self.r.roles):
                    crossed_and = True
                    j -= 1
                    continue
                break
            elif t.kind == "P" and crossed_and and j >= 1 and seg[j - 1].kind == "W" and seg[j + 1].kind == "W":
                j -= 1
                continue
            else:
                break
            j -= 1
        # a run crossed by "and" must reach a word: "Humanitarian Assistance and Disaster Relief Programme"
        while left < h and seg[left].kind in "CP":
            left += 1
        return left

    def extend_right(self, seg: list[Tok], h: int, kind: str) -> int | None:
        """Index of the last token of the name whose head is ``seg[h]``."""
        r = self.r
        allowed = r.complements[kind]
        if seg[h].low == "day":
            allowed = allowed | {"in"}
        n = len(seg)
        right = h
        # right after the head: a number ("Vision 2025"), "Plus", a roman numeral
        topic = False
        j = h + 1
        while j < n and (seg[j].kind == "N" or (seg[j].kind == "W" and seg[j].text in ("Plus", "II", "III", "IV"))):
            right = j
            j += 1
        if seg[h].kind == "w" or seg[h].low == "agenda":
            # an agenda takes no complement but "for": "2030 Agenda for Sustainable Development"
            if seg[h].kind == "W" and j + 1 < n and seg[j].kind == "C" and seg[j].low == "for":
                end = self.content_run(seg, j + 1)
                return end - 1 if end > j + 1 else right
            return right
        while j < n:
            t = seg[j]
            if t.kind == "B":
                break  # a definition bracket ends the name (handled by accept_name)
            # inside a complement, "and" joins its words ("for Strategic and International Studies")
            inner = allowed | {"and", "&"} if right > h else allowed
            if t.kind == "C" and (t.low in inner or (kind == "instrument" and t.low in _ARTICLES)):
                # connectors, then content ("for Accelerating the Early Conclusion of an Effective ...")
                k = j
                conns = []
                while k < n and seg[k].kind == "C":
                    conns.append(seg[k].low)
                    k += 1
                if k >= n or any(c not in inner and c not in _ARTICLES for c in conns):
                    break
                if conns[0] in ("and", "&"):
                    if not self.and_continues(seg, k, kind):
                        break
                elif conns[0] == "by" and topic:
                    break  # "the Declaration on X by the Ministers": the adopting body is not in the title
                elif conns[0] != "by":
                    topic = True
                run_end = self.content_run(seg, k)
                if run_end == k:
                    break
                if kind == "instrument" and conns[0] == "of" and self.is_instrument_k(seg, k, run_end):
                    break
                if any(seg[x].low in r.months or seg[x].kind == "O" for x in range(k, run_end)):
                    break
                if all(seg[x].kind == "N" for x in range(k, run_end)):
                    break  # "adopted its National Action Plan in 2023": a year is when, not part of the title
                if (kind == "event" and conns[0] == "in"
                        and any(seg[x].kind == "K" and self.ktype(seg[x]) == "state" for x in range(k, run_end))):
                    break
                right = run_end - 1
                j = run_end
                continue
            if t.kind == "P":
                # a title list "Women, Peace and Security": ", W (, W)* (,)? and W", inside a complement only
                # ("stated to Congress, and I have" is not a name)
                if right == h:
                    break
                end = self.title_list(seg, j)
                if end is None:
                    break
                right = end
                j = end + 1
                continue
            break
        return right

    def content_run(self, seg: list[Tok], k: int) -> int:
        """End (exclusive) of the content tokens from ``k``: words, acronyms, known names, numbers, brackets."""
        n = len(seg)
        j = k
        while j < n and seg[j].kind in "WAKNB" and not seg[j].used:
            if seg[j].kind == "B" and j == k:
                break
            if seg[j].kind == "K" and seg[j].poss:
                j += 1
                break
            if seg[j].kind == "B":
                break
            if seg[j].kind == "W" and seg[j].text == "I" and j > k:
                break  # the pronoun: "transmit to the Congress of the United States I can not too strongly urge"
            j += 1
        return j

    def and_continues(self, seg: list[Tok], k: int, kind: str) -> bool:
        """After "and" at ``k - 1``: does the name go on ("Amity and Cooperation", "Effective and Substantive
        Code") or does another name start ("the ASEAN Charter and the UN Charter", "... and ASEAN Committee")?"""
        if seg[k - 1].low in _ARTICLES or (k < len(seg) and seg[k].kind == "C"):
            return False
        end = self.content_run(seg, k)
        run = seg[k:end]
        if not run or run[0].kind == "K":
            return False
        before = seg[k - 2] if k >= 2 else None
        closed = before is not None and (before.kind == "K" or self.head_of(before) is not None)
        if closed and any(t.kind == "K" or self.head_of(t) for t in run):
            return False
        return True

    def is_instrument_k(self, seg: list[Tok], k: int, end: int) -> bool:
        run = [t for t in seg[k:end] if t.kind != "C"]
        return len(run) == 1 and run[0].kind == "K" and self.ktype(run[0]) == "instrument"

    def title_list(self, seg: list[Tok], j: int) -> int | None:
        """If ``seg[j]`` is the comma of a title list "A, B and C" of plain words, the index of its last word."""
        n = len(seg)
        k = j
        saw_and = False
        while k < n and seg[k].kind == "P":
            k += 1
            if k < n and seg[k].kind == "C" and seg[k].low == "and":
                k += 1
                saw_and = True
            if k >= n or seg[k].kind != "W" or self.head_of(seg[k]) or seg[k].used:
                return None
            k += 1
            while k < n and seg[k].kind == "W" and not self.head_of(seg[k]):
                k += 1
            if saw_and:
                return k - 1
            if k < n and seg[k].kind == "C" and seg[k].low == "and":
                if k + 1 < n and seg[k + 1].kind == "W" and not self.head_of(seg[k + 1]):
                    k += 2
                    while k < n and seg[k].kind == "W" and not self.head_of(seg[k]):
                        k += 1
                    return k - 1
                return None
        return None

    def accept_name(self, seg: list[Tok], left: int, right: int, h: int, kind: str, head: str, plural: bool) -> bool:
        r = self.r
        toks = seg[left:right + 1]
        content = [t for t in toks if t.kind not in "CP"]
        has_complement = right > h
        modifiers = [t for t in seg[left:h] if t.kind not in "CP"]
        if modifiers and modifiers[-1].kind == "W" and f"{modifiers[-1].low} {head}" in r.heads:
            modifiers = modifiers[:-1]  # a head of two words: "Working Group", "Task Force"
        s, e = toks[0].s, toks[-1].e
        if len(content) < 2:
            return False
        # a generic reference: the head and generic adjectives only
        if not has_complement and seg[h].kind != "K" and all(
                t.kind == "W" and (t.low in r.generic_modifiers or ordinal_value(t.text)) for t in modifiers):
            self.rejected.append((s, e, "generic"))
            return False
        # bodies in the plural, named after states or joined by "and" or commas, are several bodies: "the
        # Governments of the United States and Great Britain", "the Treasury and Post Office Departments";
        # so are organs of states in the plural, as each state has its own ("Central American Governments",
        # "the Executive Departments", "Ministries of Foreign Affairs")
        if kind == "body" and plural and (
                head in r.body_types["government_agency"]
                or any(t.kind == "K" and self.ktype(t) == "state" for t in seg[h + 1:right + 1])
                or any(t.kind == "P" or (t.kind == "C" and t.low in ("and", "&")) for t in seg[left:right + 1])):
            self.rejected.append((s, e, "several bodies"))
            for t in seg[left:right + 1]:
                t.used = True  # nor is a shorter reading inside it one body ("Treasury and Post Office")
            return False
        # the name of a kind of text ("the Plan of Action", "a Memorandum of Understanding"): a title has an
        # owner or a topic ("ASEAN Plan of Action", "Plan of Action on WPS")
        tail = seg[h + 1:right + 1]
        if (kind == "instrument" and not modifiers and len(tail) == 2 and tail[0].kind == "C" and tail[0].low == "of"
                and tail[1].kind == "W"):
            self.rejected.append((s, e, "kind of text"))
            return False
        # in a heading (Title Case), a name starts at a word the document also capitalises elsewhere, an acronym,
        # a known name or an ordinal ("Secretary-General Urged to Initiate Revised Strategy" names nothing)
        if modifiers and self.ctx("h", toks[0].s):
            while modifiers and modifiers[0].kind == "W" and not self.strong_in_itself(modifiers[0]) \
                    and not self.evidenced(_strip_possessive(modifiers[0].text)):
                cut = toks.index(modifiers[0]) + 1
                while cut < len(toks) and toks[cut].kind in "CP":
                    cut += 1
                toks, modifiers = toks[cut:], modifiers[1:]
            content = [t for t in toks if t.kind not in "CP"]
            if not toks or len(content) < 2 or toks[0] is seg[h] and not has_complement:
                self.rejected.append((s, e, "heading words"))
                return False
            s = toks[0].s
        # an agenda is a topic's ("WPS agenda", "Women, Peace and Security agenda"), not an actor's ("the ASEAN
        # agenda"), a meeting's ("the Summit agenda") nor one word's ("the Security Agenda")
        if head == "agenda" and (all(t.kind == "K" and self.ktype(t) != INSTRUMENT for t in modifiers)
                                 or any(t.kind == "W" and self.head_of(t) for t in modifiers)
                                 or (len(modifiers) == 1 and modifiers[0].kind == "W"
                                     and not modifiers[0].text.isupper())):
            self.rejected.append((s, e, "agenda of an actor, a meeting or a word"))
            return False
        # ordinals belong to events only
        if kind != "event":
            while toks and (toks[0].kind == "O" or (toks[0].kind == "W" and ordinal_value(toks[0].text))):
                toks = toks[1:]
            s = toks[0].s
        # dates: "the First Day of November"
        if any(t.low in r.months for t in toks):
            return False
        # a text named only by its author: "Joint Statement by the ADMM-Plus"
        if head in r.authored_texts:
            conns = [t.low for t in seg[h + 1:right + 1] if t.kind == "C"]
            topical = [c for c in conns if c not in ("by", "the")]
            if not topical and all(t.kind == "W" and t.low in r.generic_modifiers for t in modifiers):
                self.rejected.append((s, e, "authored text without a topic"))
                return False
        if alias_key(self.text[s:e]) in self.rec.not_actors:
            self.rejected.append((s, e, "not_actors"))
            return False
        # already a gazetteer name
        ks = [t for t in toks if t.kind == "K"]
        if len(ks) == 1 and ks[0].s == s and ks[0].e == e:
            return False
        end = e
        ordinal_vals: list[int] = []
        series_start = s
        if kind == "event":
            j = 0
            while j < len(toks) and (toks[j].kind == "O" or (toks[j].kind == "W" and ordinal_value(toks[j].text))
                                     or (toks[j].kind in "CP" and j > 0)):
                if toks[j].kind not in "CP":
                    ordinal_vals.append(ordinal_value(toks[j].text))
                j += 1
            if j < len(toks):
                series_start = toks[j].s
            if not ordinal_vals:
                ob = self.ctx("o", s)
                if ob:
                    s, ordinal_vals = self._ps + ob[0], list(ob[1])
        before_head = seg[h - 1] if h > left else None
        head2 = f"{before_head.low} {head}" if before_head is not None and before_head.kind == "W" else head
        # a gazetteer body as the head ("Peace and Security Council") says what the name is, not whose it is
        owners = [t for t in toks if t is not seg[h]] if seg[h].kind == "K" else toks
        etype = self.type_of(kind, head, owners, s, e, head2)
        links = self.links_of(kind, owners, s, e)
        rule = "agenda" if head == "agenda" else "head"
        name = _squash(fold(self.text[series_start:end]))
        entity_id = ""
        short = ""
        if head == "agenda":
            name = self.agenda_name([t for t in toks if t is not seg[h]])
        # a definition right after: "Name (ACR)"
        b = self.bracket_after(seg, right)
        if b is not None and head != "agenda":
            short_txt = b.text[1:-1].strip()
            known_short = self.rec.lookup(short_txt)
            if not known_short and abbreviates(short_txt, name):
                end = b.e
                short = short_txt
                rule = "definition"
                b.used = True
        if ordinal_vals:
            # the series: the gazetteer's if it knows the name in the singular ("40th and 41st ASEAN Summits")
            singular = name
            if plural:
                words = name.split(" ")
                if words[-1].endswith("s"):
                    singular = " ".join([*words[:-1], _strip_possessive(words[-1])[:-1]])
            known_series = self.rec.lookup(singular) if plural else ""
            series_id = known_series or slug(name)
            series_name = self.rec.names[known_series] if known_series else name
            label = " and ".join(ordinal_suffix(v) for v in ordinal_vals)
            entity_id = slug(series_name) + "_" + "_".join(ordinal_suffix(v) for v in ordinal_vals)
            links = (("instance_of", series_id),) + tuple(lk for lk in links if lk[0] != "instance_of")
            if not known_series:
                self.series.append((series_id, name, etype, links[1:]))
            name = f"{label} {name}"
            rule = "ordinal_event"
        # "X Programme at <institute>"
        at = self.ctx("a", end)
        if at:
            parent = at[1]
            ptype = self.rec.types.get(parent, "")
            if True:
                if ptype in _ORG_TYPES:
                    links = tuple(lk for lk in links if lk[0] != "part_of") + (("part_of", parent),)
                    if kind != "event":
                        etype = ptype
        self.cands.append(_Candidate(s, end, name, etype, rule, RULE_SCORES[rule], tuple(links),
                                     short_form=short, entity_id=entity_id))
        for t in toks:
            t.used = True
        return True

    def agenda_name(self, toks: list[Tok]) -> str:
        """The canonical name of an agenda: its topic's acronym and "agenda" ("WPS agenda")."""
        brackets = [t for t in toks if t.kind == "B"]
        if brackets:
            return f"{brackets[-1].text[1:-1].strip()} agenda"
        words = [t for t in toks if t.kind in "WAKN"]
        if len(words) == 1 and (words[0].text.isupper() or words[0].kind == "N"):
            return f"{_strip_possessive(words[0].text)} Agenda" if words[0].kind == "N" else \
                f"{_strip_possessive(words[0].text)} agenda"
        topic = " ".join(t.text for t in toks)
        acr = self.r.agenda_topics.get(_norm(topic).replace(" ,", ","))
        if acr:
            return f"{acr} agenda"
        initials = "".join(t.text[0] for t in toks if t.kind in "WA" and t.text[0].isupper())
        return f"{initials} agenda" if len(initials) >= 2 else _squash(fold(" ".join(t.text for t in toks)))

    def bracket_after(self, seg: list[Tok], right: int) -> Tok | None:
        if right + 1 < len(seg) and seg[right + 1].kind == "B":
            return seg[right + 1]
        return None

    def type_of(self, kind: str, head: str, toks: list[Tok], s: int, e: int, head2: str = "") -> str:
        """The type of a name of ``kind``; ``head2`` is the head with the word before it ("task force")."""
        bt = self.r.body_types
        kt = [self.ktype(t) for t in toks if t.kind == "K"]
        words = {t.low for t in toks if t.kind == "W"}
        if kind == "event":
            # a congress named with its state alone is the state's legislature: "Congress of the United States",
            # "Philippine Congress" (an "International American Congress" is a meeting)
            if head in bt["government_agency"] and len(toks) >= 2 and (
                    (toks[0].low == head and toks[-1].kind == "K" and self.ktype(toks[-1]) == "state"
                     and all(t.kind == "C" for t in toks[1:-1]))
                    or (len(toks) == 2 and (toks[0].low in self.rec.demonyms
                                            or toks[0].kind == "K" and self.ktype(toks[0]) == "state"))):
                return "government_agency"
            return EVENT
        if kind == "instrument":
            return INSTRUMENT
        if kind == "state_group":
            # one state of a name: "State of Palestine" (several are a group: "States of the German Empire")
            return "state" if head == "state" and toks[0].low == "state" else "state_group"
        heads = {head, head2 or head}  # the head's own words, not the complement's ("Task Force on Women")
        if heads & bt["military"] and "task force" not in heads and "working group" not in heads:
            return "military"
        if head in bt["government_agency"] and ("state" in kt or words & self.rec.demonyms.keys()):
            return "government_agency"
        if "un_body" in kt or any(t.kind == "K" and t.entry == "united_nations" for t in toks):
            return "un_body"
        if any(k in ("regional_organisation", "organisation_body") for k in kt):
            return "organisation_body"
        if head in bt["research_institute"] or words & self.r.research_words or "research_institute" in kt:
            return "research_institute"
        if ("state" in kt or words & self.rec.demonyms.keys() or head in bt["government_agency"]
                or "government_agency" in kt):
            return "government_agency"
        if head in bt["civil_society"]:
            return "civil_society"
        return "organisation_body"

    def links_of(self, kind: str, toks: list[Tok], s: int, e: int) -> tuple[tuple[str, str], ...]:
        links = []
        by = False
        for t in toks:
            if t.kind == "C" and t.low == "by":
                by = True
            if t.kind == "K":
                kt = self.ktype(t)
                if kt == "state":
                    links.append(("located_in", t.entry))
                elif kind == "instrument":
                    if kt != "instrument":
                        links.append(("issued_by", t.entry))
                elif kt in _ORG_TYPES or kt == EVENT:
                    links.append(("part_of", t.entry))
            elif t.kind == "W" and t.low in self.rec.demonyms:
                links.append(("located_in", self.rec.demonyms[t.low]))
        if kind == "instrument" and by:
            # the author named after "by" first
            links.sort(key=lambda lk: lk[0] != "issued_by")
        seen, out = set(), []
        for lk in links:
            if lk not in seen:
                seen.add(lk)
                out.append(lk)
        return tuple(out)

    def parent_prefixes(self, seg: list[Tok]) -> None:
        """A body named after its parent: "UN Economic and Social Commission for Asia and the Pacific" is one
        mention of the commission the gazetteer knows as "Economic and Social Commission ..."."""
        for a, b in zip(seg, seg[1:]):
            if (a.kind == "K" and b.kind == "K" and not a.used and not b.used and not a.poss
                    and b.s - a.e <= 1 and a.entry in self.rec.ancestors.get(b.entry, ())):
                self.cands.append(_Candidate(a.s, b.e, self.rec.names[b.entry], self.ktype(b), "parent_prefix",
                                             RULE_SCORES["parent_prefix"], (), actor_id=b.entry))
                a.used = b.used = True

    def definitions_of_known(self, seg: list[Tok]) -> None:
        """A gazetteer name followed by a new acronym: "Philippine Commission on Women (PCW)"."""
        for i, t in enumerate(seg[:-1]):
            b = seg[i + 1]
            if t.kind != "K" or b.kind != "B" or b.used or t.used:
                continue
            short = b.text[1:-1].strip()
            if not re.fullmatch(r"[A-Z][A-Za-z0-9&.-]*[A-Z0-9]s?", short) or self.rec.lookup(short):
                continue
            if abbreviates(short, t.text):
                self.cands.append(_Candidate(t.s, b.e, self.rec.names[t.entry], self.ktype(t), "definition",
                                             RULE_SCORES["definition"], (), actor_id=t.entry, short_form=short))
                t.used = b.used = True

    # -- separate scans

    def scan_resolutions(self) -> None:
        """Numbered resolutions: "resolution 1325 (2000)", "resolutions 1820 (2008), 1888 (2009) and 1889 (2009)"."""
        text = self.text
        for m in _RESOLUTIONS.finditer(text):
            s = m.start() - 1
            if s < 0 or text[s] not in "Rr" or (s > 0 and (text[s - 1].isalnum() or text[s - 1] == "-")):
                continue
            p = _RESOLUTION_BY.search(text, max(0, s - 40), s)
            if p:
                s = p.start()
            nums = re.findall(r"(?<![\d(])(\d{3,4})(?!\d)(?!\))", m.group("list"))
            if not nums:
                continue
            known = [self.rec.lookup(f"Resolution {n}") for n in nums]
            if len(nums) == 1:
                self.cands.append(_Candidate(s, m.end(), self.rec.names.get(known[0], f"Resolution {nums[0]}"),
                                             INSTRUMENT, "resolution_number", RULE_SCORES["resolution_number"],
                                             (), actor_id=known[0]))
            else:
                name = "resolutions " + ", ".join(nums[:-1]) + " and " + nums[-1]
                ids = [k or f"resolution_{n}" for k, n in zip(known, nums)]
                self.cands.append(_Candidate(s, m.end(), name, INSTRUMENT, "resolution_number",
                                             RULE_SCORES["resolution_number"], tuple(("includes", i) for i in ids)))

    def scan_sessions(self) -> None:
        """Numbered sessions and meetings in lower case: "its eightieth session", "8934th meeting"."""
        text = self.text
        for word in ("session", "meeting"):
            pos = text.find(" " + word)
            while pos >= 0:
                end = pos + 1 + len(word)
                pos_next = text.find(" " + word, end)
                if end < len(text) and text[end] == "s":
                    end += 1
                if end < len(text) and (text[end].isalnum() or text[end] == "-"):
                    pos = pos_next
                    continue
                m = _SESSION_BEFORE.search(text, max(0, pos - 30), pos)
                if m:
                    self.numbered_session(m.start(), pos + 1, end)
                pos = pos_next

    def numbered_session(self, s: int, hs: int, e: int) -> None:
        n = ordinal_value(self.text[s:hs].strip())
        if not n:
            return
        head = self.text[hs:e].lower()
        name = f"{ordinal_suffix(n)} {head}"
        links = ()
        of = re.match(r"[ \t]+of[ \t]+(?:the[ \t]+)?", self.text[e:e + 12])
        kk = self.known_in(e + of.end(), e + of.end() + 1) if of else []
        if kk and kk[0][0] == e + of.end() and self.rec.types.get(kk[0][2], "") in _EVENTABLE:
            e = kk[0][1]
            links = (("instance_of", kk[0][2]),)
            name = f"{name} of the {self.rec.names[kk[0][2]]}"
        elif re.search(r"\bits\s+$", self.text[max(0, s - 8):s]):
            # "the Security Council, at its 8934th meeting": the body named before in the sentence
            start = max(self.text.rfind(".", 0, s), self.text.rfind("\n", 0, s), s - 200, 0)
            bodies = [k for k in self.known_in(start, s) if self.rec.types.get(k[2], "") in _EVENTABLE]
            if bodies:
                body = bodies[-1][2]
                links = (("instance_of", body),)
                name = f"{name} of the {self.rec.names[body]}"
        elif n < 10:
            return  # "the first meeting" is any first meeting; "its second session" is a body's
        series = self.rec.names[links[0][1]] + " " + head if links else head
        entity_id = slug(series) + "_" + ordinal_suffix(n)
        self.cands.append(_Candidate(s, e, name, EVENT, "numbered_session", RULE_SCORES["numbered_session"], links,
                                     entity_id=entity_id))

    def scan_hereinafter(self) -> None:
        for m in _HEREINAFTER.finditer(self.text):
            short = re.sub(r"^(?:the|The)\s+", "", m.group("short").strip())
            before = m.start()
            while before > 0 and self.text[before - 1] in " \t":
                before -= 1
            self.pending_hereinafter.append((before, short, m.start("short"), m.start("short") + len(short)))

    def scan_enumerations(self) -> None:
        """Bodies listed after a plural body: "Working Groups (EWGs), namely in A, B and C"."""
        text = self.text
        at = text.find("namely")
        while at >= 0:
            m = _NAMELY.match(text, max(0, at - 2)) or _NAMELY.match(text, max(0, at - 1))
            at = text.find("namely", at + 6)
            if not m:
                continue
            pos = m.start()
            kk = self.known_in(max(0, pos - 2), pos)
            parent = None
            if kk and kk[-1][1] == pos:
                parent = (kk[-1][2], self.text[kk[-1][0]:kk[-1][1]], self.rec.types.get(kk[-1][2], ""))
            if parent is None:
                continue
            pid, psurface, ptype = parent
            base = re.sub(r"\s*\([^()]*\)$", "", psurface)
            last = _strip_possessive(base.split()[-1])
            sing, plural = _singular(last)
            if not (plural or last.endswith("s")) or ptype not in _ORG_TYPES:
                continue
            pname = self.rec.names.get(pid, base)
            singular_name = re.sub(r"s$", "", pname) if pname.endswith("s") else pname
            list_start = m.end()
            pm = PHRASE.match(self.text, list_start)
            if not pm:
                continue
            items = _list_items(self.text, list_start, pm.end())
            for s, e in items:
                if self.known_in(s, e):
                    continue
                item = _squash(self.text[s:e])
                self.cands.append(_Candidate(s, e, f"{singular_name} on {item}", ptype, "enumeration",
                                             RULE_SCORES["enumeration"], (("part_of", pid),)))

    def scan_lower_agenda(self) -> None:
        """A UN thematic agenda written in lower case: "the women, peace and security agenda"."""
        if self.rec._agenda_lower is None:
            return
        text = self.text
        pos = text.find(" agenda")
        while pos >= 0:
            if not text[pos - 1].islower():  # a capitalised topic is a phrase of its own ("WPS agenda")
                pos = text.find(" agenda", pos + 7)
                continue
            m = self.rec._agenda_lower.search(text, max(0, pos - 60), pos)
            if m and not text[m.start(1)].isupper():
                acr = self.r.agenda_topics.get(_squash(_norm(m.group(1))))
                if acr:
                    self.cands.append(_Candidate(m.start(1), pos + 7, f"{acr} agenda", INSTRUMENT, "agenda",
                                                 RULE_SCORES["agenda"], ()))
            pos = text.find(" agenda", pos + 7)

    # -- choosing and propagating

    def choose(self, cands: Iterable[_Candidate]) -> list[_Candidate]:
        """Longest first, then the higher score, then the earlier; no two overlap."""
        ordered = sorted(cands)
        if all(a.end <= b.start for a, b in zip(ordered, ordered[1:])):
            return ordered
        out: list[_Candidate] = []
        starts: list[int] = []
        for c in sorted(ordered, key=lambda c: (-(c.end - c.start), -c.score, c.start, c.rule, c.name)):
            i = bisect.bisect_left(starts, c.start)
            if i > 0 and out[i - 1].end > c.start:
                continue
            if i < len(out) and out[i].start < c.end:
                continue
            starts.insert(i, c.start)
            out.insert(i, c)
        return out

    def propagate(self, chosen: list[_Candidate]) -> list[_Candidate]:
        """Register short forms and persons' names; find them elsewhere in the document."""
        extra: list[_Candidate] = []
        targets: dict[str, tuple[str, str, str, str]] = {}  # surface -> (entity name, type, actor id, rule)
        for c in chosen:
            if c.short_form:
                targets.setdefault(c.short_form, (c.name, c.type, c.actor_id, "short_form"))
        # hereinafter: the name that ends just before the bracket
        by_end = {c.end: c for c in chosen} if self.pending_hereinafter else {}
        for before, short, qs, qe in self.pending_hereinafter:
            owner = by_end.get(before)
            if owner is None:
                i = bisect.bisect_left(self.kstarts, before) - 1
                ks = [self.known[i]] if i >= 0 and self.known[i][1] == before else []
                if ks:
                    owner = _Candidate(ks[0][0], ks[0][1], self.rec.names[ks[0][2]], self.rec.types[ks[0][2]],
                                       "gazetteer", 1.0, (), actor_id=ks[0][2])
            if owner is None or self.rec.lookup(short):
                continue
            targets.setdefault(short, (owner.name, owner.type, owner.actor_id, "short_form"))
            if owner.entity_id:
                self.forced_ids[owner.name] = owner.entity_id
        # persons: the full name wherever else it is written, the family name alone after it ("Minh said"),
        # and a one-word name after a title ("Prime Minister Lee") is the person of that name
        full = sorted(n for n in self.persons if " " in n)
        for name in full:
            targets.setdefault(name, (name, PERSON, "", "same_name"))
        last_words: dict[str, set[str]] = {}
        for name in full:
            for w in (name.split()[0], name.split()[-1]):
                last_words.setdefault(w, set()).add(name)
        for name in full:
            w = name.split()[-1]
            if (len(w) >= 4 and len(last_words[w]) == 1 and self.plain_name_word(w)
                    and not self.written_lower(w)):
                targets.setdefault(w, (name, PERSON, "", "same_name"))
        chosen = [c._replace(name=next(iter(last_words[c.name]))) if c.type == PERSON and " " not in c.name
                  and len(last_words.get(c.name, ())) == 1 else c for c in chosen]
        if not targets:
            return chosen
        spans = {(c.start, c.end) for c in chosen}
        for ms, me, target in Words(targets).find(self.text):
            if (ms, me) in spans:
                continue
            name, typ, actor, rule = targets[target]
            extra.append(_Candidate(ms, me, name, typ, rule, RULE_SCORES[rule], (), actor_id=actor))
        # a surname after an honorific ("Dr Kao") is the person of that name in this document
        return self.choose([*chosen, *extra])

    def plain_name_word(self, w: str) -> bool:
        """A word that can stand alone for a person: not a known name nor a word of the rule lists."""
        low = _norm(w)
        r = self.r
        return not (self.rec.lookup(w) or low in r.heads or low in r.roles or low in r.honorifics
                    or low in r.sentence_starters or low in r.months or low in r.generic_modifiers
                    or low in r.demonyms or _singular(low)[0] in r.heads)

    def written_lower(self, word: str) -> bool:
        """Whether the document writes ``word`` in lower case, as a word of its own (a family name that is
        also a common word is not propagated). ``str.find`` and a look at each side, not a scan of every
        lower-case word of the document."""
        low = word.lower()
        if _LOWER_WORD.fullmatch(low) is None:
            return False
        text = self.text
        i = text.find(low)
        while i >= 0:
            e = i + len(low)
            if (i == 0 or _WORD_OR_JOIN.match(text, i - 1) is None) and (e == len(text) or text[e] not in _LOWER_RUN):
                return True
            i = text.find(low, i + 1)
        return False

    def finish(self, chosen: list[_Candidate]) -> Recognition:
        rec = self.rec
        found: list[Found] = []
        short_forms: dict[str, str] = {}
        forced = dict(self.forced_ids)
        for c in chosen:
            if c.entity_id:
                forced.setdefault(c.name, c.entity_id)
        # entity id -> [first candidate, aliases, links, best score]
        acc: dict[str, list] = {}
        for c in chosen:
            if c.actor_id:
                found.append(Found(c.start, c.end, c.actor_id, "gazetteer", c.type, c.rule, c.score))
                if c.short_form:
                    short_forms[c.short_form] = c.actor_id
                continue
            eid = forced.get(c.name) or rec.entity_id(c.name)
            surface = self.text[c.start:c.end]
            a = acc.get(eid)
            if a is None:
                a = acc[eid] = [c, set(), set(), c.score]
            a[1].add(surface)
            if c.short_form:
                a[1].add(c.short_form)
                short_forms[c.short_form] = eid
            a[2].update(c.links)
            a[3] = max(a[3], c.score)
            found.append(Found(c.start, c.end, eid, "discovered", c.type, c.rule, c.score))
        entities: dict[str, Entity] = {}
        for series_id, name, etype, links in self.series:
            if series_id not in entities and series_id not in acc and not rec.lookup(name):
                entities[series_id] = Entity(series_id, name, etype, "series", RULE_SCORES["ordinal_event"],
                                             tuple(sorted(set(links))), (name,))
        for eid, (c, aliases, links, score) in acc.items():
            entities[eid] = Entity(eid, c.name, c.type, c.rule, score, tuple(sorted(links)),
                                   tuple(sorted({_alias_form(x) for x in aliases})))
        return Recognition(found, dict(sorted(entities.items())), short_forms, sorted(self.rejected))


def _styled_line(line: str) -> bool:
    """A line in capitals, or a headline: most of its longer words capitalised and no full stop at its end.

    >>> _styled_line("COMBATING DRUG ABUSE"), _styled_line("Leaders Agree To Strengthen Maritime Cooperation")
    (True, True)
    >>> _styled_line("The ASEAN Secretariat and UN Women met Indonesia and Malaysia in Jakarta.")
    False
    """
    s = line.strip()
    if not s or len(s) > 300:
        return False
    if s == s.upper():
        return len(s.split()) >= 2 and sum(c.isalpha() for c in s) >= 6
    if s.endswith((".", ";", ":", ",", "!", "?")) or s.startswith("•"):
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", s) if len(w) >= 4]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _looks_like_heading(line: str) -> bool:
    s = line.strip()
    return (bool(s) and len(s) < 200 and len(s.split()) <= 15 and not s.endswith(tuple(".!?;:,"))
            and not s.startswith("•"))


def _sorted(spans: Sequence[tuple[int, int, str]]) -> bool:
    return all(a[0] <= b[0] for a, b in zip(spans, spans[1:]))


def _list_items(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """The items of a list "A, B, C and D" between ``s`` and ``e`` (only the last "and" separates)."""
    parts = []
    pos = s
    for m in re.finditer(r",[ \t]+(?:and[ \t]+)?", text[s:e]):
        parts.append((pos, s + m.start()))
        pos = s + m.end()
    last = (pos, e)
    m = None
    for m in re.finditer(r"[ \t]+(?:and|&)[ \t]+", text[last[0]:last[1]]):
        pass
    if m is not None and parts:
        parts.append((last[0], last[0] + m.start()))
        parts.append((last[0] + m.end(), last[1]))
    else:
        parts.append(last)
    return [(a, b) for a, b in parts if b > a and text[a].isupper()]


_RESOLUTIONS = re.compile(  # found from its literal "esolution", then checked for "R|r" before it
    r"esolutions?[ \t]+(?P<list>\d{3,4}(?:[ \t]*\(\d{4}\))?(?:(?:,[ \t]*|,?[ \t]+and[ \t]+)\d{3,4}"
    r"(?:[ \t]*\(\d{4}\))?)*)"
)
_RESOLUTION_BY = re.compile(r"(?<![\w-])(?:(?:(?:UN|United Nations)[ \t]+)?Security[ \t]+Council|UNSC)[ \t]+$")
#: Titles after which one capitalised word is a name ("President Prabowo", "Secretary-General Guterres").
_SINGLE_NAME_TITLES = frozenset({"president", "prime minister", "king", "queen", "sultan", "secretary-general",
                                 "minister", "ambassador", "senator", "governor", "mayor", "chancellor", "emperor",
                                 "prince", "princess", "premier"})
_SESSION_BEFORE = re.compile(rf"(?<![\w-])(?:(?i:{_ORD_WORD})|\d{{1,5}}(?:st|nd|rd|th))[ \t]*$")
_HEREINAFTER = re.compile(
    r"\([ \t]*(?:hereinafter|hereafter)(?:[ \t]+(?:referred[ \t]+to[ \t]+as|called|known[ \t]+as))?[ \t]*"
    r"(?:the[ \t]+)?[“\"‘']+(?P<short>[^”\"’'()]{1,60})[”\"’']+[ \t]*\)"
)
_NAMELY = re.compile(r",?[ \t]namely,?[ \t]+(?:(?:in|on|for)[ \t]+(?:the[ \t]+)?(?:areas?[ \t]+of[ \t]+)?)?")


# ---------------------------------------------------------------- merging with the gazetteer


def merge(
    text: str,
    gazetteer_mentions: Sequence[tuple[int, int, str]],
    recognition: Recognition,
    recogniser: Recogniser,
    roles: bool = True,
    generic: bool = True,
) -> list[Mention]:
    """The mentions of one document: gazetteer and discovered, the longest span winning, none nested.

    - ``roles``: a gazetteer mention of an office ("Chair of ASEAN", "ASEAN
      Chair", "UN Secretary-General") is replaced by the organisation inside it:
      titles are not names.
    - ``generic``: a gazetteer mention written as a lower-case description
      ("women's groups", "WPS regional plan") is dropped, except for the types
      of ``descriptive_types`` (state groups such as "dialogue partners").

    >>> from pipeline.gazetteer import parse_gazetteer
    >>> g = parse_gazetteer('''
    ... entries:
    ...   - {id: asean, name: ASEAN, type: regional_organisation, aliases: [ASEAN]}
    ...   - {id: chair, name: ASEAN Chair, type: organisation_body, aliases: [ASEAN Chair, Chair of ASEAN]}
    ... ''')
    >>> rec = Recogniser(g)
    >>> text = "The Chair of ASEAN thanked the ASEAN Committee on Women."
    >>> known = [(4, 18, "chair"), (31, 36, "asean")]
    >>> for m in merge(text, known, rec.recognise(text, known), rec):
    ...     print(m.surface, "|", m.actor_id, "|", m.source, "|", m.rule)
    ASEAN | asean | gazetteer | role
    ASEAN Committee on Women | asean_committee_on_women | discovered | head
    """
    tg = recogniser.types.get
    role_entries = recogniser.role_entries if roles else {}
    maybe_generic = recogniser.descriptive_entries if generic else frozenset()
    special = role_entries.keys() | maybe_generic
    gm = gazetteer_mentions if isinstance(gazetteer_mentions, list) else list(gazetteer_mentions)
    new = tuple.__new__
    rows: list = [new(Mention, (s, e, text[s:e], a, "gazetteer", tg(a, ""), "gazetteer")) for s, e, a in gm]
    changed = False
    # offices and descriptions
    if special:
        for i in [i for i, m in enumerate(gm) if m[2] in special]:
            s, e, a = gm[i]
            if a in role_entries:
                surface = text[s:e]
                inner = recogniser.role_phrase(surface)
                if inner is not None:
                    sub = re.sub(r"^(?:the|The)\s+", "", surface[inner[0]:inner[1]])
                    off = surface.find(sub, inner[0])
                    entry = recogniser.lookup(sub)
                    rows[i] = None
                    if entry and entry not in role_entries:
                        rows[i] = new(Mention, (s + off, s + off + len(sub), sub, entry, "gazetteer", tg(entry, ""),
                                                "role"))
                    changed = True
                    continue
            if a in maybe_generic and recogniser.descriptive(text[s:e]):
                rows[i] = None
                changed = True
    disc = sorted((f.start, f.end, f.actor_id, f.source, f.type, f.rule) for f in recognition.found)
    keep = []
    if disc:
        # longest span wins: a discovered span removes the gazetteer spans it overlaps when it contains each of
        # them or is longer; otherwise it is dropped. An equal span keeps the gazetteer's mention.
        starts = [m[0] for m in gm]
        for d in disc:
            s, e = d[0], d[1]
            i = bisect.bisect_left(starts, s)
            if i > 0 and gm[i - 1][1] > s:
                i -= 1
            over = []
            while i < len(gm) and gm[i][0] < e:
                if gm[i][1] > s and rows[i] is not None:
                    over.append(i)
                i += 1
            if any(gm[j][0] == s and gm[j][1] == e for j in over):
                continue
            if all((e - s) > (gm[j][1] - gm[j][0]) or (s <= gm[j][0] and gm[j][1] <= e) for j in over):
                for j in over:
                    rows[j] = None
                keep.append(new(Mention, (s, e, text[s:e], *d[2:])))
                changed = True
    if not changed:
        return rows
    rows = [r for r in rows if r is not None]
    rows.extend(keep)
    rows.sort()
    return rows


# ---------------------------------------------------------------- a corpus


@dataclass
class Extraction:
    """Mentions and discovered entities of a corpus (:func:`extract`)."""

    mentions: list[tuple]  # (doc_id, start, end, surface, actor_id, source, type, rule)
    entities: dict[str, Entity]
    rejected: list[tuple[str, int, int, str]]

    MENTION_COLUMNS = ("doc_id", "start", "end", "surface", "actor_id", "source", "type", "rule")
    ENTITY_COLUMNS = ("id", "name", "type", "rule", "score", "links", "aliases")

    def mentions_frame(self):
        import pandas as pd

        return pd.DataFrame(self.mentions, columns=list(self.MENTION_COLUMNS))

    def entities_frame(self):
        """One row per discovered entity; ``links`` as ``kind:target`` joined by ';', ``aliases`` by ' | '."""
        import pandas as pd

        rows = [(e.id, e.name, e.type, e.rule, round(e.score, 4), ";".join(f"{k}:{t}" for k, t in e.links),
                 " | ".join(e.aliases)) for _, e in sorted(self.entities.items())]
        return pd.DataFrame(rows, columns=list(self.ENTITY_COLUMNS))


def extract(
    texts: Mapping[str, str],
    gazetteer_mentions: Mapping[str, Sequence[tuple[int, int, str]]] | Any,
    recogniser: Recogniser,
    headings: Mapping[str, Sequence[tuple[int, int]]] | None = None,
    roles: bool = True,
    generic: bool = True,
) -> Extraction:
    """Recognise and merge every document; one id per entity across documents.

    ``gazetteer_mentions`` maps each doc_id to its gazetteer mentions
    ``(start, end, entry_id)`` sorted by start, or is the
    :class:`~pipeline.matcher.AliasMatcher` that finds them. ``headings``
    maps each doc_id to its heading spans (segments of kind ``heading``); if
    None, short lines without closing punctuation are taken as headings.

    An acronym defined in one document ("... Management (ACDM)") is a mention
    of the same entity in another document that uses it without defining it.
    """
    with gcpause.paused():
        return _extract(texts, gazetteer_mentions, recogniser, headings, roles, generic)


def _extract(texts, gazetteer_mentions, recogniser, headings, roles, generic) -> Extraction:
    docs = sorted(texts)
    matcher = gazetteer_mentions if hasattr(gazetteer_mentions, "find") else None

    def read(doc_id):
        # each document alone: its gazetteer names, then the recogniser. What the corpus needs of it goes
        # back to the parent; its mentions and readings stay in the worker for the second pass.
        known = matcher.find(texts[doc_id]) if matcher is not None else gazetteer_mentions.get(doc_id, ())
        rec = recogniser.recognise(texts[doc_id], known, None if headings is None else headings.get(doc_id, ()))
        entities = [(e.id, e.name, e.type, e.rule, e.score, e.links, e.aliases) for e in rec.entities.values()]
        return (entities, rec.short_forms, rec.rejected), (known, rec)

    def corpus_wide(publics):
        # a short form defined in one document only (one id) is a mention of that entity in every document
        corpus_short: dict[str, set[str]] = {}
        entity_types: dict[str, str] = {}  # the type of each discovered entity, where first read
        for entities, short_forms, _ in publics:
            for short, eid in short_forms.items():
                corpus_short.setdefault(short, set()).add(eid)
            for e in entities:
                entity_types.setdefault(e[0], e[2])
        return {s: next(iter(ids)) for s, ids in corpus_short.items() if len(ids) == 1}, entity_types

    words: list[Words] = []  # the shared short forms' automaton, built once in each process

    def settle(doc_id, private, shared_types):
        # the shared short forms this document uses without defining them, then the merge
        shared, entity_types = shared_types
        known, rec = private
        text = texts[doc_id]
        if not words:
            words.append(Words(shared))
        hits = [h for h in words[0].find(text) if h[2] not in rec.short_forms]
        if hits:
            taken = [(f.start, f.end) for f in rec.found]
            for hs, he, short in hits:
                if any(a < he and hs < b for a, b in taken):
                    continue
                eid = shared[short]
                etype = recogniser.types.get(eid) or entity_types.get(eid, "")
                src = "gazetteer" if eid in recogniser.types else "discovered"
                rec.found.append(Found(hs, he, eid, src, etype, "short_form", RULE_SCORES["short_form"]))
        return [(doc_id, *m) for m in merge(text, known, rec, recogniser, roles=roles, generic=generic)]

    # both passes on every core (pipeline.parallel), documents shared out by length
    publics, settled = two_pass_map(read, corpus_wide, settle, docs, weights=[len(texts[d]) for d in docs])
    mentions: list[tuple] = [m for part in settled for m in part]
    # an entity read in several documents: its first reading, with every document's links and aliases
    readings: dict[str, list[tuple]] = {}
    rejected: list[tuple[str, int, int, str]] = []
    for doc_id, (doc_entities, _, doc_rejected) in zip(docs, publics):
        for e in sorted(doc_entities):
            readings.setdefault(e[0], []).append(e)
        rejected.extend((doc_id, s, e, why) for s, e, why in doc_rejected)
    entities: dict[str, Entity] = {}
    for eid, es in readings.items():
        first = es[0]
        entities[eid] = Entity(*first) if len(es) == 1 else Entity(
            eid, first[1], first[2], first[3], max(e[4] for e in es),
            tuple(sorted({lk for e in es for lk in e[5]})), tuple(sorted({a for e in es for a in e[6]})))
    return Extraction(mentions, entities, rejected)


def recognise(text: str, gazetteer_mentions: Sequence[tuple[int, int, str]], gazetteer: Gazetteer,
              headings: Sequence[tuple[int, int]] | None = None, rules: Rules | None = None) -> Recognition:
    """One document, with a :class:`Recogniser` built for this call (build one and reuse it for a corpus)."""
    return Recogniser(gazetteer, rules).recognise(text, gazetteer_mentions, headings)
