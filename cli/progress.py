"""What a render is doing, on one line of the terminal: scenario, section, animation k of n and the time left.

n comes from the last render of the same scenario (remembered per section beside the cache); the first time it is
unknown and only the count and the time spent are shown. Silent when stderr is not a terminal or with --quiet.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress as Bar, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from lesson.files import place_text


def _counts(memory: Path) -> dict[str, int]:
    """The animations each section had last time; whatever cannot be read as that is ignored (it only sets n)."""
    try:
        with open(memory, "rb") as f:
            counts = json.loads(f.read(65536))
    except (OSError, ValueError):
        return {}
    if not isinstance(counts, dict):
        return {}
    return {k: v for k, v in counts.items() if isinstance(v, int) and not isinstance(v, bool) and 0 < v < 10**6}


def tracked(cls: type, report) -> type:
    """A subclass of the scene class `cls` (same name) that tells `report` (a Progress, or a worker's relay of one)
    each section it begins and each animation it plays."""
    class Tracked(cls):
        def begin(self, name: str, *rest):
            report.section(name, rendered=not self.skipped(name))
            super().begin(name, *rest)

        def play(self, *args, **kwargs):
            super().play(*args, **kwargs)
            report.tick()

    Tracked.__name__ = Tracked.__qualname__ = cls.__name__
    return Tracked


class Progress:
    """A progress line for one scenario's render; `tracked(cls)` makes a scene class report to it. Several processes
    may render shares of the scenario at once: each reports its own `share`, and the line sums the sections that
    are rendering."""

    def __init__(self, scenario: str, enabled: bool, memory: Path):
        self.scenario, self.enabled, self.memory = scenario, enabled and sys.stderr.isatty(), memory
        self.counts = _counts(memory)
        self.bar, self.task = None, None
        self.running: dict[int, str] = {}           # share -> the section it is rendering
        self.done: dict[str, int] = {}              # section -> animations played so far

    def tracked(self, cls: type) -> type:
        return tracked(cls, self) if self.enabled else cls

    def section(self, name: str, rendered: bool, share: int = 0) -> None:
        """A share begins a section; only rendered ones are counted."""
        if not rendered:
            self.running.pop(share, None)
            return
        self.running[share], self.done[name] = name, 0
        if self.bar is None:
            self.bar = Bar(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
                           console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.scenario, total=None)

    def tick(self, share: int = 0) -> None:
        if share not in self.running or self.bar is None:
            return
        self.done[self.running[share]] += 1
        names = sorted(set(self.running.values()), key=list(self.done).index)
        played = sum(self.done[n] for n in names)
        known = [self.counts.get(n) for n in names]
        total = sum(known) if all(known) else None
        of = f" of {total}" if total else ""
        self.bar.update(self.task, description=f"{self.scenario} · {' + '.join(names)} · animation {played}{of}",
                        completed=played, total=total)

    def close(self) -> None:
        """Stop the line and remember how many animations each rendered section had."""
        if self.bar is not None:
            self.counts.update({name: n for name, n in self.done.items() if n})
            self.bar.stop()
            self.bar = None
            place_text(self.memory, json.dumps(self.counts))
