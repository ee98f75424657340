"""One scenario's missing sections rendered by several processes at once: each process renders its share (the other
sections built but skipped, as the section cache always does) and stores its clips in the cache.

The processes are forked after the parent has typeset every formula and loaded Manim, so neither is paid again.
Shares are dealt by the sections' lengths in the rehearsal (the video's own times, no frame drawn): longest first,
each to the share that is shortest so far. Progress and failures come back to the parent, each worker on a pipe of
its own.
"""
from __future__ import annotations

import multiprocessing
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable

from lesson.record import Record
from scenes.texjail import TexError, die_with_parent


def deal(lengths: dict[str, float], jobs: int) -> list[list[str]]:
    """The sections ({name: seconds}) in at most `jobs` shares of about equal length, each in storyboard order."""
    shares: list[list[str]] = [[] for _ in range(max(1, min(jobs, len(lengths))))]
    total = [0.0] * len(shares)
    for name in sorted(lengths, key=lambda n: -lengths[n]):
        i = min(range(len(shares)), key=lambda k: (total[k], len(shares[k])))
        shares[i].append(name)
        total[i] += lengths[name]
    order = list(lengths)
    return [sorted(share, key=order.index) for share in shares]


def lengths(rehearsal: Record, names: list[str]) -> dict[str, float]:
    """Each named section's length in the rehearsal, in the order given."""
    spans = {s.name: s.end - s.start for s in rehearsal.sections}
    return {name: spans.get(name, 0.0) for name in names}


class Relay:
    """Stands for the parent's progress line in a worker: every report goes up the worker's own pipe."""

    def __init__(self, pipe):
        self.pipe = pipe

    def section(self, name: str, rendered: bool) -> None:
        self.pipe.send(("section", name, rendered))

    def tick(self) -> None:
        self.pipe.send(("tick",))


def render_shares(shares: list[list[str]], render: Callable[[list[str], int, Relay], None], progress) -> None:
    """Run `render(share, index, relay)` for every share in a forked process of its own; a TexError or any other
    failure of one stops the others and is raised here, in the parent. Each worker has a pipe of its own, so a
    worker stopped halfway through a message holds no lock another needs."""
    context = multiprocessing.get_context("fork")
    workers, readers = [], {}
    for index, share in enumerate(shares):
        reader, writer = context.Pipe(duplex=False)
        workers.append(context.Process(target=_work, args=(render, share, index, writer), daemon=True))
        workers[-1].start()
        writer.close()                               # the worker's end: when it exits, the pipe reads as closed
        readers[reader] = index
    failures = _listen(readers, progress, workers)
    for worker in workers:
        worker.join()
    if failures:
        kind, message, expression = failures[0]
        raise TexError(message, expression) if kind == "tex" else RuntimeError(message)
    dead = [w.exitcode for w in workers if w.exitcode]
    if dead:
        raise RuntimeError(f"a process rendering sections stopped with exit status {dead[0]}")


def _work(render, share: list[str], index: int, pipe) -> None:
    """In the worker: render the share; a failure becomes one message to the parent and exit status 1."""
    die_with_parent()
    relay = Relay(pipe)
    try:
        render(share, index, relay)
        relay.section("", rendered=False)            # this share renders nothing more
    except TexError as e:
        pipe.send(("failed", "tex", str(e), e.expression))
        raise SystemExit(1) from None
    except Exception as e:
        pipe.send(("failed", "error", f"{type(e).__name__}: {e}", ""))
        raise SystemExit(1) from None


def _listen(readers: dict, progress, workers: list) -> list[tuple]:
    """In the parent, until every worker's pipe is closed: feed the progress line (if there is one); on a failure,
    keep it and stop every worker. The failures, first first."""
    failures = []
    while readers:
        for reader in wait(list(readers)):
            share = readers[reader]
            try:
                kind, *rest = reader.recv()
            except (EOFError, OSError):              # the worker exited (or was stopped mid-message)
                del readers[reader]
                continue
            if kind == "failed":
                failures.append(tuple(rest))
                for worker in workers:
                    if worker.is_alive():
                        worker.terminate()
            elif progress is not None:
                getattr(progress, kind)(*rest, share=share)
    return failures


def share_dirs(clips: str, index: int) -> dict:
    """Manim's folders for the clips of share `index`, in the render's private folder `clips`: its own, since
    partial movies are numbered per process (`uncached_00000.mp4`, …) and two renders must not write one file."""
    return {"video_dir": str(Path(clips) / str(index))}
