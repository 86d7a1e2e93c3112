"""Remove web boilerplate from a document, recording every removal.

The rules live in ``config/cleaning.yaml`` (see its comments); this module
only applies them. :func:`clean_text` is pure: text and rules in, cleaned
text and audit rows out. The cleaned text has one paragraph per block,
blocks separated by one blank line, and ends with a newline.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path


from .errors import PipelineError
from .yamlfile import read_yaml

# Unicode spaces that web pages use for layout; all become a plain space.
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_BULLET = re.compile(r"^[•·▪◦‣●]\s*")
_LINE_SPLIT = re.compile(r"\r\n|\r|\n")
_CLOSES_SENTENCE = tuple(".!?:;\"”’')]")


@dataclass(frozen=True)
class Rule:
    name: str
    why: str
    pattern: re.Pattern
    replace: str | None = None


@dataclass(frozen=True)
class Rules:
    line: tuple[Rule, ...]
    leading: tuple[Rule, ...]
    to_end: tuple[Rule, ...]
    inline: tuple[Rule, ...]
    header_name: str = "page_header"
    header_window: int = 40
    header_min_chars: int = 20
    rejoin: bool = True


def _rule(source: str, group: str, i: int, entry, inline: bool = False) -> Rule:
    where = f"{source}: {group}[{i}]"
    if not isinstance(entry, dict):
        raise PipelineError(f"{where} must be a mapping with name, why and pattern.")
    for key in ("name", "why", "pattern") + (("replace",) if inline else ()):
        if not isinstance(entry.get(key), str):
            raise PipelineError(f"{where} ({entry.get('name', 'unnamed')}) needs a text field '{key}'.")
    try:
        pattern = re.compile(entry["pattern"])
    except re.error as exc:
        raise PipelineError(
            f"{where} ({entry['name']}): pattern is not a valid regular expression ({exc}). Fix the pattern."
        )
    return Rule(entry["name"], entry["why"], pattern, entry.get("replace"))


def parse_rules(data, source: str = "cleaning rules") -> Rules:
    """Build :class:`Rules` from the parsed YAML mapping, checking every entry."""
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
        groups[group] = tuple(_rule(source, group, i, e, inline=group == "inline_rules") for i, e in enumerate(entries))
    header = data.get("repeated_header") or {}
    if not isinstance(header, dict):
        raise PipelineError(f"{source}: repeated_header must be a mapping with name, window and min_chars.")
    return Rules(
        line=groups["line_rules"],
        leading=groups["leading_rules"],
        to_end=groups["to_end_rules"],
        inline=groups["inline_rules"],
        header_name=str(header.get("name", "page_header")),
        header_window=int(header.get("window", 0)),
        header_min_chars=int(header.get("min_chars", 20)),
        rejoin=bool(data.get("rejoin_broken_paragraphs", True)),
    )


def load_rules(path: Path | str) -> Rules:
    """Read and check ``config/cleaning.yaml``."""
    return parse_rules(read_yaml(path), str(path))


def normalise_line(line: str) -> str:
    """NFC, no invisible characters, one plain space between words, bullets as '• '."""
    line = unicodedata.normalize("NFC", _INVISIBLE.sub("", line))
    line = _SPACES.sub(" ", line).strip()
    return _BULLET.sub("• ", line) if _BULLET.match(line) else line


def _mark_removals(lines: list[str], rules: Rules) -> dict[int, str]:
    """Index of each removed line -> name of the rule that removes it."""
    stripped = [normalise_line(x) for x in lines]
    removed: dict[int, str] = {}
    for i, text in enumerate(stripped):
        if text:
            for rule in rules.line:
                if rule.pattern.search(text):
                    removed[i] = rule.name
                    break
    for rule in rules.leading:
        for i, text in enumerate(stripped):
            if not text:
                continue
            if not rule.pattern.search(text):
                break
            removed.setdefault(i, rule.name)
    for rule in rules.to_end:
        hit = next((i for i, t in enumerate(stripped) if t and rule.pattern.search(t)), None)
        if hit is not None:
            for i in range(hit, len(lines)):
                if stripped[i]:
                    removed.setdefault(i, rule.name)
    if rules.header_window > 0:
        seen: dict[str, int] = {}
        for i, text in enumerate(stripped[: rules.header_window]):
            if not text or i in removed or len(text) < rules.header_min_chars:
                continue
            if text in seen:
                for j in range(seen[text], i):
                    if stripped[j]:
                        removed.setdefault(j, rules.header_name)
                break
            seen[text] = i
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
    line it came from.

    >>> rules = parse_rules({"inline_rules": [{"name": "md", "why": "", "pattern": r"\\*(\\w+)\\*", "replace": r"\\1"}]})
    >>> clean_text("A  *bold*\\u00a0word.\\n\\n\\nNext.", rules)[0]
    'A bold word.\\n\\nNext.\\n'
    >>> clean_text("**twice**", rules)[0]
    'twice\\n'
    """
    out, audit, origin = _clean_once(text, rules)
    for _ in range(MAX_PASSES - 1):
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
    removed = _mark_removals(lines, rules)
    audit: list[dict] = []
    paragraphs: list[tuple[int, str]] = []  # (raw line index, text)
    for i, raw_line in enumerate(lines):
        if i in removed:
            audit.append(dict(line=i + 1, rule=removed[i], action="remove_line", text=raw_line.strip(), replacement=""))
            continue
        line = normalise_line(raw_line)
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
            audit.append(dict(line=i + 1, rule="rejoin_broken_paragraph", action="join_paragraph", text="", replacement=" "))
            merged[-1] = f"{merged[-1]} {line}"
        else:
            merged.append(line)
            origin.append(i)
    return (("\n\n".join(merged) + "\n") if merged else ""), audit, origin
