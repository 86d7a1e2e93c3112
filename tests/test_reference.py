"""Keyness against general English (wordfreq's list): by hand, offline, named in every row, and on the real corpus."""

from __future__ import annotations

import math
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
import wordfreq

from pipeline.errors import PipelineError
from pipeline.groups import assign_groups
from pipeline.reference import (REFERENCE_COLUMNS, REFERENCE_WORDS, reference_frequencies, reference_keyness,
                                reference_name)
from pipeline.tokens import load_stopwords

REPO = Path(__file__).resolve().parent.parent


def four_cell(a, b, nt, nr):
    n = nt + nr
    obs = [a, b, nt - a, nr - b]
    exp = [(a + b) * nt / n, (a + b) * nr / n, (n - a - b) * nt / n, (n - a - b) * nr / n]
    g2 = 2 * sum(o * math.log(o / e) for o, e in zip(obs, exp) if o > 0)
    sign = -1 if a / nt < b / nr else 1
    return sign * g2, math.log2((a or 0.5) / nt / ((b or 0.5) / nr))


def counts_of(docs):
    rows = [(d, t, n) for d, ws in docs.items() for t, n in sorted(Counter(ws).items())]
    return pd.DataFrame(rows, columns=["doc_id", "term", "count"])


TINY = {"d1": ["the"] * 50 + ["asean"] * 10 + ["security"] * 20 + ["of"] * 20,   # 100 words
        "d2": ["the"] * 30 + ["women"] * 40 + ["mutual_aid"] * 5 + ["zzqxj"] * 5 + ["of"] * 20}   # 100 words


def test_reference_frequencies_say_how_each_term_matched():
    f = reference_frequencies(["mutual_aid", "the", "admm-plus", "zzqxj", "2025", "asean"]).set_index("term")
    assert f["match"].to_dict() == {"2025": "word", "admm-plus": "not listed", "asean": "word", "mutual_aid": "phrase",
                                    "the": "word", "zzqxj": "not listed"}
    assert f.at["the", "ref_rate"] == wordfreq.word_frequency("the", "en", "large")
    assert f.at["mutual_aid", "ref_rate"] == wordfreq.word_frequency("mutual aid", "en", "large")
    assert f.at["zzqxj", "ref_rate"] == 0.0
    # wordfreq's own estimate for a phrase: 1/f = 1/f(mutual) + 1/f(aid), rounded to three significant digits
    fm, fa = wordfreq.word_frequency("mutual", "en"), wordfreq.word_frequency("aid", "en")
    assert f.at["mutual_aid", "ref_rate"] == pytest.approx(1 / (1 / fm + 1 / fa), rel=5e-3)


def test_keyness_against_the_reference_by_hand():
    k = reference_keyness(counts_of(TINY))
    assert list(k.columns) == REFERENCE_COLUMNS
    assert set(k["reference"]) == {reference_name()} and reference_name().startswith("wordfreq 3.1.1 English 'large'")
    assert k["term"].tolist() == ["asean", "mutual_aid", "of", "security", "the", "women", "zzqxj"]
    assert set(k["target"]) == {"corpus"}
    for r in k.itertuples():
        rate = wordfreq.word_frequency(r.term.replace("_", " "), "en", "large")
        b = rate * REFERENCE_WORDS                      # the list taken as 100 million words
        g2, lr = four_cell(r.n_target, b, 200, REFERENCE_WORDS)
        assert r.n_reference == pytest.approx(b) and r.per_1k_reference == pytest.approx(1000 * rate)
        assert r.per_1k_target == pytest.approx(1000 * r.n_target / 200)
        assert (r.g2, r.log_ratio) == pytest.approx((g2, lr), rel=1e-9)
    the = k.set_index("term").loc["the"]
    # "the": 80 of 200 words = 40%, against about 5% of English: log2(.4 / .0537) = 2.897
    assert the.log_ratio == pytest.approx(math.log2(0.4 / wordfreq.word_frequency("the", "en")))
    z = k.set_index("term").loc["zzqxj"]          # not listed: 0 taken as 0.5 of 100 million
    assert z.match == "not listed" and z.log_ratio == pytest.approx(math.log2((5 / 200) / (0.5 / 1e8)))


