"""Every output table, declared once, from one dictionary of fields.

A field name means one thing wherever it appears (``doc_id`` is described
once, in :data:`FIELDS`); a table that gives a shared name a narrower sense
(``count`` in ``collocations.csv`` counts co-occurrences) declares that
column with its own :class:`~pipeline.tables.Field`. The same declarations
validate each table as a stage writes it (:func:`pipeline.tables.write_table`)
and render the data dictionary (``python -m pipeline.datadict``), so the
documentation cannot drift from the data.
"""

from __future__ import annotations

from .tables import Field, Table


def _dictionary(*fields: Field) -> dict[str, Field]:
    return {f.name: f for f in fields}


def table(file: str, description: str, columns: tuple, key: tuple[str, ...]) -> Table:
    """A table whose columns are names from :data:`FIELDS` or table-specific :class:`Field` s."""
    return Table(file, description, tuple(c if isinstance(c, Field) else FIELDS[c] for c in columns), key)


FIELDS: dict[str, Field] = _dictionary(
    Field('doc_id', 'str', 'Document identifier, from the manifest (`data/raw/manifest.csv`); the cleaned text is `clean/<doc_id>.txt`.'),
    Field('file', 'str', 'Raw file name in `data/raw/`.'),
    Field('title', 'str', 'Title, from the manifest.'),
    Field('date', 'str', 'Date, ISO 8601 (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), from the manifest.'),
    Field('publisher', 'str', 'Publishing organisation, from the manifest.'),
    Field('genre', 'str', 'Genre, one of those in `config/genres.yaml`.'),
    Field('source', 'str', 'Where and how the text was collected, from the manifest.'),
    Field('notes', 'str', "Collector's notes, from the manifest (empty if none)."),
    Field('n_chars', 'int', 'Characters in the cleaned text.'),
    Field('n_tokens', 'int', "Tokens in the cleaned text (`pipeline.tokens`: words, numbers, hyphenated names; possessive 's dropped)."),
    Field('n_segments', 'int', 'Segments of the document (clauses, headings, list items, sentences; `segments.csv`).'),
    Field('chars_raw', 'int', 'Characters of the raw text, white space not counted.'),
    Field('chars_clean', 'int', 'Characters of the cleaned text, white space not counted.'),
    Field('removed_share', 'float', 'Share of the raw characters that the cleaning rules removed (0-1; see '
          '`cleaning_audit.csv`); the retention guard stops a rule that removes more than corpus.max_removed_share.'),
    Field('top_rule', 'str', 'The cleaning rule that removed the most characters (empty if none removed any).'),
    Field('include', 'str', '`yes` if the document is analysed; `no` if the manifest sets it aside (it stays in '
          '`data/raw/`, and no later table counts it).'),
    Field('reason', 'str', 'Why a document is set aside (the manifest\'s `reason`); empty for included documents.'),
    Field('allow_cleaning', 'str', 'Cleaning rules allowed past the retention bounds for this document '
          '(the manifest\'s `allow_cleaning`, rule names joined by \';\'), as the scholar decided.'),
    Field('n_removed_lines', 'int', 'Raw lines removed as boilerplate (see `cleaning_audit.csv`).'),
    Field('sha256', 'str', "SHA-256 of the raw file's bytes, to check the input is the one analysed."),
    Field('seg_id', 'int', 'Segment number within the document (`segments.csv`), from 1 in reading order; 0 if outside every segment.'),
    Field('para_id', 'int', 'Paragraph number within the document, from 1.'),
    Field('kind', 'str', '`clause`, `heading`, `item` (a bulleted list entry) or `sentence`.'),
    Field('clause_type', 'str', 'For clauses: `preambular`, `operative`, `chapeau` (e.g. "WE HEREBY COMMIT TO:") or `adoption` ("ADOPTED in ..."); empty for other kinds.'),
    Field('start', 'int', 'Offset of the first character in the cleaned text (0-based).'),
    Field('end', 'int', 'Offset just after the last character (exclusive), so `clean[start:end]` is the text.'),
    Field('text', 'str', "The segment's text."),
    Field('line', 'int', 'Line number in the raw file (1-based).'),
    Field('rule', 'str', 'Name of the rule in `config/cleaning.yaml` (or `rejoin_broken_paragraph`).'),
    Field('action', 'str', '`remove_line`, `replace` (text inside a line) or `join_paragraph` (a paragraph split by a page break joined to the one before).'),
    Field('replacement', 'str', 'What replaced it (empty for removals).'),
    Field('n_types', 'int', 'Distinct lower-cased words.'),
    Field('vocabulary_density', 'float', "Voyant Tools' vocabulary density: n_types / n_tokens (distinct words over words)."),
    Field('n_terms', 'int', 'Terms: words with multiword expressions joined (and stemmed if textstats.stem).'),
    Field('n_term_types', 'int', 'Distinct terms.'),
    Field('ttr', 'float', 'Type-token ratio of terms: n_term_types / n_terms.'),
    Field('mattr', 'float', 'Moving-average type-token ratio of terms over windows of textstats.mattr_window terms (TTR if shorter).'),
    Field('n_headings', 'int', 'Segments of kind heading.'),
    Field('n_sentences', 'int', 'Segments of kind sentence.'),
    Field('n_items', 'int', 'Segments of kind item (list items).'),
    Field('n_clauses', 'int', 'Segments of kind clause (preambular, operative, chapeau or adoption).'),
    Field('mean_segment_tokens', 'float', 'Mean tokens per non-heading segment (Voyant: words per sentence).'),
    Field('n_syllables', 'int', 'Syllables in the words of non-heading segments (pipeline.readability.count_syllables).'),
    Field('flesch_reading_ease', 'float', 'Flesch reading ease over non-heading segments: 206.835 - 1.015 words/segment - 84.6 syllables/word; higher is easier.'),
    Field('term', 'str', "Term: a lower-cased word, or a multiword expression joined with '_' (Snowball-stemmed if textstats.stem)."),
    Field('count', 'int', 'Occurrences of the term in the document.'),
    Field('per_1k', 'float', 'Occurrences per 1,000 terms of the document (or scope).'),
    Field('scope', 'str', "doc_id, or 'corpus' for all documents together."),
    Field('n', 'int', 'n-gram length in terms.'),
    Field('rank', 'int', '1 = most frequent; ties ordered alphabetically.'),
    Field('ngram', 'str', 'The terms of the n-gram separated by spaces.'),
    Field('target', 'str', "doc_id, or 'genre:<genre>'."),
    Field('n_target', 'int', 'Occurrences in the target.'),
    Field('n_reference', 'int', 'Occurrences in the reference (the rest of the corpus).'),
    Field('g2', 'float', 'Log-likelihood G2 of the 2x2 table (no continuity correction), negative if under-used in the target.'),
    Field('chi2', 'float', "Pearson's chi-square of the same table (no Yates correction), signed like g2."),
    Field('log_ratio', 'float', "Hardie's Log Ratio: log2 of the ratio of relative frequencies (zero counts taken as 0.5); 1 = twice as frequent."),
    Field('p', 'float', 'p-value of |g2| under the chi-square distribution with 1 df.'),
    Field('w1', 'str', 'First term.'),
    Field('w2', 'str', 'Second term (within the window after w1).'),
    Field('likelihood_ratio', 'float', "Dunning's likelihood ratio (NLTK BigramAssocMeasures.likelihood_ratio)."),
    Field('pmi', 'float', 'Pointwise mutual information, log2 (NLTK BigramAssocMeasures.pmi).'),
    Field('left', 'str', 'Text before the keyword (whitespace collapsed).'),
    Field('keyword', 'str', 'The keyword as written in the text.'),
    Field('right', 'str', 'Text after the keyword (whitespace collapsed).'),
    Field('token_index', 'int', "Position of its first word among the document's tokens (0-based)."),
    Field('position', 'float', 'Relative position: token_index / n_tokens (0 = start, 1 = end).'),
    Field('dictionary', 'str', 'Dictionary id (its file name without .yaml).'),
    Field('category', 'str', 'Category of the dictionary.'),
    Field('matched', 'str', "What matched, with counts ('word: n; ...'), to check the dictionary."),
    Field('word', 'str', 'Opening word of the clause, as written (e.g. RECOGNISING, COMMIT).'),
    Field('actor_id', 'str', 'Entity id: a gazetteer entry, or a discovered entity of actor_entities.csv (an actor, instrument, event or person).'),
    Field('surface', 'str', 'The text as written; equals clean[start:end].'),
    Field('candidate', 'str', 'The name or acronym as first written (apostrophes and spaces normalised).'),
    Field('n_documents', 'int', 'Number of documents it occurs in.'),
    Field('documents', 'int', 'Documents mentioning it.'),
    Field('example_doc_id', 'str', 'Document of the example.'),
    Field('example', 'str', 'The first occurrence with context on each side, the candidate in [brackets].'),
    Field('name', 'str', 'Canonical name (gazetteer, or as the recogniser discovered it).'),
    Field('type', 'str', 'Entity type: state, state_group, regional_organisation, organisation_body, un_body, government_agency, civil_society, research_institute, military, person, instrument, event.'),
    Field('entity_source', 'str', '`gazetteer` (listed in config/gazetteer.yaml) or `discovered` (actor_entities.csv).'),
    Field('iso3', 'str', 'ISO 3166-1 alpha-3 code of a state of the gazetteer; empty otherwise (a state the recogniser discovered, "State of Palestine", has none).'),
    Field('groups', 'str', "Gazetteer groups (asean_member_state, asean_dialogue_partner, ...), joined by ';'."),
    Field('mentions', 'int', 'Mentions in the corpus (actor_mentions.csv).'),
    Field('degree', 'int', 'Co-mention degree: number of other actors it shares a unit with.'),
    Field('weighted_degree', 'int', 'Sum of its co-mention edge weights (shared units, counted per partner).'),
    Field('betweenness', 'float', 'Normalised betweenness centrality in the co-mention network (unweighted shortest paths).'),
    Field('eigenvector', 'float', 'Eigenvector centrality in the weighted co-mention network.'),
    Field('community', 'int', 'Louvain community (1 = largest), fixed seed; an actor without co-mentions is its own community.'),
    Field('weight', 'int', 'co_mention and actor_instrument: units (by the `unit` parameter) mentioning both; membership ties: 1.'),
    Field('instrument_id', 'str', 'Entity id of the instrument or event (gazetteer or discovered).'),
    Field('actors', 'int', 'Distinct actors mentioned in the same unit (degree in the actor-instrument network).'),
    Field('shared_units', 'int', 'Sum of its actor_instrument edge weights.'),
    Field('shared_actors', 'int', 'Number of actors mentioned in both documents.'),
    Field('jaccard', 'float', 'Shared actors divided by the actors mentioned in either document.'),
    Field('figure', 'str', 'Figure name; its files are `figures/<stage>/<figure>.<format>`.'),
    Field('stage', 'str', 'Pipeline stage that drew it.'),
    Field('notebook', 'str', 'Notebook that drew it (its executed copy is in `reports/executed/`).'),
    Field('caption', 'str', 'What the figure shows, for a reader.'),
    Field('files', 'str', "The figure's files, joined by ';'."),
    Field('parameters', 'str', 'The parameters the notebook ran with, as compact JSON.'),
    Field('sources', 'str', "Data files it was drawn from, each as `path@sha256`, joined by ';'."),
    # comparisons across groups and time (issue 13)
    Field('attribute', 'str', "A manifest column the pipeline does not read itself (a scholar's own, such as "
          "`track` or `chair`); groups.by can name it."),
    Field('value', 'str', "The document's value in that column, as written in the manifest (may be empty)."),
    Field('grouping', 'str', 'The grouping: a manifest column (groups.by), or `year`, `decade` or `period` '
          '(from date).'),
    Field('group', 'str', "The document's group under the grouping (a column value, `2025`, `2020s` or a "
          "period's name); empty if it has none."),
    Field('order', 'int', "The group's place among the groups (1 = first: the earliest period, or the first "
          "value alphabetically); 0 for a document without a group."),
    Field('note', 'str', 'Why the document has no group (outside every period, a date overlapping two periods, '
          'an empty value); empty if it has one.'),
    Field('comparison', 'str', '`group_vs_rest` (a group against all the other groups pooled) or `pair` (one '
          'group against another, groups.pairs).'),
    Field('n_docs', 'int', 'Documents in the group (or period).'),
    Field('n_words', 'int', "Words (tokens of the cleaned texts, documents.n_tokens) of the group's documents: "
          "the denominator of per_1k."),
    Field('docs_using', 'int', "Documents of the group in which the item occurs at least once."),
    Field('period', 'str', 'The period (groups.time_by: a year, a decade or a named period).'),
)

