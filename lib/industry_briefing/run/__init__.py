"""run: the batch. One call (batch.run_batch) discovers the periods, checks the notebooks'
parameters, locks, skips what has not changed (fingerprint.py), ingests, executes each period
in a worker (worker.py, kernels forked from a warm server: kernels.py) and writes the index.
Imports the layers below it; cli.py, on top, only parses arguments and prints."""
