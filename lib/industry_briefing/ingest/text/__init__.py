"""A published bulletin's text read back into facts: normalised (normalise.py), its sentences
read into candidate figures (grammar.py, with fact.py for the placing of one figure,
comparisons.py for what a figure is compared with, lists.py for what ties several figures
together, segments.py for parts said one by one, products.py for products' output, groups.py
for projects counted by group and tables.py for tables flattened into the text), their
indicators named by the catalogue (placing.py), the region as the text names it (reading.py),
and written as a draft period folder (draft.py)."""
