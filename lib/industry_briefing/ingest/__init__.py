"""ingest: a period folder read into validated figures (reader.read_period is the entry),
every problem said with its file, sheet, row and column; and the Excel entry form analysts
fill in (entry_form.py). Imports core and contract."""
