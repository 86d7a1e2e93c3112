"""Comparisons across groups and time in the stages (issue 13): parameters, the manifest's own columns,
the grouped tables off the real corpus, an independent recount of the trends, and figures that fit a page."""

from __future__ import annotations

import csv
import dataclasses
import math
import re
import shutil
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from pipeline import config, corpus, grouped, params, textfigures
from pipeline.errors import PipelineError
from pipeline.figures import A4_IN, PAGE_HEIGHT_IN
from pipeline.params import GroupsParams
from pipeline.tokens import words

REPO = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- parameters


def test_the_groups_section_reports_every_problem_at_once_naming_the_key():
    raw = {"groups": {"by": "period", "time_by": "period", "periods": {"a": "2017-2021", "b": "2020-2023"},
                      "pairs": ["a against b"]}}
    found = params.problems(raw, complete=False)
    assert len(found) == 2, found
    assert "groups.periods" in found[0] and "overlap" in found[0]
    assert "groups.pairs has 'a against b'" in found[1] and "'target vs reference'" in found[1]
    with pytest.raises(PipelineError, match="groups.by is period but groups.periods names none"):
        params.resolve({"groups": {"by": "period"}})


def test_periods_as_yaml_writes_them_are_kept_as_written():
    # YAML reads 2022 as a number and 2022-11-13 as a date
    import datetime as dt
    p = params.resolve({"groups": {"periods": {"one year": 2022, "from": dt.date(2023, 1, 1)}}})
    assert p.groups.periods == {"one year": "2022", "from": "2023-01-01"}


def test_the_stage_defaults_of_the_modules_are_the_schemas():
    """The stage passes every setting from params; the modules' own keyword defaults agree with them."""
    import inspect

    from pipeline.comparison import grouped_comparison

    sig = inspect.signature(grouped_comparison).parameters
    t = params.TextstatsParams()
    assert (sig["bootstrap"].default, sig["ci"].default, sig["bootstrap_top_n"].default, sig["seed"].default) == (
        t.keyness_bootstrap, t.keyness_bootstrap_ci, t.keyness_bootstrap_top_n, t.keyness_bootstrap_seed)
    assert sig["min_count"].default == t.keyness_min_count and sig["min_expected"].default == t.keyness_min_expected


def test_an_unknown_group_column_names_the_key_and_the_columns_there_are(built_corpus):
    docs = built_corpus.documents
    with pytest.raises(PipelineError) as err:
        grouped.check(docs, GroupsParams(by="track", pairs=["x vs y"]))
    message = str(err.value)
    assert "groups.by is 'track'" in message and "add a column 'track' to the manifest" in message
    assert "genre" in message and "publisher" in message and "decade" in message
    with pytest.raises(PipelineError, match=r"groups.pairs: there is no group 'wps'.*Fix: name two of the groups"):
        grouped.check(docs, GroupsParams(by="genre", pairs=["wps vs commentary"]))


# ---------------------------------------------------------------- the real corpus, grouped by genre (the default)


def test_grouped_keyness_by_genre_on_the_real_corpus(built_textstats):
    s = built_textstats["group_comparisons"]
    assert s[["target", "n_docs_target", "n_docs_reference", "words_target", "words_reference"]].values.tolist() == [
        ["commentary", 1, 2, 703, 887], ["event_page", 1, 2, 335, 1255], ["joint_statement", 1, 2, 552, 1038]]
    a = built_textstats["group_assignment"]
    assert sorted(a.loc[a.grouping == "genre", "group"]) == ["commentary", "event_page", "joint_statement"]
    assert set(a.loc[a.grouping == "year", "group"]) == {"2025"}


def four_cell(a: float, b: float, nt: float, nr: float) -> tuple[float, float, float]:
    """Signed G2, Log Ratio and p of a 2x2 table, cell by cell (independent of pipeline.keyness)."""
    n = nt + nr
    obs = [a, b, nt - a, nr - b]
    exp = [(a + b) * nt / n, (a + b) * nr / n, (n - a - b) * nt / n, (n - a - b) * nr / n]
    g2 = 2 * sum(o * math.log(o / e) for o, e in zip(obs, exp) if o > 0)
    sign = -1 if a / nt < b / nr else 1
    return sign * g2, math.log2(((a or 0.5) / nt) / ((b or 0.5) / nr)), math.erfc(math.sqrt(max(g2, 0) / 2))


def test_grouped_keyness_agrees_with_the_four_cell_formula_from_the_group_totals(built_textstats):
    k, s = built_textstats["group_keyness"], built_textstats["group_comparisons"]
    totals = {r.target: (r.words_target, r.words_reference) for r in s.itertuples()}
    assert len(k) > 900
    for r in k.itertuples():
        nt, nr = totals[r.target]
        g2, lr, p = four_cell(r.n_target, r.n_reference, nt, nr)
        assert (r.g2, r.log_ratio, r.p) == pytest.approx((g2, lr, p), rel=1e-9, abs=1e-12), r
    # a group of one document: the keyword is in its one document (DP 0), and DP_norm and D are undefined
    mutual = k[(k.target == "commentary") & (k.term == "mutual_aid")].iloc[0]
    assert (mutual.n_target, mutual.n_reference, mutual.docs_target, mutual.dp) == (16, 0, 1, 0.0)
    assert math.isnan(mutual.dp_norm) and math.isnan(mutual.juilland_d)


