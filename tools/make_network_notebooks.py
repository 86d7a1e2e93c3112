"""Write notebooks/03_actors.ipynb and notebooks/04_network.ipynb (no outputs): `python tools/make_network_notebooks.py`."""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from pipeline import actors, network

ROOT = Path(__file__).resolve().parent.parent
FIGURE_PARAMS = '\nfigure_formats = ["pdf", "svg", "png"]\nfigure_dpi = 300\nfigure_width_in = 7.48'
META = {
    "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
    "language_info": {"name": "python"},
}


def params_cell(stage: str, params: dict, figures: bool) -> nbformat.NotebookNode:
    src = f"# Parameters (papermill replaces this cell with the values in params.yaml, section `{stage}`)\n"
    src += "\n".join(f"{k} = {p.default!r}" for k, p in params.items())
    if figures:
        src += FIGURE_PARAMS
    return new_code_cell(src, metadata={"tags": ["parameters"]})


def params_dict(params: dict) -> str:
    return "params = dict(\n" + "".join(f"    {k}={k},\n" for k in params) + ")\n"


actors_cells = [
    new_markdown_cell(
        "# 03 · Actors: who and what the documents name\n\n"
        "**Question.** Which states, organisations, bodies, people and instruments do the documents name, how "
        "often, and which names does our gazetteer not know yet?\n\n"
        "**Data.** The cleaned texts and segments of the corpus stage (`data/processed/clean/`, `segments.csv`) "
        "and the gazetteer `config/gazetteer.yaml`: about 170 actors and instruments with their aliases (the 11 "
        "ASEAN member states, dialogue partners, ADMM-Plus and ARF participants, ASEAN and UN bodies, the Security "
        "Council's WPS resolutions, treaties and plans).\n\n"
        "**Method.** `pipeline.actors` compiles every alias into one regular expression and reads each text once, "
        "taking the longest name at each place. It writes every mention to `data/processed/actor_mentions.csv` "
        "and capitalised names it could not match to `data/processed/actor_candidates.csv`.\n\n"
        "**Explore.** Add an alias or an actor to `config/gazetteer.yaml` and run again; or change "
        "`candidate_min_count` below to list only names that recur."
    ),
    params_cell("actors", actors.PARAMS, figures=False),
    new_code_cell(
        "import pandas as pd\n"
        "from IPython.display import display\n\n"
        "from pipeline import actors, config\n\n"
        'pd.set_option("display.max_colwidth", 100)\n'
        "P = config.paths()\n"
        + params_dict(actors.PARAMS)
        + "inputs = actors.load_inputs(P, params)  # stops with one clear message if the gazetteer has a mistake\n"
        "results = actors.compute(inputs.texts, inputs.segments, inputs.gazetteer, params)\n"
        "written = actors.write_outputs(results, P)\n"
        'print(f"{len(inputs.gazetteer.entries)} gazetteer entries, {inputs.gazetteer.n_aliases} aliases; "\n'
        '      f"{len(results.mentions)} mentions of {results.mentions.actor_id.nunique()} entries in {len(inputs.texts)} documents")\n'
        "[p.relative_to(P.root).as_posix() for p in written]"
    ),
    new_markdown_cell(
        "## How a name is recognised\n\n"
        "- **The longest name wins.** *ASEAN Secretariat* is one mention of the Secretariat, not also one of "
        "ASEAN; *United Nations Security Council Resolution 1325* is one mention of the resolution.\n"
        "- **Whole words only.** *UK* is not found inside *UKRAINE*; a hyphen separates words, so *ASEAN-led* "
        "mentions ASEAN.\n"
        "- **Case.** Acronyms (no lower-case letter: ASEAN, US, EWG) match only in capitals, so the word *us* is "
        "never the United States. Names match in any case, so *ADMM-PLUS* is the ADMM-Plus.\n"
        "- **Possessives** count: *ASEAN’s* is a mention of ASEAN. The `surface` column holds the name without "
        "the *’s*.\n"
        "- **A name with its acronym in brackets** is one mention: *Treaty of Amity and Cooperation in Southeast "
        "Asia (TAC)*. The acronym alone later is a new mention."
    ),
    new_markdown_cell(
        "## Who is named, and how often\n\n"
        "One row per gazetteer entry found: its type, its number of mentions, the number of documents naming it, "
        "and the spellings seen. A mention count says how often a name occurs, not how important the actor is: "
        "a joint statement repeats its own name in every clause."
    ),
    new_code_cell("actors.summary(results)"),
    new_markdown_cell(
        "## Mentions per document\n\n"
        "Each column is an entry, each row a document. The defence ministers' statement and the WPS texts name "
        "different worlds: read down a column to see who appears in only one of them."
    ),
    new_code_cell("actors.mention_counts(results.mentions, inputs.gazetteer).T"),
    new_markdown_cell(
        "## The mentions table\n\n"
        "`start` and `end` are character offsets into the cleaned text, so `clean[start:end]` is the `surface`; "
        "`seg_id` is the sentence or clause (in `segments.csv`) the mention is in."
    ),
    new_code_cell("results.mentions.head(15)"),
    new_markdown_cell(
        "## Names the gazetteer does not know\n\n"
        "Capitalised multiword names and acronyms that no alias covers, with a first example in context. Some are "
        "actors to add to `config/gazetteer.yaml` (with an id, a name, a type and aliases), others are events or "
        "programmes; places and topics can go to its `not_actors` list so that they stop appearing here."
    ),
    new_code_cell('results.candidates.sort_values(["count", "candidate"], ascending=[False, True])'),
    new_markdown_cell(
        "## Caveats\n\n"
        "A dictionary finds only what it lists: an actor named by a pronoun (*it*, *the Ministers*) or a generic "
        "phrase (*the regional plan*) is not counted, and a general word in the gazetteer (*Korea*, *women's "
        "groups*) counts every use. Read the `surfaces` above and the contexts before drawing conclusions."
    ),
]

