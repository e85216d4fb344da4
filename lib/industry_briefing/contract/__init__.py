"""contract: what an input month must be. The tables and columns (tables.py), meta.yml
(meta.py), the checks of cells and rows (checks.py), and the provenance of a cell
(provenance.py). Imports only core."""
