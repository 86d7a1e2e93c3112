"""Reproducible computational reading of ASEAN WPS and defence-diplomacy documents.

Each module has one job; notebooks call them and display the results:

- ``config``   : every path, derived from one project root
- ``params``   : the schema of ``params.yaml`` and its validation
- ``corpus``   : manifest validation, reading raw files, the documents table
- ``cleaning`` : rule-based removal of web boilerplate, with an audit trail
- ``segment``  : clause and sentence segmentation
- ``tokens``   : the tokenizer every statistic shares
- ``tables``   : output field metadata, validation and stable CSV writing
- ``figures``  : the one figure style and deterministic saving
- ``run``      : runs a stage's notebook through papermill
"""