DOCUMENTS = table(
    'documents.csv',
    'One row per document of the manifest: its entry, whether it is analysed, and the size of its text '
    'before and after cleaning (documents set aside with include = no have zeros).',
    (
        'doc_id',
        'file',
        'title',
        'date',
        'publisher',
        'genre',
        'source',
        'notes',
        'n_chars',
        'n_tokens',
        'n_segments',
        'n_removed_lines',
        'chars_raw',
        'chars_clean',
        'removed_share',
        'top_rule',
        'sha256',
        'include',
        'reason',
        'allow_cleaning',
    ),
    key=('doc_id',),
)


SEGMENTS = table(
    'segments.csv',
    'The cleaned documents cut into segments: each preambular or operative clause of a statement is one segment; other prose is split into sentences by Punkt.',
    (
        'doc_id',
        'seg_id',
        'para_id',
        'kind',
        'clause_type',
        'start',
        'end',
        'text',
    ),
    key=('doc_id', 'seg_id'),
)


CLEANING_AUDIT = table(
    'cleaning_audit.csv',
    'Everything cleaning removed or replaced, so a reader can check each decision. Blank lines and white space are normalised without a row.',
    (
        'doc_id',
        'line',
        'rule',
        'action',
        Field('text', 'str', 'The text removed or replaced.'),
        'replacement',
    ),
    key=('doc_id', 'line'),
)


