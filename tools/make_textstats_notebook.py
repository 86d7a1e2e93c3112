"""Write notebooks/02_textstats.ipynb (no outputs) from the cells below: `python tools/make_textstats_notebook.py`."""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from pipeline.textstats import PARAMS

ROOT = Path(__file__).resolve().parent.parent

params_src = "# Parameters (papermill replaces this cell with the values in params.yaml, section `textstats`)\n" + "\n".join(
    f"{k} = {p.default!r}" for k, p in PARAMS.items()
) + '\nfigure_formats = ["pdf", "svg", "png"]\nfigure_dpi = 300\nfigure_width_in = 7.48'

cells = [
    new_markdown_cell(
        "# 02 · Text statistics: what each document says, and how\n\n"
        "**Question.** Which words and phrases characterise each document, how does the ASEAN defence ministers' joint "
        "statement speak compared with the WPS event page and the RSIS commentary, and how far do these texts use the "
        "language of UNSCR 1325's four pillars, or of military versus human security?\n\n"
        "**Data.** The cleaned texts and segments written by the corpus stage (`data/processed/clean/`, "
        "`segments.csv`, `documents.csv`), the stopword list `config/stopwords.txt` and the dictionaries in "
        "`config/dictionaries/`.\n\n"
        "**Method.** The statistics that quanteda, Voyant Tools and AntConc give, computed by `pipeline.textstats`: "
        "frequencies, keyness, collocations, keyword in context, dispersion, lexical diversity, readability, "
        "dictionary counts and the opening words of diplomatic clauses. Every table is written to `data/processed/` "
        "and described in the data dictionary; every figure goes to `figures/`.\n\n"
        "**Explore.** Change a value in the next cell (for example `kwic_terms`, `mwes`, `stem = True` or "
        "`mattr_window`) and run the notebook again; under DVC, put the change in `params.yaml` instead. Running "
        "this notebook rewrites the stage's tables and figures: with the defaults they come out identical; after "
        "an experiment, run `make` to bring them back in line with `params.yaml`.\n\n"
        "**Where to read more.** [00 · Overview](./00_overview.ipynb) puts these results next to the actor network; "
        "[05 · Explore](./05_explore.ipynb) lets you search any word or phrase."
    ),
    new_code_cell(params_src, metadata={"tags": ["parameters"]}),
    new_code_cell(
        "%matplotlib inline\n"
        "import pandas as pd\n"
        "from IPython.display import display\n\n"
        "from pipeline import config, textfigures, textstats\n\n"
        'pd.set_option("display.max_colwidth", 80)\n'
        "P = config.paths()\n"
        "params = dict(\n"
        + "".join(f"    {k}={k},\n" for k in PARAMS)
        + ")\n"
        "inputs = textstats.load_inputs(P, params)  # stops with a clear message if a stopword or dictionary file is wrong\n"
        "results = textstats.compute(inputs.texts, inputs.segments, inputs.documents, params, inputs.stopwords, inputs.dictionaries)\n"
        "written = textstats.write_outputs(results, P)\n"
        "figures = textfigures.draw_all(results, P.figures / \"textstats\", formats=figure_formats, dpi=figure_dpi,\n"
        "                               width_in=figure_width_in, processed=P.processed)\n"
        "tables = textstats.write_paper_tables(results, P.tables / \"textstats\")\n"
        "[p.relative_to(P.root).as_posix() for p in written]"
    ),
    new_markdown_cell(
        "## Words, terms and segments\n\n"
        "A *word* is a token of the text, lower-cased: `ADMM-Plus` and `capacity-building` stay whole and `ASEAN's` "
        "counts as `asean`. A *term* is a word, or a multiword expression from `mwes` joined into one term "
        "(`mutual_aid`, `women_peace_and_security`), so that a phrase with one meaning is counted once. Statistics "
        "work inside *segments*, the sentences and diplomatic clauses found by the corpus stage, so no phrase is "
        "counted across two sentences."
    ),
    new_markdown_cell(
        "## The documents at a glance\n\n"
        "- **Type-token ratio (TTR)**: distinct terms divided by terms. It falls as a text grows longer, so compare "
        "it only between texts of similar length.\n"
        "- **MATTR**: the TTR of every window of `mattr_window` consecutive terms, averaged. It does not depend on "
        "length, so it compares a short event page with a long commentary fairly.\n"
        "- **Vocabulary density**: Voyant Tools' name for distinct words divided by words (the TTR of words rather "
        "than terms), with the same dependence on length.\n"
        "- **Flesch reading ease**: 206.835 − 1.015 × (words per segment) − 84.6 × (syllables per word). Higher is "
        "easier; below 30 is very difficult. One-sentence diplomatic clauses of fifty words score very low, even "
        "below zero: the measure was built for school prose and tells us about sentence length more than "
        "difficulty."
    ),
    new_code_cell('results["doc_stats"].set_index("doc_id").T'),
    new_markdown_cell(
        "## Frequencies\n\n"
        "How often each term occurs, and per 1,000 terms so that documents of different lengths compare. The "
        "figure leaves out stopwords (*the*, *and*, *of*) when `stopwords_for` includes `top_terms`. Frequency "
        "shows what a text talks about, not what is distinctive about it: that is keyness, below."
    ),
    new_code_cell(
        "display(results.top_terms.sort_values([\"doc_id\", \"count\"], ascending=[True, False]).groupby(\"doc_id\").head(10))\n"
        'display(results["ngrams"][results["ngrams"]["n"] > 1].query("scope == \'corpus\'").head(15))'
    ),
    new_code_cell('display(textfigures.draw("textstats_top_terms", results, figure_width_in))'),
    new_markdown_cell(
        "## Keyness: what is distinctive about each document\n\n"
        "Each document is compared with all the others pooled. **G2** (log-likelihood) measures how surprising the "
        "difference in a term's frequency is; it is signed, negative when the term is *under*-used in the document. "
        "**Log Ratio** (Hardie) is the size of the difference: 1 means twice as frequent, 2 four times, −1 half as "
        "frequent. Read them together: a large G2 with a small log ratio is a frequent word used a little more. "
        "**p** is the chance of a G2 at least this large if the document used the term at the same rate as the "
        "rest (G2 above 3.84 gives p < 0.05, above 10.83 p < 0.001). With only three short documents, and words "
        "that are not independent draws (a text repeats its topic), p-values are a guide, not a test. Negative "
        "keywords matter: that *women* never occurs in the defence ministers' statement is a finding."
    ),
    new_code_cell(
        'k = results["keyness"]\n'
        'display(k[~k.target.str.startswith("genre:")].sort_values(["target", "g2"], ascending=[True, False]).groupby("target").head(8))\n'
        'k[k.term == "women"]'
    ),
    new_code_cell('display(textfigures.draw("textstats_keyness", results, figure_width_in))'),
    new_markdown_cell(
        "## Collocations\n\n"
        "Pairs of terms that occur together more often than chance (within `collocation_window` terms, at least "
        "`collocation_min_freq` times). The **likelihood ratio** favours frequent, reliable pairs; **PMI** (pointwise "
        "mutual information) favours rare, exclusive pairs and overrates pairs seen only twice. A collocation "
        "shows a habit of phrasing (*regional plan*, *mutual aid*), not a relation between the ideas: read the "
        "pair in context before interpreting it."
    ),
    new_code_cell('c = results["collocations"]\nc[c.scope == "corpus"].head(15)'),
    new_markdown_cell(
        "## Keywords in context and dispersion\n\n"
        "A concordance shows every occurrence of a term with `kwic_window` words either side, so you can read how "
        "*security* or *partners* is used rather than only count it. The dispersion plot (quanteda's x-ray) shows "
        "where in each document the terms fall: clustered in one passage, or spread throughout. Positions are "
        "relative (0 = start, 1 = end), so a short and a long document get rows of the same width: ten marks in "
        "a 500-word page are denser than ten in a 1,100-word commentary."
    ),
    new_code_cell('results["kwic"].query("term == \'women\'").head(12)'),
    new_code_cell('display(textfigures.draw("textstats_dispersion", results, figure_width_in))'),
    new_markdown_cell(
        "## Dictionaries: UNSCR 1325's pillars and security framings\n\n"
        "A dictionary counts words by category (`config/dictionaries/`). The rate per 1,000 words makes documents "
        "comparable. A dictionary is only as good as its words: check the `matched` column (here, most of the "
        "commentary's *relief and recovery* is the *aid* of *mutual aid*) before reading a score as a finding, and "
        "edit the YAML files to test other framings."
    ),
    new_code_cell('results["dictionary_scores"]'),
    new_code_cell('display(textfigures.draw("textstats_dictionary_heatmap", results, figure_width_in))'),
    new_markdown_cell(
        "## The rhetoric of a joint statement: clause verbs\n\n"
        "Preambular clauses open with a participle or adjective (RECOGNISING, RECALLING): they set out context and "
        "shared understandings. Operative clauses open with a verb (COMMIT, ENHANCE, UPHOLD): they say what the "
        "signatories will do. Counting the opening words shows how much of a statement recalls and how much "
        "commits, and to what kind of action. The verb is only the first word: it says nothing of how binding, "
        "funded or specific the commitment that follows is."
    ),
    new_code_cell('results["clause_verbs"]'),
    new_code_cell('display(textfigures.draw("textstats_clause_verbs", results, figure_width_in))'),
    new_markdown_cell(
        "## Caveats\n\n"
        "Three documents of a few hundred to a thousand words are a small corpus: keyness against \"the rest\" "
        "compares each text with only two others, and genre targets equal document targets while each genre has one "
        "document. Counts treat every occurrence alike, whatever the sentence says about it. Use these statistics "
        "to find passages to read, and read them."
    ),
]

for i, cell in enumerate(cells):
    cell["id"] = f"textstats-{i:02d}"  # fixed ids: regenerating gives the same bytes
nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
    "language_info": {"name": "python"},
})
out = ROOT / "notebooks" / "02_textstats.ipynb"
nbformat.write(nb, out)
print(out)
