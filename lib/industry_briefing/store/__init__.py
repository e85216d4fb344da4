"""store: the DuckDB warehouse of every ingested period. Imports core and contract."""
