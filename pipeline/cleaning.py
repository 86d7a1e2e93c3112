"""Remove web boilerplate from a document, recording every removal, and never its content.

The rules live in ``config/cleaning.yaml`` (see its comments); this module
only applies them. :func:`clean_text` is pure: text and rules in, cleaned
text and audit rows out. The cleaned text has one paragraph per block,
blocks separated by one blank line, and ends with a newline.

Every rule is **bounded** (:class:`Bounds`, stated beside each rule in the YAML):
what it may remove and where. A line outside a rule's bounds is kept even if
the pattern matches; a header block is removed only at the top and only if it
is short, a footer only at the bottom, the repeated title only if the repeated
line looks like a title. Two checks then measure what the rules did:

* :func:`measure` counts, per document and per rule, the characters and lines removed;
* :func:`check_retention` is the retention guard: a rule that removed more than a share
  of a document (default 10 %), or a positional rule (one that removes by where a line
  is, not by what it says) that removed a line of 40 words or more, gives a
  :class:`~pipeline.manifest.Problem` naming the document, the rule, the share and the
  first removed line, unless the manifest's ``allow_cleaning`` column allows that rule
  for that document.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PipelineError
from .manifest import Problem
from .yamlfile import read_yaml

# Unicode spaces that web pages use for layout; all become a plain space.
_SPACE_CHARS = r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
# Every run of them except a lone plain space (replacing those too gives the same text, slowly).
_SPACES = re.compile(rf"(?! (?!{_SPACE_CHARS})){_SPACE_CHARS}+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_BULLET = re.compile(r"^[•·▪◦‣●]\s*")
_LINE_SPLIT = re.compile(r"\r\n|\r|\n")
_WHITE = re.compile(r"\s+")
_CLOSES_SENTENCE = tuple(".!?:;\"”’')]")
#: Closing quotes and brackets, looked through when asking how a line ends.
_CLOSERS = "\"”’')]»"
#: A title has none of these at its end (after closing quotes and brackets).
_TITLE_FINAL = tuple(".,:;!?")
#: A line ending so is a sentence (the ``unpunctuated`` bound of leading rules: menus have none).
_SENTENCE_FINAL = tuple(".!?;")
#: A footer line ending so is a sentence (``unpunctuated`` of to-end rules: link titles may ask "?").
_FOOTER_FINAL = tuple(".;")

WHERE = ("anywhere", "top", "bottom", "edges")
#: The name audited when a paragraph split by a page break is joined again (it removes nothing).
REJOIN = "rejoin_broken_paragraph"


@dataclass(frozen=True)
class Bounds:
    """What a rule may remove and where (see the comments of ``config/cleaning.yaml``).

    ``where``/``within``: line rules act only ``anywhere``, or within ``within`` non-blank
    lines of the ``top``, the ``bottom`` or either (``edges``). ``max_words``: a longer line
    is kept (``None``: no limit). ``max_lines``/``max_chars``: the most lines and characters
    a block rule (leading, to-end) removes by position; a longer block is not boilerplate
    and is kept whole. ``unpunctuated``: a line ending a sentence is not part of a menu
    (. ! ? ; end a leading run) or of a footer of links (a footer has no line ending . or ;
    a link title may be a question).
    """

    where: str = "anywhere"
    within: int = 10
    max_words: int | None = None
    max_lines: int | None = None
    max_chars: int | None = None
    unpunctuated: bool = False
    #: Leading rules: the most words of the run's first line (a menu starts at the site's root, "Home").
    first_max_words: int | None = None
    #: The share of a document this rule may remove before the retention guard stops the stage,
    #: for every document (``None``: the guard's parameter, default 10 %).
    max_share: float | None = None
    why: str = ""


#: Bounds of a rule that states none, by section: strict, so that a new rule cannot remove paragraphs.
DEFAULT_BOUNDS = {
    "line_rules": Bounds(max_words=40),
    "leading_rules": Bounds(max_lines=10, max_words=15, max_chars=600, unpunctuated=True),
    "to_end_rules": Bounds(max_lines=10, max_words=25, max_chars=2000, unpunctuated=True),
    "inline_rules": Bounds(),
}
_BOUND_KEYS = {
    "line_rules": {"where", "within", "max_words", "max_share", "why"},
    "leading_rules": {"max_lines", "max_words", "max_chars", "unpunctuated", "first_max_words", "max_share", "why"},
    "to_end_rules": {"max_lines", "max_words", "max_chars", "unpunctuated", "max_share", "why"},
    "inline_rules": {"max_share", "why"},
}


@dataclass(frozen=True)
class Rule:
    name: str
    why: str
    pattern: re.Pattern
    replace: str | None = None
    bounds: Bounds = Bounds()
    #: True for rules that remove lines by their place (leading, to-end blocks, the page header).
    positional: bool = False


@dataclass(frozen=True)
class RepeatedTitle:
    """The page-header rule: a title printed twice near the top; the block before its second copy goes.

    Bounded: the repeated line is at least ``min_chars`` long and looks like a title (at
    most ``title_max_words`` words, no final punctuation); its first copy is among the
    first ``start_within`` non-blank lines that no other rule removes, and both copies
    within the first ``window`` non-blank lines; the block (first copy up to the second) has at most
    ``max_lines`` lines of at most ``max_words`` words and ``max_chars`` characters in all.
    """

    name: str = "page_header"
    why: str = ""
    window: int = 40
    min_chars: int = 20
    title_max_words: int = 20
    start_within: int = 3
    max_lines: int = 6
    max_words: int = 25
    max_chars: int = 600
    max_share: float | None = None
    bounds_why: str = ""


@dataclass(frozen=True)
class Rules:
    line: tuple[Rule, ...]
    leading: tuple[Rule, ...]
    to_end: tuple[Rule, ...]
    inline: tuple[Rule, ...]
    header: RepeatedTitle | None = RepeatedTitle()
    rejoin: bool = True

    @property
    def names(self) -> tuple[str, ...]:
        """Every rule's name (and the paragraph rejoin), in the order the YAML lists them."""
        names = [r.name for r in (*self.line, *self.leading, *self.to_end)]
        if self.header is not None:
            names.append(self.header.name)
        names += [r.name for r in self.inline]
        return tuple(names) + ((REJOIN,) if self.rejoin else ())

    def max_share(self, name: str) -> float | None:
        """The ``max_share`` bound that rule ``name`` states in the YAML (``None``: the guard's default)."""
        if self.header is not None and name == self.header.name:
            return self.header.max_share
        for rule in (*self.line, *self.leading, *self.to_end, *self.inline):
            if rule.name == name:
                return rule.bounds.max_share
        return None

    @property
    def positional(self) -> frozenset[str]:
        """Rules that remove lines by position (subject to the guard's long-line bound)."""
        names = {r.name for r in (*self.leading, *self.to_end)}
        return frozenset(names | ({self.header.name} if self.header is not None else set()))