def test_the_reference_is_named_in_every_row(built_textstats):
    ref = built_textstats["reference_keyness"]
    assert ref["reference"].nunique() == 1
    assert re.fullmatch(r"wordfreq [\d.]+ English 'large' list \(taken as 100,000,000 words\)", ref["reference"].iat[0])
    assert set(ref["target"]) == {"corpus", "commentary", "event_page", "joint_statement"}
    corpus_rows = ref[ref.target == "corpus"].set_index("term")
    assert corpus_rows.at["asean", "n_target"] == 57 and corpus_rows.at["asean", "log_ratio"] > 10
    assert (ref["n_target"] >= params.TextstatsParams().reference_min_count).all()


def recount(texts: dict[str, str], phrase: str, mwes) -> Counter:
    """Occurrences of ``phrase`` (its lower-cased words in a row) in each cleaned text, counted here.

    As the textstats stage counts terms, a word inside a multiword expression is that expression's
    ("women" in "Women, Peace and Security" is not the term "women"): the expressions' words are
    taken out first, longest first, left to right.
    """
    target = phrase.lower().split()
    expressions = sorted((words(m) for m in mwes), key=len, reverse=True)
    out = Counter()
    for doc, text in texts.items():
        ws = words(text)
        taken = [False] * len(ws)
        for m in expressions:
            if m == target:
                continue
            for i in range(len(ws) - len(m) + 1):
                if ws[i:i + len(m)] == m and not any(taken[i:i + len(m)]):
                    taken[i:i + len(m)] = [True] * len(m)
        out[doc] = sum(ws[i:i + len(target)] == target and not any(taken[i:i + len(target)])
                       for i in range(len(ws) - len(target) + 1))
    return out


def test_trends_agree_with_a_recount_from_the_cleaned_texts(built_corpus, built_textstats, inputs_root):
    texts = corpus.load_clean_texts(inputs_root)
    trends = pd.read_csv(inputs_root.processed / "trends.csv", dtype={"group": str})  # as written, to its precision
    terms = trends[trends.kind == "term"].set_index("item")
    n_words = sum(len(words(t)) for t in texts.values())
    assert n_words == 2459 and set(terms["n_words"]) == {n_words} and set(terms["n_docs"]) == {3}
    expect = {"women": 26, "security": 26, "peace": 10, "partners": 4, "mutual aid": 16, "ASEAN": 57}
    t = params.TextstatsParams()
    for term in t.trend_terms:
        counts = recount(texts, term, t.mwes)
        assert terms.at[term, "count"] == sum(counts.values()) == expect[term], term
        assert terms.at[term, "docs_using"] == sum(1 for c in counts.values() if c)
        assert terms.at[term, "per_1k"] == float(f"{1000 * sum(counts.values()) / n_words:.6g}"), term
    cats = trends[trends.kind == "category"]
    scores = built_textstats["dictionary_scores"]
    for r in cats.itertuples():
        d, c = r.item.split(":")
        assert r.count == scores[(scores.dictionary == d) & (scores.category == c)]["count"].sum()


def test_the_period_network_of_one_year_is_the_whole_network(built_network):
    t = built_network.tables
    summary = t["period_networks"]
    co = t["actor_edges"][t["actor_edges"]["kind"] == "co_mention"]
    assert summary[["period", "order", "n_docs"]].values.tolist() == [["2025", 1, 3]]
    assert summary.at[0, "n_actors"] == len(t["actors"]) and summary.at[0, "n_edges"] == len(co)
    assert set(t["period_actors"]["status"]) == {"present"}
    assert len(t["period_edges"]) == len(co)
    assert t["period_edges"]["weight"].sum() == co["weight"].sum()
    at = t["actor_trends"]
    top = t["actors"].sort_values(["mentions", "actor_id"], ascending=[False, True])["actor_id"]
    assert set(at["item"]) == set(top.head(params.NetworkParams().trend_top_n))
    asean = at.set_index("item").loc["asean"]
    assert (asean["count"], asean["n_words"]) == (t["actors"].set_index("actor_id").at["asean", "mentions"], 2459)


# ---------------------------------------------------------------- figures on one page


def _page_inches(png: Path, dpi: int) -> tuple[float, float]:
    w, h = Image.open(png).size
    return w / dpi, h / dpi


