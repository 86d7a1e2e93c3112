"""Write notebooks/00_overview.ipynb and notebooks/05_explore.ipynb (no outputs).

Run: ``python tools/make_student_notebooks.py``. These two notebooks are not
pipeline stages: they read what ``make`` wrote to ``data/processed/`` and
never write. Cell ids are fixed (``overview-00``, ...) so that regenerating
gives the same bytes.
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
META = {
    "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
    "language_info": {"name": "python"},
}

LINKS = (
    "| notebook | what it does |\n"
    "|---|---|\n"
    "| [01 · The corpus](./01_corpus.ipynb) | checks the documents, removes web boilerplate (recording every removal), cuts statements into clauses and prose into sentences |\n"
    "| [02 · Text statistics](./02_textstats.ipynb) | frequencies, keyness, collocations, concordances, dispersion, lexical diversity, readability, dictionaries, clause verbs |\n"
    "| [03 · Actors](./03_actors.ipynb) | finds every state, organisation, body and instrument the documents name, and the names the gazetteer does not know yet |\n"
    "| [04 · The network](./04_network.ipynb) | who is named with whom: co-mention, two-mode and membership networks, centralities, communities |\n"
    "| [05 · Explore](./05_explore.ipynb) | search the corpus, pick an actor or a term, and see the results at once |\n"
)


def md(text: str) -> nbformat.NotebookNode:
    return new_markdown_cell(text.strip("\n"))


def code(text: str, **kw) -> nbformat.NotebookNode:
    return new_code_cell(text.strip("\n"), **kw)


overview = [
    md("""
# 00 · Overview: what the documents say, who they name, and how to read the numbers

**Question.** How do ASEAN's Women, Peace and Security (WPS) texts and its defence diplomacy speak, and
who do they name? This notebook walks through the corpus and the main findings of the whole pipeline,
one table or figure at a time, and says in plain words what each number means and what it cannot tell.

**Data.** Only what the pipeline wrote to `data/processed/` (tables, described in
`docs/data_dictionary.md`) and the settings in `params.yaml`. Run `make` once in a terminal first
(it builds everything); this notebook reads, it never writes.