network_cells = [
    new_markdown_cell(
        "# 04 · The network of actors and partners\n\n"
        "**Question.** Which actors are named together, which partners surround ASEAN's WPS work, how the defence "
        "track (ADMM-Plus) and the WPS track connect, and which actors bridge them?\n\n"
        "**Data.** The mentions of the actors stage (`data/processed/actor_mentions.csv`), the segments and "
        "documents of the corpus stage, and the memberships in `config/gazetteer.yaml`.\n\n"
        "**Method.** `pipeline.network` builds, with networkx: the co-mention network (two actors are joined when "
        "named in the same sentence or clause), the document-actor and actor-instrument two-mode networks, and the "
        "membership ties the gazetteer declares (member of ASEAN, dialogue partner, part of). It writes "
        "`actors.csv`, `actor_edges.csv`, `instruments.csv`, `document_actors.csv`, `document_edges.csv`, and "
        "`network.graphml` / `network.gexf` for Gephi, Cytoscape or igraph.\n\n"
        "**Explore.** Set `unit = \"paragraph\"` or `\"document\"` to join actors named further apart, "
        "`ego_actor = \"admm_plus\"` (any id in `actors.csv`) to centre the ego network elsewhere, or another "
        "`seed` to check that the communities do not depend on it."
    ),
    params_cell("network", network.PARAMS, figures=True),
    new_code_cell(
        "%matplotlib inline\n"
        "import pandas as pd\n"
        "from IPython.display import display\n\n"
        "from pipeline import config, netfigures, network\n\n"
        "P = config.paths()\n"
        + params_dict(network.PARAMS)
        + "inputs = network.load_inputs(P, params)\n"
        "results = network.compute(inputs.mentions, inputs.segments, inputs.gazetteer, params, inputs.documents)\n"
        "network.check_ego_actor(results, ego_actor)  # a clear message if ego_actor is not a mentioned actor\n"
        "written = network.write_outputs(results, P)\n"
        "tables = network.write_paper_tables(results, P.tables / \"network\")\n"
        "figures = netfigures.draw_all(results, P.figures / \"network\", formats=figure_formats, dpi=figure_dpi,\n"
        "                              width_in=figure_width_in, processed=P.processed)\n"
        'print(f"co-mention network: {results.comention.number_of_nodes()} actors, "\n'
        '      f"{results.comention.number_of_edges()} ties (unit: {unit})")\n'
        "[p.relative_to(P.root).as_posix() for p in written]"
    ),
    new_markdown_cell(
        "## The co-mention network\n\n"
        "Each dot is an actor, coloured by type; a line joins two actors named in the same unit (by default a "
        "sentence or a diplomatic clause), thicker when they share more units. Being named together is not "
        "cooperation: a clause can list partners it never links. But actors a document keeps naming together are "
        "actors it presents as belonging together."
    ),
    new_code_cell('display(netfigures.draw("network_comention", results, figure_width_in))'),
    new_markdown_cell(
        "## What each measure tells\n\n"
        "- **Degree**: how many different actors an actor is named with. A high degree is a wide circle of "
        "partners in the texts.\n"
        "- **Weighted degree**: the same, counting every shared sentence; an actor repeatedly named with the same "
        "few partners scores high here but not in degree.\n"
        "- **Betweenness**: how often an actor lies on the shortest path between two others. A high betweenness "
        "marks a *bridge*: remove it and parts of the network drift apart, for example the defence track and "
        "the WPS track.\n"
        "- **Eigenvector centrality**: being named with actors who are themselves central. It rewards being in the "
        "core, and is close to zero for actors outside the largest connected group.\n"
        "- **Community** (Louvain, seeded): groups of actors named with each other more than with the rest.\n\n"
        "With three documents these measures describe *these texts*, not the region's diplomacy."
    ),
    new_code_cell(
        'results.actors.sort_values(["weighted_degree", "actor_id"], ascending=[False, True])'
        '.drop(columns=["groups"]).head(20)'
    ),
    new_code_cell('display(netfigures.draw("network_centrality", results, figure_width_in))'),
    new_markdown_cell(
        "## One actor's ego network\n\n"
        "The actor `ego_actor` at the centre, the actors named with it, and the ties among them. Change "
        "`ego_actor` to any `actor_id` of the table above."
    ),
    new_code_cell('display(netfigures.draw("network_ego", results, figure_width_in))'),
    new_markdown_cell(
        "## Documents and actors: a two-mode network\n\n"
        "A document is joined to each actor it names (weight = mentions), shown as a heatmap. Projected onto "
        "documents, two documents are joined by the actors both name (`document_edges.csv`: the count, and the "
        "Jaccard share of all the actors either names). Projected onto actors, it is the co-mention network with "
        "whole documents as the unit."
    ),
    new_code_cell('display(netfigures.draw("network_actor_heatmap", results, figure_width_in))\n'
                  'results.tables["document_edges"]'),
    new_markdown_cell(
        "## Actors and instruments\n\n"
        "Which actors are named in the same unit as which treaties, resolutions and plans: who the texts tie to "
        "UNSCR 1325, the ASEAN Regional Plan of Action on WPS, or the ASEAN Charter."
    ),
    new_code_cell(
        'e = results.edges\n'
        'display(results.tables["instruments"].sort_values(["mentions", "instrument_id"], ascending=[False, True]))\n'
        'e[e.kind == "actor_instrument"].sort_values(["weight", "source"], ascending=[False, True]).head(15)'
    ),
    new_markdown_cell(
        "## Membership ties from the gazetteer\n\n"
        "Who is a member of ASEAN, a dialogue partner, a Plus country of the ADMM-Plus, an ARF participant, or part "
        "of another body: facts the gazetteer records, not the texts. They are separate edges (`kind`), never added "
        "to co-mention weights or measures, so that a reader can compare what the texts link with what the "
        "institutions link."
    ),
    new_code_cell('e[~e.kind.isin(["co_mention", "actor_instrument"])].groupby("kind").size()'),
    new_markdown_cell(
        "## Opening the network in Gephi, Cytoscape or igraph\n\n"
        "`data/processed/network.gexf` (Gephi: *File › Open*) and `data/processed/network.graphml` (Cytoscape, "
        "igraph's `Graph.Read_GraphML`, Gephi) hold the actors and instruments with every column of `actors.csv` "
        "as typed attributes, and every edge with its `kind`, `weight` and `documents`. Filter on `kind` to see "
        "one network at a time: Gephi may merge the parallel co-mention and membership edges of a pair unless "
        "you keep them apart at import."
    ),
    new_markdown_cell(
        "## Caveats\n\n"
        "A network of names is a network of *texts*: it shows whom a document puts side by side, not who works "
        "with whom. The measures depend on the unit (try `unit`), on the gazetteer's choices (is *ASEAN Member "
        "States* an actor?) and on three documents of different genres. Communities from Louvain can change with "
        "the seed when the network is small; rerun with another `seed` before reading much into them."
    ),
]

for name, cells in (("03_actors.ipynb", actors_cells), ("04_network.ipynb", network_cells)):
    nb = new_notebook(cells=cells, metadata=META)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{name[:2]}-{i:02d}"  # stable ids: regenerating must not churn the notebook
    out = ROOT / "notebooks" / name
    nbformat.write(nb, out)
    print(out)
