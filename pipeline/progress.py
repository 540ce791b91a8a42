"""Run progress: a tqdm bar on a terminal, plain log lines otherwise.

Documents per file are unknown until read, so the ETA comes from the input bytes
consumed (compressed bytes for ``.gz``) against the total size of the inputs.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable


def _eta(seconds: float) -> str:
    if seconds != seconds or seconds == float("inf"):  # NaN or unknown
        return "?"
    m, s = divmod(int(seconds), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    def __init__(
        self,
        total_bytes: int,
        log: Callable[[str], None],
        tty: bool | None = None,
        every: float = 10.0,
    ):
        self.total = max(total_bytes, 1)
        self.log = log
        self.every = every
        self.t0 = self.last = time.monotonic()
        self.docs = self.errors = 0
        self.done_bytes = 0
        tty = sys.stderr.isatty() if tty is None else tty
        self.bar = None
        if tty:
            from tqdm import tqdm

            self.bar = tqdm(
                total=self.total,
                unit="B",
                unit_scale=True,
                file=sys.stderr,
                bar_format="{l_bar}{bar}| [{elapsed}<{remaining}{postfix}]",
            )

    def update(self, docs: int, errors: int, done_bytes: int) -> None:
        self.docs, self.errors = docs, errors
        done_bytes = min(done_bytes, self.total)
        now = time.monotonic()
        rate = docs / (now - self.t0) if now > self.t0 else 0.0
        if self.bar is not None:
            self.bar.update(done_bytes - self.done_bytes)
            self.bar.set_postfix_str(f"{docs} docs, {rate:.1f} docs/s, {errors} errors", False)
        elif now - self.last >= self.every:
            frac = done_bytes / self.total
            elapsed = now - self.t0
            eta = elapsed * (1 - frac) / frac if frac > 0 else float("inf")
            self.log(
                f"progress: {docs} docs ({rate:.1f} docs/s), {errors} errors, "
                f"{100 * frac:.1f}% of input, ETA {_eta(eta)}"
            )
            self.last = now
        self.done_bytes = done_bytes

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