DOC_STATS = table(
    'doc_stats.csv',
    'Per-document summary: length, lexical diversity, segments and readability.',
    (
        'doc_id',
        'n_tokens',
        'n_types',
        'vocabulary_density',
        'n_terms',
        'n_term_types',
        'ttr',
        'mattr',
        'n_segments',
        'n_headings',
        'n_sentences',
        'n_items',
        'n_clauses',
        'mean_segment_tokens',
        'n_syllables',
        'flesch_reading_ease',
    ),
    key=('doc_id',),
)


TERM_FREQUENCIES = table(
    'term_frequencies.csv',
    'Every term in every document, with its count and rate (stopwords included).',
    (
        'doc_id',
        'term',
        'count',
        'per_1k',
    ),
    key=('doc_id', 'term'),
)


NGRAMS = table(
    'ngrams.csv',
    'Top unigrams, bigrams and trigrams of each document and of the whole corpus (within segments; with stopwords filtered as textstats.stopwords_for says, an n-gram may not start or end with a stopword).',
    (
        'scope',
        'n',
        'rank',
        'ngram',
        Field('count', 'int', 'Occurrences in the scope.'),
        'per_1k',
    ),
    key=('scope', 'n', 'rank'),
)


KEYNESS = table(
    'keyness.csv',
    "Keyness of every term: each document against all the others pooled, and each genre ('genre:<name>') against the other genres. Negative keywords (under-used in the target) are kept; a term absent from the target is listed when at least one occurrence was expected there (see `pipeline.keyness.keyness_table`).",
    (
        'target',
        'term',
        'n_target',
        'n_reference',
        'g2',
        'chi2',
        'log_ratio',
        'p',
    ),
    key=('target', 'term'),
)


COLLOCATIONS = table(
    'collocations.csv',
    "Word pairs scored by NLTK's BigramCollocationFinder (window textstats.collocation_window, at least textstats.collocation_min_freq co-occurrences) for the corpus and each document.",
    (
        'scope',
        Field('rank', 'int', 'Rank by likelihood ratio (1 = strongest; ties by PMI, then alphabetically).'),
        'w1',
        'w2',
        Field('count', 'int', 'Co-occurrences of w1 followed by w2 within the window.'),
        'likelihood_ratio',
        'pmi',
    ),
    key=('scope', 'rank'),
)


KWIC = table(
    'kwic.csv',
    'Keyword-in-context lines for textstats.kwic_terms, with textstats.kwic_window words on each side.',
    (
        'doc_id',
        'seg_id',
        'left',
        'keyword',
        'right',
        Field('term', 'str', 'The configured term it matches.'),
        'start',
        'end',
    ),
    key=('doc_id', 'start', 'term'),
)


DISPERSION = table(
    'dispersion.csv',
    'Positions of textstats.dispersion_terms in each document, for a lexical dispersion (x-ray) plot.',
    (
        'doc_id',
        Field('term', 'str', 'The configured term.'),
        'token_index',
        'position',
        'seg_id',
    ),
    key=('doc_id', 'term', 'token_index'),
)