**What to change.** The next cell holds the settings of this page: how many keywords to list, and whose
ego network to draw (any `actor_id` of `data/processed/actors.csv`, e.g. `"admm_plus"`, `"un_women"`,
`"indonesia"`). To change the analysis itself (a term list, the network's unit, a dictionary), edit
`params.yaml`, run `make`, and run this notebook again.

**The notebooks.**

""" + LINKS),
    code("""
# Settings of this page (change them and run all cells again)
top_n = 8  # keywords listed per document
actor = "asean"  # whose ego network is drawn: an actor_id from data/processed/actors.csv
figure_width_in = 7.48  # width of the figures, in inches
""", metadata={"tags": ["parameters"]}),
    code("""
%matplotlib inline
import pandas as pd
from IPython.display import display

from pipeline import config, explore, netfigures, textfigures

pd.set_option("display.max_colwidth", 90)
P = config.paths()
data = explore.load(P)  # the corpus, the actors and the network (stops with a clear message if `make` has not run)
ts = explore.load_textstats(P)  # the tables of the text statistics stage
print(f"{len(data.doc_ids)} documents, {len(data.segments)} segments, {len(data.actors)} actors named")
"""),
    md("""
## 1. The corpus

One row per document, from `documents.csv`. A **token** is one word as the tokenizer cuts the text
(`ADMM-Plus` and `capacity-building` are one token each; `ASEAN's` counts as `ASEAN`). A **segment** is
a unit of meaning: a clause of a joint statement, or a sentence of prose. Three documents of 500 to
1,100 tokens are a *small* corpus: every comparison below is between these three texts only.
"""),
    code("""
data.documents[["doc_id", "title", "date", "genre", "publisher", "n_tokens", "n_segments"]]
"""),
    md("""
How each document is built: the joint statement of the ASEAN Defence Ministers' Meeting-Plus is made of
**preambular** clauses (opening with RECOGNISING, RECALLING...: what the ministers take note of) and
**operative** clauses (opening with COMMIT, ENHANCE, UPHOLD...: what they agree to do); the event page
and the commentary are prose, cut into sentences (`kind = sentence`) and list items.
"""),
    code("""
pd.crosstab(data.segments["doc_id"], [data.segments["kind"], data.segments["clause_type"].replace("", "-")])
"""),
    md("""
## 2. Size, vocabulary and readability

- **Type-token ratio (TTR)**: distinct terms divided by all terms. It falls as a text gets longer,
  so it compares texts of similar length only.
- **MATTR**: the same ratio computed in every window of 50 terms and averaged, so that length does not
  matter. Higher means more varied wording, lower means more repetition.
- **Mean segment length** in tokens, and **Flesch reading ease** (higher is easier; below 30 is "very
  difficult"). Flesch was built for school prose: a diplomatic clause of fifty words gets a score near or
  below zero because it is one long sentence, not necessarily because it is hard to understand.
"""),
    code("""
ts["doc_stats"][["doc_id", "n_tokens", "n_types", "ttr", "mattr", "mean_segment_tokens", "flesch_reading_ease"]].round(3)
"""),
    md("""
## 3. Keywords: what is distinctive about each document

Each document is compared with the other two pooled together. For each term:

- **G2** (log-likelihood) says how *surprising* the difference is, given the sizes of the two parts. The
  larger, the less likely the difference is chance. It is signed: negative when the document uses the
  term *less* than the rest (a **negative keyword**). As a rule of thumb, G2 above 3.84 corresponds to
  p < 0.05, above 10.83 to p < 0.001.
- **Log Ratio** (Hardie) says how *large* the difference is: 1 means twice as frequent per word as in the
  rest, 2 four times, 3 eight times; -1 half as frequent. A zero count is counted as 0.5 so that the
  ratio exists.

Read them together: G2 says whether to believe a difference, log ratio whether it matters. **Caveat:**
these tests assume words occur independently, which they do not (a document repeats its topic), and here
the "rest" is only two texts. Treat keywords as pointers to passages to read, not as proof.
"""),
    code("""
explore.top_keywords(ts["keyness"], top_n).round({"g2": 1, "log_ratio": 2})
"""),
    code("""
display(textfigures.draw("textstats_keyness", ts, figure_width_in))
"""),
    md("""
**Negative keywords** are findings too. The strongest under-used terms of each document: what one text
never says that the others say often. The defence ministers' statement never uses *women* or *WPS*.
"""),
    code("""
explore.top_keywords(ts["keyness"], 3, negative=True).round({"g2": 1, "log_ratio": 2})
"""),
    md("""
## 4. What a joint statement recalls, and what it commits to

The first word of each clause of the joint statement, counted. Preambular verbs (RECALLING,
RECOGNISING) set out context and shared understandings; operative verbs (ENHANCE, STRENGTHEN, UPHOLD)
state commitments. **Caveat:** a verb tells the kind of commitment, not its strength or whether it is
kept.
"""),
    code("""
display(textfigures.draw("textstats_clause_verbs", ts, figure_width_in))
"""),
    md("""
## 5. Dictionaries: UNSCR 1325's four pillars, and security framings

A dictionary (`config/dictionaries/*.yaml`) lists words for each category: the four pillars of Security
Council Resolution 1325 (participation, protection, prevention, relief and recovery), and traditional
(military) against human security. The score is the number of matches per 1,000 words, so documents of
different lengths compare. **Caveat:** a dictionary counts words, not meanings. Check the `matched`
column: most of the commentary's *relief and recovery* score is the word *aid* in *mutual aid*.
"""),
    code("""
display(textfigures.draw("textstats_dictionary_heatmap", ts, figure_width_in))
ts["dictionary_scores"].query("count > 0")[["category", "doc_id", "count", "per_1k", "matched"]].round(2)
"""),
    md("""
## 6. The network of actors

Two actors are joined when they are named in the same sentence or clause (the `unit` of the network
stage); a thicker line means they share more of them. Each actor's position in this network is measured
four ways:

- **Degree**: how many different actors it is named with.
- **Weighted degree**: how many times it shares a sentence or clause with another actor (ties counted
  with their weight).
- **Betweenness**: how often it lies on the shortest path between two other actors. An actor with high
  betweenness *bridges* groups that are otherwise named apart, for example the defence track (ADMM-Plus)
  and the WPS track.
- **Eigenvector centrality**: high when an actor is tied to actors that are themselves central.
- **Community**: groups of actors named together more than with the rest (Louvain method, with a fixed
  seed so that the result is the same every run).

**Caveat:** being named together is not working together. A clause that lists ten partners joins all of
them; an actor named often in one long document looks central. The network shows how the documents
*present* the field, not who actually cooperates.
"""),
    code("""
display(netfigures.draw("network_comention", data.network, figure_width_in))
"""),
    code("""
cols = ["actor_id", "name", "type", "mentions", "documents", "degree", "weighted_degree", "betweenness", "eigenvector", "community"]
data.actors.sort_values(["weighted_degree", "actor_id"], ascending=[False, True])[cols].head(15).round(3)
"""),
    md("""
The **ego network** of one actor (the `actor` setting above): the actor, everyone named with it, and the
ties among them. Change `actor` and run again, or use the actor picker in
[05 · Explore](./05_explore.ipynb).
"""),
    code("""
display(netfigures.ego_figure(data.network, actor, width_in=figure_width_in))
explore.ego_neighbours(data.network.comention, actor, data.actors).head(10)
"""),
    md("""
**Documents linked through their actors.** Two documents are linked by the actors they both name; the
**Jaccard** index is the number of shared actors divided by the number of actors either names (0 = none
in common, 1 = the same actors).
"""),
    code("""
data.network.tables["document_edges"]
"""),
    md("""
## 7. What these numbers cannot tell

- **Three documents** are a case study, not a sample: no statistic here generalises to ASEAN's
  discourse as a whole. Add documents (see the README) and run `make` to widen it.
- **Counts are not meanings.** A word, a keyword or a co-mention is counted the same whether the text
  praises, rejects or merely lists. Read the passages: the concordance and actor picker in
  [05 · Explore](./05_explore.ipynb) show them.
- **Choices shape results**: the stopword list, the multiword expressions, the dictionaries, the gazetteer
  and the network's unit are all in `params.yaml` and `config/`. Change one, run `make`, and see
  what moves.

Next: [01 · The corpus](./01_corpus.ipynb), or go straight to [05 · Explore](./05_explore.ipynb).
"""),
]

explore_cells = [
    md("""
# 05 · Explore the corpus yourself

**Question.** Where and how do the documents use a word? Who is named with an actor, and where? Where in
each document does a term occur? This notebook gives you three small tools to find out, without writing
code.

**Data.** What the pipeline wrote to `data/processed/` (run `make` once in a terminal first): the cleaned
texts and their segments, the actor mentions, the actors table and the co-mention network.

**How to use it.** Run all cells (menu *Run > Run All Cells*). Each tool has controls above its result:
type in a box and press **Enter**, move a slider or choose from a list, and the result below redraws.
The next cell holds the values each tool starts with; change them and run all cells again.

**No widgets?** Where interactive widgets cannot run (a static HTML page, GitHub's viewer, a notebook run
by papermill), each tool shows its result for the starting values instead. The last section shows the
same tools as plain function calls you can copy into your own cells.

Other notebooks: [00 · Overview](./00_overview.ipynb) · [02 · Text statistics](./02_textstats.ipynb) ·
[04 · The network](./04_network.ipynb).
"""),
    code("""
# Starting values of the tools (change them and run all cells again)
query = "women"  # a word or phrase for the concordance
window = 5  # tokens shown either side of it
actor = "asean"  # an actor_id from data/processed/actors.csv
term = "women"  # a word or phrase for the dispersion plot
""", metadata={"tags": ["parameters"]}),
    code("""
%matplotlib inline
import pandas as pd
from IPython.display import display

from pipeline import config, explore

pd.set_option("display.max_colwidth", 200)
data = explore.load(config.paths())  # stops with a clear message if `make` has not run yet
print(f"Loaded {len(data.doc_ids)} documents: {', '.join(data.doc_ids)}")
"""),
    md("""
## 1. Concordance: every occurrence in context

Type a word or a phrase (*mutual aid*, *women, peace and security*, *capacity-building*) and press
**Enter**. Each line shows the words before, the keyword as written, and the words after (the window),
with the document, the segment number (`seg_id` in `segments.csv`) and, for a joint statement, whether
the clause is **preambular** (context: RECALLING, RECOGNISING) or **operative** (commitment: ENHANCE,
UPHOLD). Case and punctuation between words are ignored: *Women Peace and Security* finds
*Women, Peace and Security*.

**Try:** *partners* (who are they, in each document?), *security* (which security?), *ASEAN-led*.
**Caveat:** a concordance finds the exact words only: *woman* does not find *women*; search both.
"""),
    code("""
explore.concordance_explorer(data, query=query, window=window)
"""),
    md("""
## 2. Actor picker: who is named with whom, and where

Choose an actor. You see its **ego network** (the actor in the middle, every actor named in the same
sentence or clause around it, and the ties among them; a thicker line means more shared sentences), the
actors named with it as a table (`weight` = number of sentences or clauses shared), its mentions in
each document, and every sentence or clause that names it, with the name as written (`surfaces`).

**Try:** ASEAN, then ADMM-Plus, then UN Women: do the defence track and the WPS track share partners?
**Caveat:** a co-mention is not cooperation (a clause listing many partners ties them all), and an actor
referred to as *it* or *the Ministers* is not counted.
"""),
    code("""
explore.actor_explorer(data, actor=actor)
"""),
    md("""
## 3. Dispersion: where a term occurs in each document

Pick a term from the list or type your own (a word or a phrase) and press **Enter**. Each row of the
plot is a document, from its start (0) to its end (1); each line is one occurrence. Below, the table
gives the count, the rate per 1,000 tokens, and in how many of the document's ten equal parts the term
occurs (`parts_with_term`: 10 means spread throughout, 1 means in one passage only).

**Try:** *women* (throughout the commentary, absent from the defence statement), *mutual aid*,
*maritime*. **Caveat:** a long document has more room for a term to spread; compare the rate per 1,000
tokens too.
"""),
    code("""
explore.dispersion_explorer(data, term=term)
"""),
    md("""
## 4. The same tools as functions

Each tool is a function that returns a table, so you can use it in your own cells, filter it and save
it. For example, every occurrence of *mutual aid* with three tokens either side:
"""),
    code("""
explore.concordance(data, "mutual aid", window=3).head(10)
"""),
    md("""
Mentions of the ADMM-Plus per document, and the clauses that name it:
"""),
    code("""
display(explore.actor_counts(data.mentions, "admm_plus", data.doc_ids))
explore.actor_passages(data.mentions, data.segments, "admm_plus").head(5)
"""),
    md("""
## Caveats

These tools read the outputs of the last `make`. If you change `params.yaml` or `config/`, run `make`
again, then rerun this notebook. The counts are exact for the words and names searched, and only for
them: read the lines themselves before you draw a conclusion.
"""),
]


def write(cells: list, name: str, prefix: str) -> Path:
    for i, cell in enumerate(cells):
        cell["id"] = f"{prefix}-{i:02d}"
    nb = new_notebook(cells=cells, metadata=META)
    nbformat.validate(nb)
    out = ROOT / "notebooks" / name
    nbformat.write(nb, out)
    return out


if __name__ == "__main__":
    print(write(overview, "00_overview.ipynb", "overview"))
    print(write(explore_cells, "05_explore.ipynb", "explore"))