def test_every_figure_fits_one_a4_page(built_textstats, built_network, inputs_root):
    dpi = params.FigureParams().dpi
    pngs = sorted((inputs_root.figures).glob("*/*.png"))
    names = {p.stem for p in pngs}
    assert set(textfigures.FIGURE_NAMES) <= names and {"network_periods", "network_actor_trends"} <= names
    for png in pngs:
        w, h = _page_inches(png, dpi)
        assert w <= A4_IN[0] and h <= PAGE_HEIGHT_IN + 0.01, (png.name, w, h)


def test_past_figure_max_docs_the_figures_show_groups(built_textstats):
    r = dataclasses.replace(built_textstats, params=dataclasses.replace(built_textstats.params, figure_max_docs=2),
                            drawn={}, figure_dir=None)
    pn = textfigures.panels(r)
    assert pn.unit == "group" and len(pn.ids) == 2
    assert pn.labels[pn.ids[0]].endswith("(1 docs)")
    assert "the 2 largest of 3 groups are shown" in pn.note
    caps = textfigures.captions(r)
    assert "each group" in caps["textstats_keyness"] and "groups.by = genre" in caps["textstats_keyness"]
    for name in textfigures.PER_DOCUMENT:
        fig = textfigures.draw(name, r)
        assert fig.get_figheight() <= PAGE_HEIGHT_IN and fig.get_figwidth() <= A4_IN[0], name
    # the heatmap pools each group's matches over its tokens
    scores = textfigures.group_dictionary_scores(r, pn)
    one = scores.iloc[0]
    stats = r["doc_stats"].set_index("doc_id")
    doc = next(d for d, g in pn.group_of.items() if g == one.doc_id)
    assert one.per_1k == pytest.approx(1000 * one["count"] / stats.at[doc, "n_tokens"])


# ---------------------------------------------------------------- params.yaml choosing groups builds the tables


@pytest.mark.slow
def test_params_choosing_a_manifest_column_pairs_and_named_periods_build_the_grouped_tables(tmp_path):
    """A scholar's own `track` column, a pair of tracks and periods from the manifest's dates, through the drivers."""
    from pipeline import actors, network, textstats

    for folder in ("data/raw", "config"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    manifest = tmp_path / "data/raw/manifest.csv"
    rows = list(csv.DictReader(manifest.open(encoding="utf-8")))
    track = {"asean_wps_summit_2025": "WPS", "admm_plus_joint_statement_2025": "defence",
             "rsis_wps_mutual_aid_2025": "WPS"}
    with manifest.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, [*rows[0], "track"])
        w.writeheader()
        for r in rows:
            w.writerow({**r, "track": track[r["doc_id"]]})
    import yaml

    chosen = params.defaults()
    # the summit is dated 2025-09-09, the joint statement 2025-11-01, the commentary only 2025
    chosen["groups"] = {"by": "track", "periods": {"September": "2025-09", "October-November": "2025-10/2025-11"},
                        "time_by": "period", "rest": True, "pairs": ["WPS vs defence"]}
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(chosen, sort_keys=False), encoding="utf-8")
    P = config.paths(tmp_path)
    built = corpus.run(P, None)
    assert built.attributes.query("attribute == 'track'")["value"].tolist() == ["WPS", "defence", "WPS"]
    ts = textstats.run(P, None)
    s = ts["group_comparisons"]
    assert s[["comparison", "target", "reference", "n_docs_target", "n_docs_reference", "words_target",
              "words_reference"]].values.tolist() == [
        ["group_vs_rest", "WPS", "rest", 2, 1, 1038, 552], ["group_vs_rest", "defence", "rest", 1, 2, 552, 1038],
        ["pair", "WPS", "defence", 2, 1, 1038, 552]]
    k = ts["group_keyness"]
    wps = k[(k.comparison == "pair") & (k.term == "mutual_aid")].iloc[0]
    assert (wps.n_target, wps.n_reference, wps.docs_target) == (16, 0, 1)
    # all in the commentary (703 of the track's 1,038 words; the summit page has 335): by hand,
    # DP = .5 * (|1 - 703/1038| + |0 - 335/1038|) = 335/1038, and DP_norm = DP / (1 - 335/1038) = 335/703
    assert (wps.dp, wps.dp_norm) == pytest.approx((335 / 1038, 335 / 703), rel=1e-6)
    a = ts["group_assignment"].set_index(["grouping", "doc_id"])
    assert a.at[("period", "asean_wps_summit_2025"), "group"] == "September"
    assert a.at[("period", "admm_plus_joint_statement_2025"), "group"] == "October-November"
    assert a.at[("period", "rsis_wps_mutual_aid_2025"), "note"].startswith("date 2025 (known to the year) is not inside")
    trends = ts["trends"]
    assert trends.loc[trends.item == "ASEAN", ["group", "n_docs"]].values.tolist() == [["September", 1],
                                                                                       ["October-November", 1]]
    actors.run(P, None)
    net = network.run(P, None)
    assert net.tables["period_networks"]["period"].tolist() == ["September", "October-November"]
    assert (P.figures / "network" / "network_periods.png").is_file()