DICTIONARY_SCORES = table(
    'dictionary_scores.csv',
    'Counts of each dictionary category (textstats.dictionaries) in each document.',
    (
        'dictionary',
        'category',
        'doc_id',
        Field('count', 'int', "Matches of the category's words, patterns and phrases."),
        Field('per_1k', 'float', 'Matches per 1,000 tokens of the document.'),
        'matched',
    ),
    key=('dictionary', 'category', 'doc_id'),
)


CLAUSE_VERBS = table(
    'clause_verbs.csv',
    'Opening word of each preambular and operative clause, counted per document.',
    (
        'doc_id',
        'clause_type',
        'word',
        Field('count', 'int', 'Clauses of this type opening with this word.'),
    ),
    key=('doc_id', 'clause_type', 'word'),
)


ACTOR_MENTIONS = table(
    'actor_mentions.csv',
    "Every mention of an actor, instrument, event or person in the cleaned texts: the gazetteer's names and the "
    "names the recogniser discovered (one row per mention; the longest span wins, mentions never overlap; a "
    "possessive 's is not part of the surface).",
    (
        'doc_id',
        'seg_id',
        'actor_id',
        'surface',
        'start',
        'end',
        Field('source', 'str', '`gazetteer` (an entry of the gazetteer) or `discovered` (an entity the recogniser '
              'found, listed in actor_entities.csv).'),
        'type',
        Field('rule', 'str', 'How the mention was found: `gazetteer` (an alias), `role` (the organisation inside an '
              'office, as in "Chair of ASEAN"), or a recogniser rule (head, definition, ordinal_event, short_form, '
              'agenda, person_title, ...; see pipeline/recognise.py).'),
    ),
    key=('doc_id', 'start'),
)


ACTOR_ENTITIES = table(
    'actor_entities.csv',
    "The entities the recogniser discovered (names the gazetteer lacks), with their type, the rule that "
    "accepted them, a score and their links to other entities. Their ids join actor_mentions.csv, actors.csv "
    "and every network like gazetteer ids; promote one into config/gazetteer.yaml to fix its name or type.",
    (
        'actor_id',
        'name',
        'type',
        Field('rule', 'str', 'The recogniser rule that first accepted it (see actor_mentions.csv).'),
        Field('score', 'float', "The rule's base score (0-1): how often, in our reading, the rule is right."),
        Field('links', 'str', "Links to other entities as kind:target joined by ';': part_of (a body of an "
              "organisation), instance_of (one meeting of a series), located_in (a body of a state), issued_by (an "
              "instrument's author), includes (a list of resolutions), abbreviates."),
        Field('aliases', 'str', "The surfaces it was written as, joined by ' | '."),
        'mentions',
        'documents',
    ),
    key=('actor_id',),
)


ACTOR_CANDIDATES = table(
    'actor_candidates.csv',
    'Capitalised multiword names and acronyms not covered by the gazetteer: candidates to add to config/gazetteer.yaml.',
    (
        'candidate',
        Field('kind', 'str', '`name` (capitalised words) or `acronym` (an upper-case word).'),
        Field('count', 'int', 'Occurrences in the corpus.'),
        'n_documents',
        Field('documents', 'str', "The doc_ids it occurs in, joined by ';'."),
        'example_doc_id',
        'example',
    ),
    key=('candidate', 'kind'),
)


ACTORS = table(
    'actors.csv',
    'One row per actor (not instrument or event) mentioned in the corpus, gazetteer or discovered, with its co-mention network measures.',
    (
        'actor_id',
        'name',
        'type',
        'iso3',
        'groups',
        'entity_source',
        'mentions',
        'documents',
        'degree',
        'weighted_degree',
        'betweenness',
        'eigenvector',
        'community',
    ),
    key=('actor_id',),
)


ACTOR_EDGES = table(
    'actor_edges.csv',
    "Edges among the mentioned actors, instruments and events, by kind: co_mention (actor-actor), actor_instrument (actor-instrument or actor-event), the gazetteer's membership ties (member_of, dialogue_partner_of, plus_country_of, participant_of, in_group, part_of; source is the member) and the links of discovered entities (part_of, located_in, instance_of, issued_by, includes; source is the discovered entity). Membership weights are never added into co-mention weights.",
    (
        Field('source', 'str', 'Entity id (for co_mention, the smaller id of the pair).'),
        Field('target', 'str', 'Entity id.'),
        Field('kind', 'str', 'Edge kind (see the table description).'),
        'weight',
        Field('documents', 'int', 'co_mention and actor_instrument: documents with such a unit; membership ties: 0.'),
    ),
    key=('kind', 'source', 'target'),
)


INSTRUMENTS = table(
    'instruments.csv',
    'One row per instrument (treaty, resolution, plan) or event (summit, meeting, session) mentioned: the non-actor side of the actor-instrument network.',
    (
        'instrument_id',
        'name',
        'type',
        'entity_source',
        'mentions',
        'documents',
        'actors',
        'shared_units',
    ),
    key=('instrument_id',),
)


DOCUMENT_ACTORS = table(
    'document_actors.csv',
    'The document-actor two-mode network: mentions of each gazetteer entry (actors and instruments) in each document.',
    (
        'doc_id',
        'actor_id',
        'type',
        Field('mentions', 'int', 'Mentions of the entry in the document.'),
    ),
    key=('doc_id', 'actor_id'),
)


DOCUMENT_EDGES = table(
    'document_edges.csv',
    "Projection of the document-actor network onto documents: two documents are joined by the actors (not instruments) both mention; with network.document_top_k > 0, only each document's k most similar partners are kept.",
    (
        Field('source', 'str', 'doc_id (the smaller of the pair).'),
        Field('target', 'str', 'doc_id.'),
        'shared_actors',
        'jaccard',
    ),
    key=('source', 'target'),
)


