"""Imported first by the kernels' fork server (kernels.PRELOADED), before numpy: one thread for
OpenBLAS and OpenMP. Loaded with more, numpy starts a pool of threads in the server, and a
fork copies only the calling thread: a kernel would hold a pool's state without its threads.
The kernels keep the single thread (they are many, on cores the workers share)."""

import os

os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["OMP_NUM_THREADS"] = "1"
