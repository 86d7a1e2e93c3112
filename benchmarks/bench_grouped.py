"""Time of the grouped analyses (issue 13) in the textstats and network stages, against the stages without them.

Default (``--mode stages``): a seeded synthetic corpus of ``--docs`` documents
(``benchmarks/synth.py``, dated 2010-2025) goes through the real corpus and
actors drivers in a scratch root (untimed); then, best of ``--repeat``, the
textstats and network stages' computations (``textstats.compute``,
``network.compute``, with the groups by year, each year against the rest and
against the year before, reference keyness, trends and period networks) and,
in the same run, their grouped part alone (``pipeline.grouped.text_tables``,
``pipeline.grouped.network_tables``) on the same inputs. The ungrouped
baseline is the stage minus its grouped part; the overhead is grouped /
baseline. The new figures are timed too (drawn once). Target (issue 13): the
grouped analysis adds at most 25 % to the two stages' time at 5,000 documents.

``--mode keyness`` (the earlier micro-benchmark, below): the grouped keyness alone
against the ungrouped keyness, same data, same run.

Makes a seeded synthetic corpus (``benchmarks/synth.py``: the real documents'
sentences recombined, dated 2010-2025), counts its terms as the textstats stage
does (the project's words, multiword expressions joined), then times, best of
``--repeat``:

- baseline: the textstats stage's keyness as it is (``keyness_table``: every
  document and every genre against the rest), with the default stopwords;
- grouped: :func:`pipeline.comparison.grouped_comparison` by year, each year against
  the rest and against the year before (with the number of documents and the
  dispersion of every keyword), and its summary table;
- and, for the record: dispersion per year, trends of six terms, keyness against
  wordfreq's English list (corpus and years), and grouped keyness with a
  bootstrap of ``--bootstrap`` replicates.

``--extra-vocab N`` replaces one word in twenty with a word drawn (Zipf, seeded)
from N invented types, for a vocabulary nearer a real corpus of that size (the
recombined sentences of three documents have about two thousand types).

``--per-document`` also times the baseline's per-document targets computed by
``grouped_keyness`` (grouping by ``doc_id``), whose memory follows the non-zero cells.

Run: ``python benchmarks/bench_grouped.py [--docs 5000] [--repeat 3] [--extra-vocab 0] [--per-document]``.
Target (issue 13): the grouped analysis adds at most 25 % to the stage's keyness time.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402
from pipeline.comparison import grouped_comparison, grouped_keyness  # noqa: E402
from pipeline.dispersion import dispersion_table  # noqa: E402
from pipeline.groups import assign_groups, group_order, resolve_pairs  # noqa: E402
from pipeline.reference import reference_keyness  # noqa: E402
from pipeline.tokens import DEFAULT_MWES, TermMaker, load_stopwords, words  # noqa: E402
from pipeline.trends import resolve_terms, term_trends  # noqa: E402

from pipeline.keyness import keyness_table  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def make_corpus(n_docs: int, seed: int, extra_vocab: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(documents, counts) of a synthetic corpus: ``doc_id, date, genre, n_tokens`` and ``doc_id, term, count``."""
    with tempfile.TemporaryDirectory() as tmp:
        rows = synth.generate(Path(tmp), n_docs, seed=seed)
        texts = {r["doc_id"]: (Path(tmp) / r["file"]).read_text(encoding="utf-8") for r in rows}
    maker = TermMaker(DEFAULT_MWES)
    rng = random.Random(seed)
    invented = [f"xv{i}" for i in range(extra_vocab)]
    weights = [1 / (i + 1) for i in range(extra_vocab)]
    records, sizes = [], {}
    for doc_id in sorted(texts):
        ws = words(texts[doc_id])
        if extra_vocab:
            picks = iter(rng.choices(invented, weights, k=len(ws)))
            ws = [next(picks) if rng.random() < 0.05 else w for w in ws]
        sizes[doc_id] = len(ws)
        records += [(doc_id, t, c) for t, c in Counter(maker.terms(ws)).items()]
    documents = pd.DataFrame([{"doc_id": r["doc_id"], "date": r["date"], "genre": r["genre"],
                               "n_tokens": sizes[r["doc_id"]]} for r in rows])
    return documents, pd.DataFrame(records, columns=["doc_id", "term", "count"])