# ---------------------------------------------------------------- the statements stage (issue 14)

#: Commitment levels, strongest first, as config/commitment.yaml names them: the tables have a column for each.
COMMITMENT_LEVELS = ("binding", "action", "endorsement", "acknowledgement", "none")

FIELDS.update(_dictionary(
    Field('date_start', 'str', 'The earliest day the document\'s date can mean (YYYY-MM-DD): `2025` is 2025-01-01; '
          'documents are ordered and compared by it.'),
    Field('source_doc_id', 'str', 'Document of the closest antecedent (empty for `new`).'),
    Field('source_seg_id', 'int', 'Segment of the closest antecedent (0 for `new`).'),
    Field('n_units', 'int', 'Units compared for reuse (clauses, sentences, items: statements.kinds).'),
    Field('n_verbatim', 'int', 'Units carried over verbatim from an earlier document.'),
    Field('n_edited', 'int', 'Units carried over with edits.'),
    Field('level', 'str', 'Commitment level: `binding`, `action`, `endorsement`, `acknowledgement` or `none` '
          '(config/commitment.yaml).'),
    Field('level_rank', 'int', 'Rank of the level: 4 binding, 3 action, 2 endorsement, 1 acknowledgement, 0 none '
          '(config/commitment.yaml).'),
    Field('polarity', 'str', '`positive`, or `negative` for a negated or withdrawn commitment or a verb against its '
          'object (`condemn`).'),
    Field('concept_id', 'str', 'Concept node id: `instrument:<gazetteer id>`, `actor:<gazetteer id>` (an actor as the '
          'object of a commitment) or `category:<dictionary>.<category>`.'),
    Field('n_commitments', 'int', 'Rated units (operative clauses; prose sentences and items with a commitment '
          'predicate).'),
    Field('mean_rank', 'float', 'Mean level_rank of those commitments.'),
))


def _level_fields(what: str) -> tuple[Field, ...]:
    counts = tuple(Field(f'n_{lv}', 'int', f'{what} of level {lv}.') for lv in COMMITMENT_LEVELS)
    shares = tuple(Field(f'share_{lv}', 'float', f'n_{lv} / n_commitments.') for lv in COMMITMENT_LEVELS)
    return counts + shares


CLAUSE_REUSE = table(
    'clause_reuse.csv',
    'Every unit (clause of a statement, sentence or list item of prose: statements.kinds) with its closest '
    'antecedent in the documents dated before it, the similarity score, a label (`verbatim`, `edited`, `new`) '
    'and a word-level redline of each edit (pipeline.reuse). Documents of the same day are not each other\'s '
    'antecedents.',
    (
        Field('doc_id', 'str', 'Document of the unit.'),
        Field('seg_id', 'int', 'Segment of the unit (`segments.csv`).'),
        'date',
        'date_start',
        Field('kind', 'str', '`clause`, `sentence` or `item` (segments.csv).'),
        'clause_type',
        Field('n_words', 'int', 'Words of the unit (whitespace-separated, edge punctuation set aside).'),
        Field('label', 'str', '`verbatim` (score >= statements.verbatim_threshold), `edited` (score >= '
              'statements.edited_threshold) or `new`.'),
        Field('score', 'float', 'Similarity with the closest antecedent: normalised Indel similarity of the word '
              'sequences, 2*LCS/(n_words + source words); for `new`, the best score found (0 if no candidate).'),
        'source_doc_id',
        'source_seg_id',
        Field('source_date', 'str', "Date of the antecedent's document, as in the manifest (empty for `new`)."),
        Field('n_candidates', 'int', 'Earlier distinct texts the LSH index proposed and that were scored (0 when an '
              'identical earlier text was found by exact lookup).'),
        Field('n_deleted', 'int', 'Words of the antecedent not kept.'),
        Field('n_added', 'int', 'Words not in the antecedent.'),
        Field('redline', 'str', "For a unit whose words differ from its antecedent's: the unit with each change "
              'written [-deleted-]{+added+}; empty otherwise.'),
        Field('deleted_words', 'str', "The antecedent's words not kept, in order, runs separated by ' | '."),
        Field('added_words', 'str', "The unit's words not in the antecedent, in order, runs separated by ' | '."),
    ),
    key=('date_start', 'doc_id', 'seg_id'),
)


CLAUSE_EDITS = table(
    'clause_edits.csv',
    'One row per run of changed words of every unit whose words differ from its antecedent: what was deleted and '
    'what was added, in reading order.',
    (
        Field('doc_id', 'str', 'Document of the edited unit.'),
        Field('seg_id', 'int', 'Segment of the edited unit.'),
        Field('source_doc_id', 'str', 'Document of its antecedent.'),
        Field('source_seg_id', 'int', 'Segment of its antecedent.'),
        Field('change_id', 'int', 'Number of the change within the unit, from 1 in reading order.'),
        Field('op', 'str', '`replace` (words deleted and others added in their place), `delete` or `insert`.'),
        Field('position', 'int', "Index (0-based) of the unit's word before which the change stands (n_words if at "
              'the end).'),
        Field('deleted', 'str', "The antecedent's words removed by this change (empty for an insert)."),
        Field('added', 'str', 'The words added by this change (empty for a delete).'),
    ),
    key=('doc_id', 'seg_id', 'change_id'),
)


REUSE_SHARES = table(
    'reuse_shares.csv',
    'Per document, in date order: how many of its units are carried over verbatim, edited or new.',
    (
        'doc_id',
        'date',
        'date_start',
        'n_units',
        'n_verbatim',
        'n_edited',
        Field('n_new', 'int', 'Units with no antecedent at or above statements.edited_threshold.'),
        Field('share_verbatim', 'float', 'n_verbatim / n_units (0 for a document without units).'),
        Field('share_edited', 'float', 'n_edited / n_units.'),
        Field('share_new', 'float', 'n_new / n_units.'),
    ),
    key=('date_start', 'doc_id'),
)


