"""Generate notebooks/01_corpus.ipynb (the source of truth for its cells is this script).

Run: python tools/make_corpus_notebook.py
"""
import nbformat
from nbformat.v4 import new_notebook, new_markdown_cell as md, new_code_cell as code

cells = [
md("""# 01 · The corpus: what we read, and what we removed

**Question.** Which documents does this analysis read, what in them is web boilerplate rather than text, and how is each built: from the preambular and operative clauses of a diplomatic statement, or from the sentences of prose?

**Data.** The raw files in `data/raw/`, exactly as collected from the web, and `data/raw/manifest.csv`, one row per document. Code never writes to `data/raw/`.

**Method.** Each document is (1) checked against the manifest, (2) cleaned by the rules in `config/cleaning.yaml`, every removal recorded, and (3) cut into *segments*: one per clause of a statement, otherwise one per sentence.

**To explore.** Change a parameter in the next cell and rerun the notebook: for example lower `heading_max_words` and watch headings turn into sentences. To add a document, drop a UTF-8 `.txt` file in `data/raw/` and add its row to the manifest (see the README). To keep something a cleaning rule removes, edit `config/cleaning.yaml`.

*Note.* This notebook is a stage of the pipeline: running it here rewrites its outputs in `data/processed/` (the same bytes with the default parameters). After an experiment, run `make` in a terminal to bring every output back in line with `params.yaml`.

Start with the [overview](./00_overview.ipynb) for the main findings; the next stage is [02 · Text statistics](./02_textstats.ipynb)."""),
code("""# Parameters (papermill replaces this cell with the values in params.yaml, section `corpus`)
extra_abbreviations = []
heading_max_words = 15""", metadata={"tags": ["parameters"]}),
code("""import pandas as pd
from IPython.display import Markdown, display

from pipeline import config, corpus

pd.set_option("display.max_colwidth", 120)
P = config.paths()
params = dict(extra_abbreviations=extra_abbreviations, heading_max_words=heading_max_words)
inputs = corpus.load_inputs(P, params)  # stops with a clear message if the manifest or a file is wrong"""),
md("""## The documents

The manifest is the public record of what the corpus holds: one row per file, with its title, date (ISO 8601: a year, a month or a day, as far as it is known), publisher and genre. The genre matters later: keyness compares each genre with the rest."""),
code("""pd.DataFrame(inputs.manifest).drop(columns="_line")"""),
md("""## Cleaning: removing what is not the document

Web pages carry navigation menus, footers, publisher disclaimers, author biographies and addresses. Counted as text, they would make "RSIS" or "Home" look like key terms. The rules in `config/cleaning.yaml` remove them; markdown remnants such as `[recent ban](#)` and `*gotong royong*` keep their words only, and footnote markers like `CSOs[3]` lose the number. White space is normalised, and a paragraph that a page break split mid-sentence is joined again."""),
code("""result = corpus.build(inputs, params)
written = corpus.write_outputs(result, P)
print(f"wrote {len(written)} files to {P.processed.relative_to(P.root)}/")"""),
md("""Every decision is in the audit table (`data/processed/cleaning_audit.csv`): the raw line, the rule that removed or changed it, and the text. Read it before trusting any count."""),
code("""result.audit"""),
md("""## Segments: clauses and sentences

A joint statement is a list of clauses. A **preambular** clause opens with an all-caps participle or adjective (RECOGNISING, REAFFIRMING) and sets out shared understandings; an **operative** clause opens with an all-caps verb (COMMIT, ENHANCE, UPHOLD) and states what the parties will do. Each clause is one segment, so later counts can ask what a statement *recognises* versus what it *commits to*. Prose is split into sentences by NLTK's Punkt, told that abbreviations such as "U.N." or "Dr." do not end a sentence (`config/abbreviations.txt`)."""),
code("""pd.crosstab(result.segments["doc_id"], [result.segments["kind"], result.segments["clause_type"]])"""),
code("""# The clauses of the statement, as segmented
clauses = result.segments[result.segments["kind"] == "clause"]
clauses[["doc_id", "seg_id", "clause_type", "text"]].assign(text=clauses["text"].str.slice(0, 90))"""),
md("""## The documents table

`data/processed/documents.csv` joins the manifest to the size of each cleaned text:

- `n_chars`: characters of the cleaned text;
- `n_tokens`: its *tokens*, the units every count in this project is made of: words and numbers, with hyphenated names such as `ADMM-Plus` kept whole and a possessive `'s` dropped (`ASEAN's` counts as `ASEAN`). The project has one tokenizer (`pipeline/tokens.py`), so every table counts the same way;
- `n_segments`: clauses, headings, list items and sentences, as above;
- `n_removed_lines`: raw lines the cleaning rules dropped (the audit table lists them);
- `sha256`: a fingerprint of the **raw** file's bytes. Anyone can run `sha256sum data/raw/<file>` and check that their copy of a document is the one analysed here; change one byte and it changes completely."""),
code("""result.documents.drop(columns=["source", "notes"])"""),
md("""## Caveats

- The rules are written for the kinds of pages in this corpus; a page from a new website may carry boilerplate they do not know. Read its rows in the audit table, and its cleaned text in `data/processed/clean/`.
- Clause detection relies on the all-caps openers listed in `config/clauses.yaml`. A statement that opens clauses in lower case, or numbers them, will be split into sentences instead.
- Headings are guessed from form (short, no closing punctuation). A short unpunctuated line of body text would be called a heading.
- Token counts depend on the tokenizer's choices: another tool that splits `ADMM-Plus` into two words or keeps `'s` will report different totals. Compare rates between documents counted the same way, not totals across tools."""),
]
nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
    "language_info": {"name": "python"},
})
for i, c in enumerate(nb.cells):
    c["id"] = f"corpus-{i:02d}"
nbformat.write(nb, "/work/main/notebooks/01_corpus.ipynb")