def _int_or_none(value, where: str, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PipelineError(f"{where}: bounds.{key} must be a whole number of at least 0 (or null), got {value!r}.")
    return value


def _share(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise PipelineError(f"{where}: bounds.max_share must be a share between 0 and 1 (0.25 is 25 %), got {value!r}.")
    return float(value)


def _bounds(entry: dict, group: str, where: str) -> Bounds:
    given = entry.get("bounds")
    default = DEFAULT_BOUNDS[group]
    if given is None:
        return default
    if not isinstance(given, dict):
        raise PipelineError(f"{where}: bounds must be a mapping ({', '.join(sorted(_BOUND_KEYS[group]))}).")
    unknown = sorted(set(given) - _BOUND_KEYS[group])
    if unknown:
        raise PipelineError(
            f"{where}: unknown bound {unknown[0]!r}; a rule in {group} takes {', '.join(sorted(_BOUND_KEYS[group]))}.")
    values = {}
    for key, value in given.items():
        if key == "where":
            if value not in WHERE:
                raise PipelineError(f"{where}: bounds.where must be one of {', '.join(WHERE)}, got {value!r}.")
            values[key] = value
        elif key == "within":
            values[key] = _int_or_none(value, where, key) or 0
        elif key == "unpunctuated":
            if not isinstance(value, bool):
                raise PipelineError(f"{where}: bounds.unpunctuated must be true or false, got {value!r}.")
            values[key] = value
        elif key == "why":
            values[key] = str(value or "")
        elif key == "max_share":
            values[key] = None if value is None else _share(value, where)
        else:
            values[key] = _int_or_none(value, where, key)
    return Bounds(**{**default.__dict__, **values})


def _rule(source: str, group: str, i: int, entry) -> Rule:
    inline = group == "inline_rules"
    where = f"{source}: {group}[{i}]"
    if not isinstance(entry, dict):
        raise PipelineError(f"{where} must be a mapping with name, why and pattern.")
    for key in ("name", "why", "pattern") + (("replace",) if inline else ()):
        if not isinstance(entry.get(key), str):
            raise PipelineError(f"{where} ({entry.get('name', 'unnamed')}) needs a text field '{key}'.")
    where = f"{where} ({entry['name']})"
    known = {"name", "why", "pattern", "bounds"} | ({"replace"} if inline else set())
    unknown = sorted(set(entry) - known)
    if unknown:
        raise PipelineError(f"{where}: unknown field {unknown[0]!r}; a rule has {', '.join(sorted(known))}.")
    try:
        pattern = re.compile(entry["pattern"])
    except re.error as exc:
        raise PipelineError(f"{where}: pattern is not a valid regular expression ({exc}). Fix the pattern.")
    return Rule(entry["name"], entry["why"], pattern, entry.get("replace"), _bounds(entry, group, where),
                positional=group in ("leading_rules", "to_end_rules"))


_HEADER_KEYS = {"name", "why", "window", "min_chars", "bounds"}
_HEADER_BOUNDS = {"title_max_words", "start_within", "max_lines", "max_words", "max_chars", "max_share", "why"}


def _header(data, source: str) -> RepeatedTitle | None:
    if data is None:
        return RepeatedTitle()
    if not isinstance(data, dict):
        raise PipelineError(f"{source}: repeated_header must be a mapping with name, why, window, min_chars and bounds.")
    where = f"{source}: repeated_header"
    unknown = sorted(set(data) - _HEADER_KEYS)
    if unknown:
        raise PipelineError(f"{where}: unknown field {unknown[0]!r}; it has {', '.join(sorted(_HEADER_KEYS))}.")
    bounds = data.get("bounds") or {}
    if not isinstance(bounds, dict):
        raise PipelineError(f"{where}: bounds must be a mapping ({', '.join(sorted(_HEADER_BOUNDS))}).")
    unknown = sorted(set(bounds) - _HEADER_BOUNDS)
    if unknown:
        raise PipelineError(f"{where}: unknown bound {unknown[0]!r}; it takes {', '.join(sorted(_HEADER_BOUNDS))}.")
    values = {}
    for key in ("window", "min_chars"):
        if key in data:
            values[key] = _int_or_none(data[key], where, key) or 0
    if bounds.get("max_share") is not None:
        values["max_share"] = _share(bounds["max_share"], where)
    for key in _HEADER_BOUNDS - {"why", "max_share"}:
        if key in bounds:
            values[key] = _int_or_none(bounds[key], where, key) or 0
    if values.get("window", 1) == 0:
        return None
    return RepeatedTitle(name=str(data.get("name", "page_header")), why=str(data.get("why", "")),
                         bounds_why=str(bounds.get("why", "")), **values)


def parse_rules(data, source: str = "cleaning rules") -> Rules:
    """Build :class:`Rules` from the parsed YAML mapping, checking every entry and its bounds."""
    if not isinstance(data, dict):
        raise PipelineError(f"{source} must be a YAML mapping (see the comments in config/cleaning.yaml).")
    known = {"line_rules", "leading_rules", "to_end_rules", "inline_rules", "repeated_header", "rejoin_broken_paragraphs"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise PipelineError(f"{source}: unknown section {unknown[0]!r}; sections are {', '.join(sorted(known))}.")
    groups = {}
    for group in ("line_rules", "leading_rules", "to_end_rules", "inline_rules"):
        entries = data.get(group) or []
        if not isinstance(entries, list):
            raise PipelineError(f"{source}: {group} must be a list of rules.")
        groups[group] = tuple(_rule(source, group, i, e) for i, e in enumerate(entries))
    rules = Rules(
        line=groups["line_rules"],
        leading=groups["leading_rules"],
        to_end=groups["to_end_rules"],
        inline=groups["inline_rules"],
        header=_header(data.get("repeated_header"), source),
        rejoin=bool(data.get("rejoin_broken_paragraphs", True)),
    )
    seen = set()
    for name in rules.names:
        if name in seen:
            raise PipelineError(f"{source}: two rules are named {name!r}; give each rule its own name "
                                "(the audit and the allow_cleaning column name rules).")
        seen.add(name)
    return rules


def load_rules(path: Path | str) -> Rules:
    """Read and check ``config/cleaning.yaml``."""
    return parse_rules(read_yaml(path), str(path))


def normalise_line(line: str) -> str:
    """NFC, no invisible characters, one plain space between words, bullets as '• '."""
    line = unicodedata.normalize("NFC", _INVISIBLE.sub("", line))
    line = _SPACES.sub(" ", line).strip()
    return _BULLET.sub("• ", line) if _BULLET.match(line) else line


def looks_like_title(line: str, max_words: int = 20) -> bool:
    """A title: at most ``max_words`` words and no final punctuation (closing quotes and brackets aside).

    >>> [looks_like_title(t) for t in ("The WPS Agenda and Mutual Aid: Transforming Regional Aspirations",
    ...  "Gentlemen of the Senate and Gentlemen of the House of Representatives:", "Is ASEAN ready?")]
    [True, False, False]
    """
    n = len(line.split())
    return 0 < n <= max_words and not line.rstrip(_CLOSERS).endswith(_TITLE_FINAL)


def _in_place(bounds: Bounds, rank: int, n: int) -> bool:
    """Whether the ``rank``-th of ``n`` non-blank lines (0-based) is where the rule may act."""
    if bounds.where == "anywhere":
        return True
    top, bottom = rank < bounds.within, n - 1 - rank < bounds.within
    return top if bounds.where == "top" else bottom if bounds.where == "bottom" else top or bottom


def _mark_removals(stripped: list[str], rules: Rules) -> dict[int, str]:
    """Index of each removed line -> name of the rule that removes it (``stripped``: normalised lines)."""
    nonblank = [i for i, t in enumerate(stripped) if t]
    n = len(nonblank)
    n_words = {i: len(stripped[i].split()) for i in nonblank}
    removed: dict[int, str] = {}

    def too_long(i: int, b: Bounds) -> bool:
        return b.max_words is not None and n_words[i] > b.max_words

    # Line rules: a matching line, inside the rule's place and length.
    for rank, i in enumerate(nonblank):
        for rule in rules.line:
            if too_long(i, rule.bounds) or not _in_place(rule.bounds, rank, n):
                continue
            if rule.pattern.search(stripped[i]):
                removed[i] = rule.name
                break

    # Leading rules: the run of matching lines at the very top, if short enough to be a menu.
    for rule in rules.leading:
        b, run, chars = rule.bounds, [], 0
        for i in nonblank:
            text = stripped[i]
            if (not rule.pattern.search(text) or too_long(i, b)
                    or (b.unpunctuated and text.rstrip(_CLOSERS).endswith(_SENTENCE_FINAL))):
                break
            run.append(i)
            chars += len(text)
        if (run and (b.max_lines is None or len(run) <= b.max_lines) and (b.max_chars is None or chars <= b.max_chars)
                and (b.first_max_words is None or n_words[run[0]] <= b.first_max_words)):
            for i in run:
                removed.setdefault(i, rule.name)

    # To-end rules: from a matching line to the end, if what follows is a short footer. The
    # earliest matching line whose tail fits the bounds starts the footer; lines that another
    # rule removes anyway, and further matching lines, do not count against the bounds.
    for rule in rules.to_end:
        b, start, count, chars = rule.bounds, None, 0, 0
        for i in reversed(nonblank):
            if rule.pattern.search(stripped[i]):
                start = i
                continue
            if i in removed:
                continue
            count += 1
            chars += len(stripped[i])
            if ((b.max_lines is not None and count > b.max_lines) or (b.max_chars is not None and chars > b.max_chars)
                    or too_long(i, b) or (b.unpunctuated and stripped[i].rstrip(_CLOSERS).endswith(_FOOTER_FINAL))):
                break
        if start is not None:
            for i in nonblank:
                if i >= start:
                    removed.setdefault(i, rule.name)

    # The page header: a title printed twice at the top; the short block before its second copy.
    h = rules.header
    if h is not None and h.window > 0:
        avail = [i for i in nonblank[: h.window] if i not in removed]
        seen: dict[str, int] = {}
        for k, i in enumerate(avail):
            text = stripped[i]
            if len(text) < h.min_chars:
                continue
            if text in seen:
                first = seen[text]
                block = avail[first:k]
                if (first < h.start_within and looks_like_title(text, h.title_max_words)
                        and len(block) <= h.max_lines and all(n_words[j] <= h.max_words for j in block)
                        and sum(len(stripped[j]) for j in block) <= h.max_chars):
                    for j in block:
                        removed.setdefault(j, h.name)
                break
            seen[text] = k
    return removed


#: Passes of the rules at most: cleaning stops as soon as a pass changes nothing.
MAX_PASSES = 10


def clean_text(text: str, rules: Rules) -> tuple[str, list[dict]]:
    """Clean ``text`` with ``rules``.

    Returns the cleaned text and audit rows, one per removed line, replaced
    fragment or joined paragraph: ``line`` (1-based, in the raw file),
    ``rule``, ``action`` (``remove_line``, ``replace``, ``join_paragraph``),
    ``text`` (what was removed) and ``replacement``.

    Cleaning is idempotent: cleaning the cleaned text changes nothing. One
    pass of the rules can expose more to clean (a markdown link nested in
    another, a line that reads "Subscribe to ..." once its emphasis markers
    are gone, a title repeated a third time), so the rules are applied again
    to their own output until a pass changes nothing (at most
    :data:`MAX_PASSES`); what a later pass removes is audited under the raw
    line it came from. Each pass keeps to the bounds; :func:`measure` and
    :func:`check_retention` see what all passes removed together.

    >>> rules = parse_rules({"inline_rules": [{"name": "md", "why": "", "pattern": r"\\*(\\w+)\\*", "replace": r"\\1"}]})
    >>> clean_text("A  *bold*\\u00a0word.\\n\\n\\nNext.", rules)[0]
    'A bold word.\\n\\nNext.\\n'
    >>> clean_text("**twice**", rules)[0]
    'twice\\n'
    """
    out, audit, origin = _clean_once(text, rules)
    # A pass that changed nothing but white space leaves the same non-blank lines in the same
    # order, which every rule judges by (positions count non-blank lines): nothing more to do.
    for _ in range(MAX_PASSES - 1 if audit else 0):
        again, more, again_origin = _clean_once(out, rules)
        if again == out:
            break
        # Paragraph k of ``out`` is its line 2k (paragraphs are joined by one blank line).
        for row in more:
            row["line"] = origin[(row["line"] - 1) // 2] + 1
        audit += more
        origin = [origin[i // 2] for i in again_origin]
        out = again
    audit.sort(key=lambda r: (r["line"], r["action"] != "remove_line"))
    return out, audit


def _clean_once(text: str, rules: Rules) -> tuple[str, list[dict], list[int]]:
    """One pass of the rules: cleaned text, audit rows, and each paragraph's first raw line (0-based)."""
    lines = _LINE_SPLIT.split(text[1:] if text.startswith("\ufeff") else text)
    stripped = [normalise_line(x) for x in lines]
    removed = _mark_removals(stripped, rules)
    audit: list[dict] = []
    paragraphs: list[tuple[int, str]] = []  # (raw line index, text)
    for i, raw_line in enumerate(lines):
        if i in removed:
            audit.append(dict(line=i + 1, rule=removed[i], action="remove_line", text=raw_line.strip(), replacement=""))
            continue
        line = stripped[i]
        if not line:
            continue
        for rule in rules.inline:
            def _record(m, rule=rule, i=i):
                new = m.expand(rule.replace)
                audit.append(dict(line=i + 1, rule=rule.name, action="replace", text=m.group(0), replacement=new))
                return new
            line = rule.pattern.sub(_record, line)
        line = _SPACES.sub(" ", line).strip()
        if line:
            paragraphs.append((i, line))
    merged: list[str] = []
    origin: list[int] = []
    for k, (i, line) in enumerate(paragraphs):
        if (
            rules.rejoin
            and merged
            and line[0].islower()
            and not merged[-1].endswith(_CLOSES_SENTENCE)
            and not merged[-1].startswith("• ")
        ):
            audit.append(dict(line=i + 1, rule=REJOIN, action="join_paragraph", text="", replacement=" "))
            merged[-1] = f"{merged[-1]} {line}"
        else:
            merged.append(line)
            origin.append(i)
    return (("\n\n".join(merged) + "\n") if merged else ""), audit, origin


# -- what the rules removed -------------------------------------------------

def count_chars(text: str) -> int:
    """Characters other than white space (the unit of every cleaning measure).

    >>> count_chars(" a b\\n\\n c ")
    3
    """
    return len(_WHITE.sub("", text))


def removed_chars(row: dict) -> int:
    """Characters (not white space) that one audit row took out of the text."""
    if row["action"] == "remove_line":
        return count_chars(row["text"])
    if row["action"] == "replace":
        return max(0, count_chars(row["text"]) - count_chars(row["replacement"]))
    return 0


@dataclass(frozen=True)
class Retention:
    """What cleaning kept of one document: characters (not white space) before and after, and per rule
    the characters and lines it removed (``by_rule``: rule -> ``(chars, lines)``, rules that removed
    something only, in the order they first act in the document)."""

    chars_raw: int
    chars_clean: int
    by_rule: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def removed_chars(self) -> int:
        return sum(chars for chars, _ in self.by_rule.values())

    @property
    def removed_lines(self) -> int:
        return sum(lines for _, lines in self.by_rule.values())

    @property
    def removed_share(self) -> float:
        """Share of the raw document's characters that the rules removed (0 to 1)."""
        return self.removed_chars / self.chars_raw if self.chars_raw else 0.0

    def share(self, rule: str) -> float:
        return self.by_rule.get(rule, (0, 0))[0] / self.chars_raw if self.chars_raw else 0.0

    @property
    def top_rule(self) -> str:
        """The rule that removed most characters (ties: the first to act); empty if nothing was removed."""
        best = max(self.by_rule.items(), key=lambda kv: kv[1][0], default=("", (0, 0)))
        return best[0] if best[1][0] > 0 else ""


def measure(raw: str, clean: str, audit: Iterable[dict]) -> Retention:
    """Per rule, the characters (not white space) and lines that cleaning removed from one document.

    Lines count removed lines only; a rule that replaces text inside lines counts the
    characters it took out (``&amp;`` -> ``&`` is 4). The paragraph rejoin removes nothing.
    ``chars_raw - chars_clean`` can differ from ``removed_chars`` by Unicode normalisation
    (NFC, invisible characters), which no rule does.

    >>> rules = load_rules(Path(__file__).parent.parent / "config" / "cleaning.yaml")
    >>> raw = "- Home\\n- News\\nA title\\n\\nBody text, *kept*.\\n\\nShare this article\\n"
    >>> clean, audit = clean_text(raw, rules)
    >>> m = measure(raw, clean, audit)
    >>> m.chars_raw, m.chars_clean, m.by_rule
    (48, 20, {'breadcrumb_menu': (10, 2), 'markdown_emphasis': (2, 0), 'sharing_blurb': (16, 1)})
    >>> m.top_rule, round(m.removed_share, 3)
    ('sharing_blurb', 0.583)
    """
    by_rule: dict[str, list[int]] = {}
    for row in audit:
        if row["action"] == "join_paragraph":
            continue
        entry = by_rule.setdefault(row["rule"], [0, 0])
        entry[0] += removed_chars(row)
        entry[1] += row["action"] == "remove_line"
    return Retention(count_chars(raw), count_chars(clean), {k: (c, n) for k, (c, n) in by_rule.items()})


# -- the retention guard ----------------------------------------------------

#: Default bounds of the guard: the share of a document one rule may remove, and the
#: length (in words) of a line that a positional rule may never remove.
MAX_SHARE = 0.10
MAX_LINE_WORDS = 40


def _excerpt(text: str, words: int = 14) -> str:
    parts = text.split()
    out = " ".join(parts[:words])
    return out + (" …" if len(parts) > words else "")


def _pct(share: float, digits: int = 1) -> str:
    return f"{share * 100:.{digits}f} %"


def _allow_fix(rule: str, doc_id: str, manifest: str) -> str:
    return (f"if it is boilerplate, write {rule} in the allow_cleaning column of the row of '{doc_id}' in "
            f"{manifest} (or, for every document, raise the rule's bounds.max_share in config/cleaning.yaml); "
            "if it is the document's text, narrow the rule there; if little is left, set include to no with a reason")


def check_retention(doc_id: str, raw: str, clean: str, audit: list[dict], rules: Rules, *,
                    file: str | None = None, max_share: float = MAX_SHARE, max_line_words: int = MAX_LINE_WORDS,
                    allow: Iterable[str] = (), manifest: str = "data/raw/manifest.csv") -> list[Problem]:
    """The retention guard: problems with what cleaning removed from one document (none: all is well).

    * ``nothing left after cleaning``: the rules removed the whole text;
    * ``cleaning removes too much``: one rule removed more than ``max_share`` of the
      document's characters (not white space);
    * ``cleaning removes a long line``: a positional rule (:attr:`Rules.positional`: a
      leading block, a footer, the page header) removed a line of ``max_line_words``
      words or more; rules that match known boilerplate text (a disclaimer, a byline)
      are not held to this.

    A rule whose bounds state ``max_share`` (in ``config/cleaning.yaml``) is held to that
    share instead of ``max_share``, in every document. Rules named in ``allow`` (the
    document's ``allow_cleaning`` cell) are exempt from both bounds in this document. ``file`` is the raw file (``data/raw/x.txt``) that problems name.

    >>> rules = load_rules(Path(__file__).parent.parent / "config" / "cleaning.yaml")
    >>> raw = "Subscribe to our newsletter for weekly news on peace and security in ASEAN.\\n\\nASEAN met.\\n"
    >>> clean, audit = clean_text(raw, rules)
    >>> for p in check_retention("d", raw, clean, audit, rules, file="data/raw/d.txt"): print(p)  # doctest: +ELLIPSIS
    data/raw/d.txt line 1 (doc_id 'd'): rule sharing_blurb removes 87.5 % of the document (63 of 72 characters, 1 line), more than the 10 % allowed; the first line it removes is line 1: 'Subscribe to our newsletter for weekly news on peace and security in ASEAN.'. Fix: if it is boilerplate, write sharing_blurb in the allow_cleaning column of the row of 'd' ...
    >>> check_retention("d", raw, clean, audit, rules, allow={"sharing_blurb"})
    []
    """
    allow = frozenset(allow)
    file = file or doc_id
    m = measure(raw, clean, audit)
    first: dict[str, dict] = {}
    for row in audit:
        if row["action"] != "join_paragraph":
            first.setdefault(row["rule"], row)
    if not clean.strip():
        top = m.top_rule
        row = first.get(top)
        return [Problem(
            file, f"nothing is left after cleaning: every line is removed (most by rule {top}, "
            f"{m.by_rule.get(top, (0, 0))[0]:,} of {m.chars_raw:,} characters)",
            f"if the file holds no document (an advertisement, a list of links), keep it out of the analysis: set "
            f"include to no on its row in {manifest} and give the reason; otherwise narrow the rules that removed "
            "it in config/cleaning.yaml", line=row["line"] if row else None, doc_id=doc_id,
            kind="nothing left after cleaning")]
    problems = []
    for rule, (chars, lines) in m.by_rule.items():
        if rule in allow:
            continue
        share = m.share(rule)
        bound = rules.max_share(rule)
        bound = max_share if bound is None else bound
        if share > bound:
            row = first[rule]
            what, verb = ("line", "removes") if row["action"] == "remove_line" else ("text", "replaces")
            problems.append(Problem(
                file, f"rule {rule} removes {_pct(share)} of the document ({chars:,} of {m.chars_raw:,} characters, "
                f"{lines:,} line{'' if lines == 1 else 's'}), more than the {_pct(bound, 0)} allowed; the first "
                f"{what} it {verb} is line {row['line']}: '{_excerpt(row['text'])}'",
                _allow_fix(rule, doc_id, manifest), line=row["line"], doc_id=doc_id, kind="cleaning removes too much"))
    positional = rules.positional - allow
    for rule in [r for r in m.by_rule if r in positional]:
        long_row = next((r for r in audit if r["rule"] == rule and r["action"] == "remove_line"
                         and len(r["text"].split()) >= max_line_words), None)
        if long_row is not None:
            problems.append(Problem(
                file, f"rule {rule} removes lines by their position, and would remove line {long_row['line']}, "
                f"of {len(long_row['text'].split())} words (a positional rule may not remove a line of "
                f"{max_line_words} words or more): '{_excerpt(long_row['text'])}'",
                _allow_fix(rule, doc_id, manifest), line=long_row["line"], doc_id=doc_id,
                kind="cleaning removes a long line"))
    return problems


@dataclass(frozen=True)
class Cleaned:
    """One document cleaned: text, audit rows, what was removed, and the guard's problems."""

    text: str
    audit: list[dict]
    retention: Retention
    problems: list[Problem]


def clean_document(raw: str, rules: Rules, doc_id: str, *, file: str | None = None, allow: Iterable[str] = (),
                   max_share: float = MAX_SHARE, max_line_words: int = MAX_LINE_WORDS,
                   manifest: str = "data/raw/manifest.csv") -> Cleaned:
    """:func:`clean_text`, :func:`measure` and :func:`check_retention` in one call, for the corpus stage."""
    text, audit = clean_text(raw, rules)
    problems = check_retention(doc_id, raw, text, audit, rules, file=file, max_share=max_share,
                               max_line_words=max_line_words, allow=allow, manifest=manifest)
    return Cleaned(text, audit, measure(raw, text, audit), problems)