REUSE_MATRIX = table(
    'reuse_matrix.csv',
    'The document x earlier-document reuse matrix in long form: one row per pair with reuse (pairs without reuse '
    'are 0 and left out; at 10,000 documents the full matrix would have 10^8 cells).',
    (
        Field('doc_id', 'str', 'The later document.'),
        Field('source_doc_id', 'str', 'An earlier document it reuses units from.'),
        Field('n_units', 'int', 'Units of the later document.'),
        Field('n_verbatim', 'int', 'Its units whose closest antecedent is a verbatim unit of source_doc_id.'),
        Field('n_edited', 'int', 'Its units whose closest antecedent is an edited unit of source_doc_id.'),
        Field('share_reused', 'float', '(n_verbatim + n_edited) / n_units: the share of the later document taken from '
              'source_doc_id.'),
    ),
    key=('doc_id', 'source_doc_id'),
)


COMMITMENTS = table(
    'commitments.csv',
    'Every operative clause, and every prose sentence or list item with a commitment predicate, rated on the '
    'ordinal scale of config/commitment.yaml (verb, modal, softener, negation), with the committing actors.',
    (
        'doc_id',
        Field('seg_id', 'int', 'Segment: an operative clause, or a prose sentence or list item with a commitment '
              'predicate.'),
        Field('kind', 'str', '`clause`, `sentence` or `item` (segments.csv).'),
        Field('clause_type', 'str', '`operative` for clauses; empty for prose.'),
        Field('verb', 'str', 'Lemma of the verb that decides the level (the strongest; the first on ties), e.g. '
              '`commit`, `look forward`.'),
        Field('verb_text', 'str', 'That verb group as written: `COMMIT`; `will continue`; `aims to strengthen`.'),
        Field('verbs', 'str', "Every commitment verb of the unit, lemmas in reading order, joined by ';' "
              '(`support;commit`).'),
        Field('verb_level', 'str', "The deciding verb's own level, before modal, softener and negation (`none` if "
              'unlisted).'),
        Field('modal', 'str', 'Modal verb of the deciding predicate (`will`, `shall`, `should`, `may`, ...); empty if '
              'none.'),
        Field('softener', 'str', "Softening verb before 'to' (`aim`, `seek`, `endeavour`, ...); empty if none."),
        Field('negation', 'str', '`not`, `never`, `no longer`, `cease`, ...: the negation of the deciding predicate; '
              'empty if none.'),
        'level',
        'level_rank',
        'polarity',
        Field('actors', 'str', "Committing actors (actor ids) joined by ';': the statement's issuers for an operative "
              "clause, the predicates' subjects in prose; empty if unknown."),
        Field('actor_source', 'str', '`issuer` (statement issuers), `subject` (an actor mention as subject) or '
              '`generic` ("we", "the Ministers", resolved); predicates of two kinds in one sentence: both, joined by '
              "';'."),
        Field('n_predicates', 'int', 'Commitment verbs (operative clause) or predicates (prose) found in the unit.'),
        Field('reason', 'str', 'How the level was reached, in words: verb, level, and each modal, softener or '
              'negation applied.'),
    ),
    key=('doc_id', 'seg_id'),
)


COMMITMENT_SHARES = table(
    'commitment_shares.csv',
    'Per document with at least one commitment: how many of its commitments are of each level, their shares and '
    'mean rank.',
    ('doc_id', 'n_commitments', *_level_fields('Commitments'), 'mean_rank'),
    key=('doc_id',),
)


COMMITMENT_GROUP_SHARES = table(
    'commitment_group_shares.csv',
    'The same shares per genre and per year (the first four characters of the date): all documents of a group '
    'pooled.',
    (
        Field('group_by', 'str', '`genre` or `year`.'),
        Field('group', 'str', 'The genre (config/genres.yaml) or the year.'),
        'n_commitments', *_level_fields('Commitments'), 'mean_rank',
    ),
    key=('group_by', 'group'),
)


ISSUERS = table(
    'issuers.csv',
    'The issuers of every document: the actors "we" and "the Ministers" stand for, and whose commitments the '
    'operative clauses are (the "WE, ..." paragraph, a meeting sentence, a chapeau, or failing those the title).',
    (
        'doc_id',
        Field('actor_id', 'str', 'An issuing actor (actor id).'),
        Field('seg_id', 'int', "The segment that names it (the 'WE, ...' paragraph, the meeting sentence, a chapeau "
              'or the title).'),
        Field('cue', 'str', 'Why that segment names issuers: `we`, `meeting`, `chapeau` or `title`.'),
    ),
    key=('doc_id', 'actor_id'),
)


COMMITMENT_LINKS = table(
    'commitment_links.csv',
    'Who commits to what: one row per committing actor x concept x unit. The concepts of a unit are the '
    'instruments and actors it names (other than its subjects) and the dictionary categories its words match '
    '(textstats.dictionaries).',
    (
        'doc_id',
        Field('seg_id', 'int', 'The committing unit.'),
        Field('actor_id', 'str', 'Committing actor (actor id).'),
        'concept_id',
        Field('concept_type', 'str', '`instrument`, `event` (a meeting), `actor` or `category`.'),
        Field('level', 'str', "That actor's commitment level in the unit (its strongest predicate)."),
        'level_rank',
        Field('polarity', 'str', '`positive` or `negative`.'),
    ),
    key=('doc_id', 'seg_id', 'actor_id', 'concept_id'),
)


