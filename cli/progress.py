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


class Progress:
    """A progress line for one scenario's render; `tracked(cls)` makes a scene class report to it."""

    def __init__(self, scenario: str, enabled: bool, memory: Path):
        self.scenario, self.enabled, self.memory = scenario, enabled and sys.stderr.isatty(), memory
        self.counts = _counts(memory)
        self.bar, self.task, self.name, self.done = None, None, "", 0

    def tracked(self, cls: type) -> type:
        """A subclass of the scene class `cls` (same name) that reports each section and animation."""
        progress = self

        class Tracked(cls):
            def begin(self, name: str, *rest):
                progress.section(name, rendered=not self.skipped(name))
                super().begin(name, *rest)

            def play(self, *args, **kwargs):
                super().play(*args, **kwargs)
                progress.tick()

        Tracked.__name__ = Tracked.__qualname__ = cls.__name__
        return Tracked if self.enabled else cls

    def section(self, name: str, rendered: bool) -> None:
        """A section begins; only rendered ones are counted."""
        self.remember()
        self.name, self.done = (name if rendered else ""), 0
        if rendered and self.bar is None:
            self.bar = Bar(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
                           console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.scenario, total=None)

    def tick(self) -> None:
        if not self.name or self.bar is None:
            return
        self.done += 1
        known = self.counts.get(self.name)
        of = f" of {known}" if known else ""
        self.bar.update(self.task, description=f"{self.scenario} · {self.name} · animation {self.done}{of}",
                        completed=self.done, total=known or None)

    def remember(self) -> None:
        if self.name and self.done:
            self.counts[self.name] = self.done

    def close(self) -> None:
        """Stop the line and remember how many animations each rendered section had."""
        if self.bar is not None:
            self.remember()
            self.bar.stop()
            self.bar = None
            place_text(self.memory, json.dumps(self.counts))
