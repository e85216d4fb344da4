"""How a batch stops when asked to: Ctrl-C at its terminal, or SIGTERM (`kill`, a service
manager), alike."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator


class Stopped(KeyboardInterrupt):
    """The batch was stopped by a signal (`signum`): Ctrl-C's SIGINT or a SIGTERM."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def stopped_by_signals(line: str) -> Iterator[None]:
    """Ctrl-C and SIGTERM stop a batch alike: the first says `line` at once and unwinds the
    batch (finished reports stay in place, the workers are killed mid-part:
    run/executors.py); any later one leaves at once (the workers and their kernels die with
    this process: run/lifeline.py). Once stopped, the handler stays until the process ends."""
    stopped: list[int] = []

    def stop(signum: int, frame: object) -> None:
        if stopped:
            os._exit(128 + stopped[0])
        stopped.append(signum)
        _say(f"\n{line}\n")
        raise Stopped(signum)

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGINT, signal.SIGTERM)}
    yield
    for signum, handler in previous.items():
        signal.signal(signum, handler)


def _say(text: str) -> None:
    """Written straight to the terminal: the signal may have come while the progress bar was
    writing to sys.stderr's buffer, which refuses a reentrant write."""
    try:
        os.write(sys.stderr.fileno(), text.encode())
    except (AttributeError, OSError, ValueError):  # a stderr with no file (a test's runner)
        sys.stderr.write(text)