COMMITMENT_EDGES = table(
    'commitment_edges.csv',
    "The edges of the two-mode actor x concept network (Discourse Network Analyzer's affiliation network): each "
    "actor's commitments naming each concept, aggregated.",
    (
        Field('actor_id', 'str', 'Committing actor.'),
        Field('concept_id', 'str', 'Concept node id (see commitment_links.csv).'),
        Field('level', 'str', "Strongest level of the actor's commitments naming the concept."),
        'level_rank',
        Field('mean_rank', 'float', 'Mean rank over those commitments.'),
        Field('n_clauses', 'int', 'Units (clauses, sentences) in which the actor commits to the concept.'),
        *(Field(f'n_{lv}', 'int', f'Of which {lv}.' if lv != 'none' else 'Of which none (withdrawn).')
          for lv in COMMITMENT_LEVELS),
        Field('n_documents', 'int', 'Documents with such a unit.'),
        Field('documents', 'str', "Those documents' ids, joined by ';'."),
        Field('agreement', 'str', "`positive`, `negative` or `mixed`: the polarity of those commitments (DNA's "
              'agreement qualifier).'),
    ),
    key=('actor_id', 'concept_id'),
)

STATEMENTS_TABLES = [CLAUSE_REUSE, CLAUSE_EDITS, REUSE_SHARES, REUSE_MATRIX, COMMITMENTS, COMMITMENT_SHARES,
                     COMMITMENT_GROUP_SHARES, ISSUERS, COMMITMENT_LINKS, COMMITMENT_EDGES]



FIGURE_MANIFEST = table(
    'manifest.csv',
    "One row per figure (in `figures/`): what it shows and exactly what made it; rows in the order of the pipeline's stages, then by figure name.",
    (
        'figure',
        'stage',
        'notebook',
        'caption',
        'files',
        'parameters',
        'sources',
    ),
    key=(),
)



# ---------------------------------------------------------------- comparisons across groups and time (issue 13)

DOCUMENT_ATTRIBUTES = table(
    'document_attributes.csv',
    "The manifest's own columns beyond those documents.csv declares (a scholar's `track`, `chair`, ...): one row "
    "per document and column, so that groups.by can name any of them. Empty if the manifest has no such column.",
    ('doc_id', 'attribute', 'value'),
    key=('doc_id', 'attribute'),
)

GROUP_ASSIGNMENT = table(
    'group_assignment.csv',
    "Each analysed document's group under the comparison grouping (groups.by) and under the periods of the "
    "trends (groups.time_by), or why it has none (`pipeline.groups.assign_groups`). A document known only to the "
    "year falls in the period holding that whole year; nothing is guessed.",
    ('grouping', 'doc_id', 'date', 'group', 'order', 'note'),
    key=('grouping', 'doc_id'),
)

_TARGET_GROUP = Field('target', 'str', 'The group whose keywords these are.')
_REFERENCE_GROUP = Field('reference', 'str', '`rest` (the other groups pooled) or the other group of the pair.')

GROUP_KEYNESS = table(
    'group_keyness.csv',
    "Keyness of every term for each group (groups.by) against the rest and for each pair (groups.pairs), from the "
    "2x2 table of the two sides' totals (stopwords and keyness_min_count as in keyness.csv), with how many of the "
    "target's documents use the term and its dispersion across them, so that a keyword carried by one document "
    "shows as such (`pipeline.comparison`). A term absent from the target is listed when at least "
    "textstats.keyness_min_expected occurrences were expected there.",
    ('comparison', _TARGET_GROUP, _REFERENCE_GROUP, 'term',
     Field('n_target', 'int', 'Occurrences in the target group.'),
     Field('n_reference', 'int', 'Occurrences in the reference (the rest, or the other group).'),
     'g2', 'chi2', 'log_ratio', 'p',
     Field('docs_target', 'int', "Documents of the target that use the term."),
     Field('docs_reference', 'int', "Documents of the reference that use the term."),
     Field('dp', 'float', "Gries' DP of the term across the target's documents: 0 = spread in proportion to "
           "their sizes, towards 1 = in one document; empty where the target lacks the term."),
     Field('dp_norm', 'float', "DP / (1 - the smallest document's share), 0 to 1 (Lijffijt & Gries 2012); empty "
           "for a target of one document."),
     Field('juilland_d', 'float', "Juilland's D across the target's documents: 1 = even, 0 = in one document; "
           "empty for a target of one document."),
     Field('log_ratio_low', 'float', 'Lower end of the bootstrap confidence interval of log_ratio '
           '(textstats.keyness_bootstrap; documents resampled within groups, seeded); empty where not computed.'),
     Field('log_ratio_high', 'float', 'Upper end of the same interval.')),
    key=('comparison', 'target', 'reference', 'term'),
)

GROUP_COMPARISONS = table(
    'group_comparisons.csv',
    "The two sides of every comparison of group_keyness.csv: documents and words on each side (the totals of the "
    "2x2 tables). Unequal sides are the rule: read a group's keywords with its size beside them.",
    ('comparison', _TARGET_GROUP, _REFERENCE_GROUP,
     Field('n_docs_target', 'int', 'Documents in the target group.'),
     Field('n_docs_reference', 'int', 'Documents in the reference.'),
     Field('words_target', 'int', 'Terms counted in the target (stopwords left out as in keyness).'),
     Field('words_reference', 'int', 'Terms counted in the reference.')),
    key=('comparison', 'target', 'reference'),
)

