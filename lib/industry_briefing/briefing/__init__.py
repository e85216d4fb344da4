"""briefing: the month in words, tables and charts, in a language. The labels and the
narrative templates' environment, the formatting rules, table cells, charts, one module per
section (sections/) and what the notebooks call to show them (notebook.py). Imports the
layers below it."""