def test_log_ratio_does_not_depend_on_the_reference_size_but_g2_does():
    small = reference_keyness(counts_of(TINY), reference_words=10_000_000).set_index("term")
    large = reference_keyness(counts_of(TINY)).set_index("term")
    listed = large.index[large["match"] != "not listed"]
    pd.testing.assert_series_equal(small.loc[listed, "log_ratio"], large.loc[listed, "log_ratio"])
    assert (small.loc[listed, "g2"].abs() < large.loc[listed, "g2"].abs()).all()
    assert small["reference"].iat[0].endswith("(taken as 10,000,000 words)")


def test_stopwords_stay_in_the_totals_and_groups_are_targets():
    documents = pd.DataFrame({"doc_id": ["d1", "d2"], "date": ["2020", "2021"]})
    k = reference_keyness(counts_of(TINY), groups=assign_groups(documents, "year"), stop=frozenset({"the", "of"}),
                          min_count=5)
    assert list(dict.fromkeys(k["target"])) == ["corpus", "2020", "2021"]
    assert not set(k["term"]) & {"the", "of"}
    women = k[(k.target == "2021") & (k.term == "women")].iloc[0]
    assert women.per_1k_target == pytest.approx(1000 * 40 / 100)        # of all 100 words of d2, "the" included
    assert set(k[k.target == "2020"]["term"]) == {"asean", "security"}
    assert k[(k.target == "corpus")]["n_target"].tolist() == [10, 5, 20, 40, 5]
    with pytest.raises(PipelineError, match="a group is called 'corpus'"):
        reference_keyness(counts_of(TINY), groups={"corpus": ["d1"]})
    with pytest.raises(PipelineError, match="the groups share documents"):
        reference_keyness(counts_of(TINY), groups={"a": ["d1", "d2"], "b": ["d2"]})
    by_dict = reference_keyness(counts_of(TINY), groups={"a": ["d1"], "b": ["d2"]}, corpus=False)
    assert list(dict.fromkeys(by_dict["target"])) == ["a", "b"]
    assert by_dict[by_dict.target == "b"]["term"].tolist() == ["mutual_aid", "of", "the", "women", "zzqxj"]


def test_refusals():
    with pytest.raises(PipelineError, match="reference word list 'huge' is unknown"):
        reference_keyness(counts_of(TINY), wordlist="huge")
    with pytest.raises(PipelineError, match="too small"):
        reference_keyness(counts_of(TINY), reference_words=1000)
    with pytest.raises(PipelineError, match="wordfreq has no 'large' list for language 'xx'"):
        reference_keyness(counts_of(TINY), lang="xx")


def test_the_list_ships_inside_the_package_and_nothing_is_downloaded(tmp_path):
    assert (Path(wordfreq.__file__).parent / "data" / "large_en.msgpack.gz").stat().st_size > 1_000_000
    script = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise RuntimeError('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "import pandas as pd\n"
        "from pipeline.reference import reference_keyness\n"
        "c = pd.DataFrame({'doc_id': ['d', 'd'], 'term': ['asean', 'the'], 'count': [3, 7]})\n"
        "print(reference_keyness(c)['match'].tolist())\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "HOME": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['word', 'word']"


# ---------------------------------------------------------------- the real corpus


@pytest.fixture(scope="module")
def real(built, real_term_counts, repo_paths):
    counts = real_term_counts
    stop = load_stopwords(repo_paths.root / "config" / "stopwords.txt")
    return built, counts, reference_keyness(counts, stop=stop).set_index("term")


def test_real_corpus_register_against_everyday_english(real):
    built, counts, k = real
    total = int(counts["count"].sum())
    asean = k.loc["asean"]
    # 57 "ASEAN" (27 + 23 + 7) in the three documents' terms; wordfreq: 2 per million words of English
    assert asean.n_target == 57 and asean.match == "word"
    assert asean.per_1k_reference == pytest.approx(1000 * wordfreq.word_frequency("asean", "en"))
    g2, lr = four_cell(57, wordfreq.word_frequency("asean", "en") * 1e8, total, 1e8)
    assert (asean.g2, asean.log_ratio) == pytest.approx((g2, lr), rel=1e-9)
    assert asean.log_ratio > 13                               # over 8,000 times as frequent as in everyday English
    # the register's words stand out; everyday words do not
    assert k.loc["mutual_aid", "match"] == "phrase" and k.loc["mutual_aid", "log_ratio"] > 5
    top = k[k.n_target >= 10].sort_values("log_ratio", ascending=False).head(10).index.tolist()
    assert "asean" in top and "wps" in top
    assert abs(k.loc["people", "log_ratio"]) < 2 if "people" in k.index else True
    assert "the" not in k.index                               # a stopword: not listed (but in the totals)