REFERENCE_KEYNESS = table(
    'reference_keyness.csv',
    "Keyness of the whole corpus and of each group (groups.by) against general English: the word-frequency list "
    "of the wordfreq package (offline), taken as a corpus of 100 million words and named in every row "
    "(`pipeline.reference`). Read Log Ratio first: against so large a reference nearly every difference is "
    "significant. A list's rates say nothing of a word's sense.",
    (Field('reference', 'str', 'The reference: wordfreq version, language, list and the size it is taken as.'),
     Field('target', 'str', '`corpus` (every document) or a group.'),
     'term',
     Field('n_target', 'int', 'Occurrences in the target.'),
     Field('per_1k_target', 'float', 'Per 1,000 words of the target (stopwords counted in the words).'),
     Field('per_1k_reference', 'float', "Per 1,000 words of general English (the list's rate x 1,000)."),
     Field('n_reference', 'float', 'Its count in the reference taken as 100 million words (rate x size).'),
     Field('match', 'str', 'How the term was found in the list: `word`, `phrase` (rate estimated by wordfreq '
           'from its words: keyness understated) or `not listed` (rate 0, taken as 0.5).'),
     'g2', 'chi2', 'log_ratio', 'p'),
    key=('target', 'term'),
)

_TREND_FIELDS = (
    Field('kind', 'str', '`term`, `category` (dictionary:category) or `actor`.'),
    Field('item', 'str', 'The term as written in the parameters, the dictionary category, or the actor id.'),
    Field('group', 'str', 'The period (groups.time_by).'),
    Field('order', 'int', "The period's place (1 = earliest)."),
    'n_docs', 'n_words',
    Field('count', 'int', "Occurrences of the item in the period's documents (mentions, for an actor)."),
    'docs_using',
    Field('per_1k', 'float', "1000 x count / n_words: pooled over the period's documents; empty for a period "
          "without words."),
)

TRENDS = table(
    'trends.csv',
    "Trends (Voyant's view, per period): the rate per 1,000 words of the chosen terms (textstats.trend_terms) "
    "and dictionary categories (textstats.trend_categories) in each period (groups.time_by), with the documents "
    "and words of the period beside it; zeros included (`pipeline.trends`).",
    _TREND_FIELDS,
    key=('kind', 'item', 'order'),
)

ACTOR_TRENDS = table(
    'actor_trends.csv',
    "Trends of actors: mentions per 1,000 words of the chosen actors (network.trend_actors, or the most "
    "mentioned) in each period (groups.time_by), with the documents and words of the period beside it.",
    _TREND_FIELDS,
    key=('kind', 'item', 'order'),
)

PERIOD_NETWORKS = table(
    'period_networks.csv',
    'The co-mention network of each period (groups.time_by): its size, and the actors that entered and left it '
    'since the period before (`pipeline.backbone.period_summary`).',
    ('period', 'order', 'n_docs',
     Field('n_actors', 'int', "Actors in the period's co-mention network."),
     Field('n_edges', 'int', "Co-mention edges of the period's network."),
     Field('entered', 'int', 'Actors new since the previous period (in the first, every actor).'),
     Field('left', 'int', 'Actors of the previous period absent from this one.'),
     Field('stayed', 'int', 'Actors in both.'),
     Field('entered_actors', 'str', "Their ids, joined by ';'."),
     Field('left_actors', 'str', "Their ids, joined by ';'.")),
    key=('order',),
)

PERIOD_ACTORS = table(
    'period_actors.csv',
    "Each actor's degree and betweenness in each period's co-mention network, and their change since the "
    "previous period; a row for every actor present in the period or in the one before.",
    ('period', 'order', 'actor_id',
     Field('status', 'str', '`present` (first period), `entered`, `stayed` or `left` (in the previous period, '
           'not in this one).'),
     Field('degree', 'int', "Co-mention degree in this period's network (0 if absent)."),
     Field('weighted_degree', 'int', "Sum of its edge weights in this period's network."),
     Field('betweenness', 'float', "Normalised betweenness in this period's network."),
     Field('degree_previous', 'int', "Degree in the previous period's network (0 in the first)."),
     Field('betweenness_previous', 'float', "Betweenness in the previous period's network."),
     Field('degree_change', 'int', 'degree - degree_previous.'),
     Field('betweenness_change', 'float', 'betweenness - betweenness_previous.')),
    key=('order', 'actor_id'),
)

PERIOD_EDGES = table(
    'period_edges.csv',
    "Every co-mention edge of every period's network (unit: network.unit).",
    ('period', 'order',
     Field('source', 'str', 'Gazetteer id (the smaller of the pair).'),
     Field('target', 'str', 'Gazetteer id.'),
     Field('weight', 'int', 'Units of the period mentioning both.'),
     Field('documents', 'int', "The period's documents with such a unit.")),
    key=('order', 'source', 'target'),
)


CORPUS_TABLES = [DOCUMENTS, SEGMENTS, CLEANING_AUDIT, DOCUMENT_ATTRIBUTES]
TEXTSTATS_TABLES = [DOC_STATS, TERM_FREQUENCIES, NGRAMS, KEYNESS, COLLOCATIONS, KWIC, DISPERSION,
                    DICTIONARY_SCORES, CLAUSE_VERBS, GROUP_ASSIGNMENT, GROUP_KEYNESS, GROUP_COMPARISONS,
                    REFERENCE_KEYNESS, TRENDS]
ACTORS_TABLES = [ACTOR_MENTIONS, ACTOR_ENTITIES, ACTOR_CANDIDATES]
NETWORK_TABLES = [ACTORS, ACTOR_EDGES, INSTRUMENTS, DOCUMENT_ACTORS, DOCUMENT_EDGES, ACTOR_TRENDS, PERIOD_NETWORKS,
                  PERIOD_ACTORS, PERIOD_EDGES]

#: Columns that come straight from the manifest, in documents.csv order.
MANIFEST_COLUMNS = ("doc_id", "file", "title", "date", "publisher", "genre", "source", "notes")


def by_name(tables: list[Table]) -> dict[str, Table]:
    """``{"doc_stats": DOC_STATS, ...}``: tables by file name without ``.csv``."""
    return {t.file[:-4]: t for t in tables}
