"""A published bulletin's text read back into facts: normalised (normalise.py), its sentences
read into candidate figures (grammar.py), their indicators named by the catalogue (placing.py)
and written as a draft period folder (draft.py)."""
