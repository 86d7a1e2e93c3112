"""A seeded synthetic corpus built from the real documents' sentences and structure.

The scale benchmark (``benchmarks/bench_scale.py``) needs thousands of
documents that look like ours to the pipeline: the same boilerplate for the
cleaner to remove, the same clause openers for the segmenter, the same
actors and terms. This module cuts the three real raw texts in
``data/raw/`` into pools (preambular and operative clauses, prose
sentences, headings, bullet points, and each genre's boilerplate) and
recombines them, with a fixed seed, into documents of three kinds:

* ``joint_statement``: breadcrumb menu, title twice, date, an opening
  sentence, preambular clauses, "WE HEREBY COMMIT TO:", operative clauses,
  an ADOPTED line and a "More Resources" footer;
* ``commentary``: the RSIS page header (title, authors, disclaimer, title
  again, byline), SYNOPSIS, COMMENTARY, headed sections of paragraphs, and
  the back matter (biography, address, sharing blurb);
* ``event_page``: Event Type / Date / Venue lines, paragraphs, a heading
  and a bulleted list.

Each document is about ``--kb`` kilobytes (5 by default). The same seed
gives the same bytes. Usage::

    python benchmarks/synth.py OUT_DIR --docs 1000 [--seed 7] [--kb 5]

writes ``OUT_DIR/synth_00001.txt ...`` and ``OUT_DIR/manifest.csv``, the
layout of ``data/raw/``.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RAW = REPO / "data" / "raw"

GENRES = ("joint_statement", "commentary", "event_page")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")
_CAPS_OPENER = re.compile(r"^([A-Z][A-Z’'-]{2,})\s")
PLACES = ["Kuala Lumpur, Malaysia", "Jakarta, Indonesia", "Manila, the Philippines", "Ha Noi, Viet Nam",
          "Bangkok, Thailand", "Vientiane, Lao PDR", "Phnom Penh, Cambodia", "Singapore",
          "Bandar Seri Begawan, Brunei Darussalam", "Dili, Timor-Leste"]
ORDINALS = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth",
            "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


@dataclass
class Pools:
    """Pieces of the real documents, to recombine."""

    preambular: list[str] = field(default_factory=list)
    operative: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    commentary_header: list[str] = field(default_factory=list)
    commentary_back: list[str] = field(default_factory=list)
    statement_footer: list[str] = field(default_factory=list)


def _raw_texts(raw: Path) -> dict[str, str]:
    with open(raw / "manifest.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {r["genre"]: (raw / r["file"]).read_text(encoding="utf-8-sig") for r in rows}


def load_pools(raw: Path = RAW) -> Pools:
    """Cut the real raw documents (one of each genre) into the pools."""
    texts = _raw_texts(raw)
    pools = Pools()
    prose: list[str] = []

    lines = [x.strip() for x in texts["joint_statement"].splitlines()]
    commit = lines.index("WE HEREBY COMMIT TO:")
    footer = lines.index("More Resources")
    for i, line in enumerate(lines):
        if _CAPS_OPENER.match(line) and not line.startswith(("WE HEREBY", "ADOPTED")) and i < footer:
            (pools.preambular if i < commit else pools.operative).append(line)
    pools.statement_footer = [x for x in lines[footer:] if x]

    lines = [x.strip() for x in texts["commentary"].splitlines()]
    synopsis = lines.index("SYNOPSIS")
    bio = next(i for i, x in enumerate(lines) if re.match(r"^[A-Z]\w+ [A-Z]\w+ is a Senior", x))
    pools.commentary_header = lines[:synopsis]
    pools.commentary_back = lines[bio:]
    for line in lines[synopsis + 1 : bio]:
        if not line or line in ("COMMENTARY",):
            continue
        if len(line.split()) <= 12 and not line.endswith((".", ",")):
            pools.headings.append(line)
        elif line[0].isupper():
            prose.append(line)

    for line in (x.strip() for x in texts["event_page"].splitlines()):
        if line.startswith("•"):
            pools.bullets.append(line.lstrip("• ").strip())
        elif ":" in line[:12] or not line:
            continue
        elif len(line.split()) <= 12 and not line.endswith((".", ":")):
            pools.headings.append(line)
        elif not line.endswith(":"):
            prose.append(line)

    for para in prose:
        pools.sentences += [s.strip() for s in _SENTENCE_END.split(para) if len(s.split()) >= 4]
    return pools


def _fill(rng: random.Random, pool: list[str], budget: int) -> list[str]:
    """Pieces drawn from ``pool`` until about ``budget`` characters."""
    out, size = [], 0
    while size < budget:
        piece = rng.choice(pool)
        out.append(piece)
        size += len(piece) + 1
    return out


def _paragraphs(rng: random.Random, pools: Pools, budget: int) -> list[str]:
    out, size = [], 0
    while size < budget:
        para = " ".join(rng.sample(pools.sentences, rng.randint(2, 5)))
        out.append(para)
        size += len(para) + 2
    return out


def joint_statement(rng: random.Random, pools: Pools, n: int, size: int) -> tuple[str, str]:
    place = rng.choice(PLACES)
    title = f"Joint Statement by the ASEAN Defence Ministers’ Meeting Plus on Regional Cooperation No. {n}"
    day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(2010, 2025)
    head = ["- Home", "- News and events", "- Latest Releases", f"- {title}", title, f"{day} {month} {year}", "",
            f"The {rng.choice(ORDINALS)} ASEAN Defence Ministers’ Meeting Plus (hereinafter referred to as "
            f"“ADMM-Plus”), convened in {place}, on {day} {month} {year};"]
    budget = size - sum(len(x) for x in head) - 600
    pre = _fill(rng, pools.preambular, budget * 2 // 5)
    op = _fill(rng, pools.operative, budget * 3 // 5)
    body = [*head, *pre, "WE HEREBY COMMIT TO:", *op,
            f"ADOPTED in {place} on the {rng.choice(ORDINALS)} Day of {month} in the Year {year}, "
            "in a single original copy in the English language.", *pools.statement_footer]
    return title, "\n".join(body) + "\n"


def commentary(rng: random.Random, pools: Pools, n: int, size: int) -> tuple[str, str]:
    real_title = next(x for x in pools.commentary_header if len(x) > 40 and "RSIS" not in x)
    title = f"{rng.choice(pools.headings)}: Regional Perspectives No. {n}"
    header = [title if x == real_title else x for x in pools.commentary_header]
    budget = size - sum(len(x) for x in header + pools.commentary_back) - 200
    paras = _paragraphs(rng, pools, budget)
    body = [*header, "SYNOPSIS", "", paras[0], "", "COMMENTARY", ""]
    for k, para in enumerate(paras[1:]):
        if k and k % 3 == 0:
            body += [rng.choice(pools.headings), ""]
        body += [para, ""]
    body += pools.commentary_back
    return title, "\n".join(body) + "\n"


def event_page(rng: random.Random, pools: Pools, n: int, size: int) -> tuple[str, str]:
    month, year = rng.choice(MONTHS), rng.randint(2015, 2025)
    day = rng.randint(1, 27)
    title = f"ASEAN Women, Peace and Security Dialogue No. {n} (event page)"
    head = ["Event Type: Conferences", "", f"Date: {month} {day}, {year} to {month} {day + 1}, {year}", "",
            f"Venue: {rng.choice(PLACES)}", "", ""]
    paras = _paragraphs(rng, pools, (size - 300) * 3 // 5)
    bullets = _fill(rng, pools.bullets, (size - 300) * 2 // 5)
    body = [*head]
    for k, para in enumerate(paras):
        if k == len(paras) // 2:
            body += [rng.choice(pools.headings), ""]
        body += [para, ""]
    body += ["The Dialogue aims to:", ""] + [f"  • {b}" for b in bullets]
    return title, "\n".join(body) + "\n"


MAKERS = {"joint_statement": joint_statement, "commentary": commentary, "event_page": event_page}
PUBLISHERS = {"joint_statement": "ADMM-Plus", "commentary": "S. Rajaratnam School of International Studies (RSIS)",
              "event_page": "ASEAN"}


def generate(out: Path, n_docs: int, seed: int = 7, kb: float = 5.0, raw: Path = RAW) -> list[dict]:
    """Write ``n_docs`` documents and their ``manifest.csv`` into ``out``; return the manifest rows."""
    rng = random.Random(seed)
    pools = load_pools(raw)
    out.mkdir(parents=True, exist_ok=True)
    size = int(kb * 1000)
    rows = []
    for n in range(1, n_docs + 1):
        genre = GENRES[(n - 1) % len(GENRES)] if n <= len(GENRES) else rng.choice(GENRES)
        title, text = MAKERS[genre](rng, pools, n, size)
        name = f"synth_{n:05d}.txt"
        (out / name).write_text(text, encoding="utf-8")
        rows.append(dict(doc_id=f"synth_{n:05d}", file=name, title=title,
                         date=f"{rng.randint(2010, 2025)}-{rng.randint(1, 12):02d}", publisher=PUBLISHERS[genre],
                         genre=genre, source=f"Synthetic document (benchmarks/synth.py, seed {seed})", notes=""))
    with open(out / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return rows


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="folder to write (data/raw layout)")
    ap.add_argument("--docs", type=int, default=100, help="number of documents (default 100)")
    ap.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    ap.add_argument("--kb", type=float, default=5.0, help="approximate size of a document in kB (default 5)")
    args = ap.parse_args(argv)
    rows = generate(args.out, args.docs, args.seed, args.kb)
    total = sum((args.out / r["file"]).stat().st_size for r in rows)
    print(f"wrote {len(rows)} documents ({total / 1e6:.1f} MB) and manifest.csv to {args.out}")


def real_corpus():
    """The real corpus through the corpus stage's driver, in a scratch root: what the benchmarks read.

    The inputs (``data/raw/``, ``config/``) are copied so that nothing is written into the checkout;
    parameters are the schema's defaults.
    """
    import shutil
    import tempfile

    from pipeline import config, corpus
    from pipeline.params import Params

    root = Path(tempfile.mkdtemp(prefix="aseanwps-bench-"))
    try:
        for folder in ("data/raw", "config"):
            shutil.copytree(REPO / folder, root / folder)
        return corpus.run(config.paths(root), Params())
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