def best_of(fn, repeat: int):
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def peak_mb(fn) -> float:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def stages(n_docs: int, seed: int, repeat: int) -> dict:
    """The textstats and network stages with and without their grouped part (see the module docstring)."""
    import yaml

    from pipeline import actors, config, corpus, grouped, netfigures, network, params, textfigures, textstats
    from pipeline.frequencies import stop_terms

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        synth.generate(root / "data" / "raw", n_docs, seed=seed, raw=REPO / "data" / "raw")
        shutil.copytree(REPO / "config", root / "config")
        chosen = params.defaults()
        chosen["groups"].update({"by": "year", "time_by": "year", "pairs": ["previous"]})
        chosen["corpus"]["max_removed_share"] = 0.2  # the recombined documents carry a whole author biography
        (root / "params.yaml").write_text(yaml.safe_dump(chosen, sort_keys=False), encoding="utf-8")
        P = config.paths(root)
        p = params.load(P.params)
        t0 = time.perf_counter()
        corpus.run(P, p)
        actors.run(P, p)
        print(f"corpus and actors stages on {n_docs:,} documents: {time.perf_counter() - t0:.1f} s (not timed)")
        ts_in = textstats.load_inputs(P, p.textstats)
        t_ts, res = best_of(lambda: textstats.compute(ts_in.texts, ts_in.segments, ts_in.documents, p.textstats,
                                                      ts_in.stopwords, ts_in.dictionaries, p.groups), repeat)
        maker = TermMaker(p.textstats.mwes, stem=p.textstats.stem)
        stop = stop_terms(frozenset(ts_in.stopwords), maker)
        words_of = res["doc_stats"].set_index("doc_id")["n_tokens"]
        t_ts_g, _ = best_of(lambda: grouped.text_tables(res["term_frequencies"], res["dictionary_scores"], words_of,
                                                        ts_in.documents, stop, p.textstats, p.groups), repeat)
        net_in = network.load_inputs(P, p)
        t_net, net = best_of(lambda: network.compute(net_in.mentions, net_in.segments, net_in.gazetteer, p.network,
                                                     net_in.documents, p.groups), repeat)
        t_net_g, _ = best_of(lambda: grouped.network_tables(net_in.mentions, net_in.segments, net_in.gazetteer,
                                                            net_in.documents, sorted(net.comention), p.network,
                                                            p.groups), repeat)
        res.figure, net.figure, net.figure_max_docs = p.figure, p.figure, p.textstats.figure_max_docs
        figs = {}
        for name in textfigures.FIGURE_NAMES:
            t0 = time.perf_counter(); textfigures.draw(name, res); figs[name] = time.perf_counter() - t0
        for name in netfigures.FIGURE_NAMES:
            t0 = time.perf_counter(); netfigures.draw(name, net); figs[name] = time.perf_counter() - t0
    new = ("textstats_group_keyness", "textstats_trends", "textstats_reference_keyness", "network_periods",
           "network_actor_trends")
    base = (t_ts - t_ts_g) + (t_net - t_net_g)
    t_new_figs = sum(figs[n] for n in new)
    t_old_figs = sum(v for n, v in figs.items() if n not in new)
    out = {"docs": n_docs, "textstats_s": t_ts, "textstats_grouped_s": t_ts_g, "network_s": t_net,
           "network_grouped_s": t_net_g, "baseline_s": base, "overhead": (t_ts_g + t_net_g) / base,
           "figures_s": t_old_figs, "new_figures_s": t_new_figs,
           "overhead_with_figures": (t_ts_g + t_net_g + t_new_figs) / (base + t_old_figs)}
    print(f"textstats.compute: {t_ts:7.2f} s, of which grouped (text_tables): {t_ts_g:6.2f} s")
    print(f"network.compute:   {t_net:7.2f} s, of which grouped (network_tables): {t_net_g:6.2f} s")
    print(f"ungrouped baseline (both stages, minus the grouped part): {base:7.2f} s; grouped part adds "
          f"{100 * out['overhead']:.1f} % (target <= 25 %)")
    print(f"figures: the existing ones {t_old_figs:.2f} s, the five new ones {t_new_figs:.2f} s; with figures the "
          f"grouped analysis adds {100 * out['overhead_with_figures']:.1f} %")
    return out


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", choices=("stages", "keyness"), default="stages",
                    help="stages: the two stages with and without the grouped part (default); keyness: grouped "
                    "keyness against keyness_table")
    ap.add_argument("--docs", type=int, default=5000, help="documents (default 5000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each, best reported (default 3)")
    ap.add_argument("--seed", type=int, default=7, help="seed of the synthetic corpus (default 7)")
    ap.add_argument("--extra-vocab", type=int, default=0, help="invented word types mixed in (default 0)")
    ap.add_argument("--bootstrap", type=int, default=200, help="bootstrap replicates timed (default 200)")
    ap.add_argument("--per-document", action="store_true",
                    help="also time the baseline's per-document keyness done by grouped_keyness (grouping by doc_id)")
    args = ap.parse_args(argv)
    if args.mode == "stages":
        return stages(args.docs, args.seed, args.repeat)

    t0 = time.perf_counter()
    documents, counts = make_corpus(args.docs, args.seed, args.extra_vocab)
    print(f"corpus: {len(documents):,} documents, {int(counts['count'].sum()):,} terms, "
          f"{counts['term'].nunique():,} types, {len(counts):,} non-zero cells ({time.perf_counter() - t0:.1f} s to build)")
    stop = load_stopwords(REPO / "config" / "stopwords.txt")
    ids = sorted(documents["doc_id"])
    targets = {d: [d] for d in ids}
    for genre, sub in documents.groupby("genre", sort=True):
        targets[f"genre:{genre}"] = sorted(sub["doc_id"])
    assignment = assign_groups(documents, "year")
    pairs = resolve_pairs(["previous"], group_order(assignment))
    sizes = documents.set_index("doc_id")["n_tokens"]
    terms = resolve_terms(["women", "security", "peace", "partners", "mutual aid", "ASEAN"], mwes=DEFAULT_MWES)

    def grouped():
        return grouped_comparison(counts, assignment, pairs, stop=stop)

    t_base, base = best_of(lambda: keyness_table(counts, targets, stop=stop, min_count=1, min_expected=1.0), args.repeat)
    t_group, (gk, _) = best_of(grouped, args.repeat)
    t_disp, _ = best_of(lambda: dispersion_table(counts, sizes, assignment), args.repeat)
    t_trend, _ = best_of(lambda: term_trends(counts, assignment, sizes, terms), args.repeat)
    t_ref, ref = best_of(lambda: reference_keyness(counts, assignment, stop=stop), args.repeat)
    t_boot, _ = best_of(lambda: grouped_keyness(counts, assignment, pairs, stop=stop, bootstrap=args.bootstrap), 1)
    m_base = peak_mb(lambda: keyness_table(counts, targets, stop=stop, min_count=1, min_expected=1.0))
    m_group = peak_mb(grouped)

    if args.per_document:  # the same targets as the baseline's documents, without its dense terms x documents matrix
        by_doc = assign_groups(documents, "doc_id")
        t_doc, per_doc = best_of(lambda: grouped_keyness(counts, by_doc, stop=stop), args.repeat)
        m_doc = peak_mb(lambda: grouped_keyness(counts, by_doc, stop=stop))
        print(f"per-document keyness by grouped_keyness ({len(ids):,} documents vs rest): {t_doc:7.3f} s, "
              f"{len(per_doc):,} rows, peak {m_doc:,.0f} MB")
    n_groups = len(group_order(assignment))
    print(f"baseline keyness_table ({len(targets):,} targets: documents + genres): {t_base:7.3f} s, "
          f"{len(base):,} rows, peak {m_base:,.0f} MB")
    print(f"grouped_keyness by year ({n_groups} vs rest + {len(pairs)} vs previous) + summary: {t_group:7.3f} s, "
          f"{len(gk):,} rows, peak {m_group:,.0f} MB")
    print(f"  ratio grouped / baseline: {t_group / t_base:.3f}  (target: <= 0.25 added)")
    print(f"dispersion_table by year: {t_disp:7.3f} s")
    print(f"term_trends (6 terms) by year: {t_trend:7.3f} s")
    print(f"reference_keyness (corpus + {n_groups} years): {t_ref:7.3f} s, {len(ref):,} rows")
    print(f"grouped_keyness with a bootstrap of {args.bootstrap}: {t_boot:7.3f} s")
    return {"docs": len(documents), "baseline_s": t_base, "grouped_s": t_group, "ratio": t_group / t_base,
            "dispersion_s": t_disp, "trends_s": t_trend, "reference_s": t_ref, "bootstrap_s": t_boot,
            "baseline_peak_mb": m_base, "grouped_peak_mb": m_group}


if __name__ == "__main__":
    main()
