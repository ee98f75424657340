"""`render.py render` of several scenarios (files or folders of them): one process per scenario on every core.

Each process has its own Manim working folder (a shared LaTeX/text folder races); they share the section cache,
whose files are written whole. One failure does not stop the others; the summary names it with its one-line reason.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from lesson.errors import ScenarioError


def scenario_files(paths: list[str]) -> list[str]:
    """The files named, a folder standing for the .yaml files directly in it (sorted)."""
    out = []
    for path in paths:
        folder = Path(path)
        out += sorted(str(f) for f in folder.glob("*.yaml")) if folder.is_dir() else [path]
    return out


def render_one(args: argparse.Namespace) -> tuple[str, int, str]:
    """Render one scenario quietly in this process: (file, exit status, what happened or why it failed)."""
    from .render import render_outcome
    err = io.StringIO()
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            status, what = render_outcome(args)
    except ScenarioError as e:
        return args.file, 2, f"error: {e}"
    except Exception as e:                        # a crash of one render must not stop the others
        return args.file, 1, f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
    return args.file, status, what if status == 0 else (err.getvalue().strip().splitlines() or [what])[-1]


def render_all(args: argparse.Namespace) -> int:
    """Render every scenario named; a single file renders in this process with its own output as before."""
    files = scenario_files(args.files)
    if len(files) == 1 and not Path(args.files[0]).is_dir():
        from .render import render
        return render(argparse.Namespace(**vars(args), file=files[0]))
    if not files:
        print(f"error: no scenario (.yaml) in {' '.join(args.files)}", file=sys.stderr)
        return 2
    if args.output:
        print("error: -o names one output; several scenarios go to media/<scenario>.<format>", file=sys.stderr)
        return 2
    jobs = [argparse.Namespace(**vars(args) | {"file": f, "quiet": True, "jobs": 1,
                                              "media_dir": str(Path(args.media_dir) / "work" / Path(f).stem)})
            for f in files]
    outcomes = []
    with ProcessPoolExecutor(max_workers=min(args.jobs or os.cpu_count() or 1, len(jobs))) as pool:
        for done in as_completed([pool.submit(render_one, job) for job in jobs]):
            file, status, what = done.result()
            outcomes.append("failed" if status else what)
            print(f"{file}: {'failed: ' if status else ''}{what}", flush=True)
    print(", ".join(f"{outcomes.count(kind)} {kind}" for kind in ("rendered", "reused from cache", "failed")))
    return 1 if "failed" in outcomes else 0
