"""analysis: the month in numbers and codes. The month's model (model.py, loaded by
loading.py), progress against targets, single-month series, operation, investment, parks and
the data-quality findings. No words: statuses, bases and findings are codes that the briefing
says in a language. Imports core, contract, ingest and store."""
