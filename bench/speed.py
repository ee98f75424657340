"""Render speed of the explainer against a plain Manim scene of similar content, measured in the same run.

For each scenario, in a fresh folder (empty Manim, LaTeX and section caches): a first render, the same render again
(nothing changed), a render after editing the learning rate, then one after editing one weight. The plain scene,
written by this script, is rendered first and again the same way. Then the three scenarios rendered by one command
(in parallel, one process each, empty caches) against their first renders one after another, and a first render
of three_class with its sections shared out over every core (-j 2) against one in a single process (-j 1), and a
first contact sheet of three_class against those first renders. With --final, three_class at 1080p60 (-q h), first
and unchanged. Printed: seconds of rendering per second of video and the ratios between them. Whole processes,
wall-clock: the figures include Python and Manim start-up, as a user waits for them.

    .venv/bin/python bench/speed.py [--quality l|m|h] [--scenario NAME] [--final]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ("three_class", "network_3_2_2", "batch")

PLAIN = '''
from manim import *

class Plain(Scene):
    """Three columns of neurons, labelled edges, pulses, a formula column, values changing: no project code."""
    def construct(self):
        cols = [[LEFT * 5 + RIGHT * 2.2 * c + UP * (1.6 - 1.6 * i) for i in range(n)] for c, n in enumerate((3, 2, 2))]
        dots = VGroup(*[Circle(0.42, color=GREY_B, fill_opacity=1, fill_color="#2a2f3a").move_to(p)
                        for col in cols for p in col])
        edges = [VGroup(*[Line(a, b, color=GREY_D) for a in cols[k] for b in cols[k + 1]]) for k in range(2)]
        labels = VGroup(*[MathTex(f"w_{{{i + 1}}}", font_size=22).move_to(e.point_from_proportion(0.4))
                          for i, e in enumerate([*edges[0], *edges[1]])])
        self.play(Write(Text("A plain scene", font_size=40)), run_time=1)
        self.play(Create(VGroup(*edges)), FadeIn(dots), FadeIn(labels), run_time=1.5)
        values = VGroup(*[MathTex(f"{0.1 * (i + 1):.3f}", font_size=24).move_to(d) for i, d in enumerate(dots)])
        for step in range(5):
            for group in edges:
                self.play(ShowPassingFlash(group.copy().set_color(TEAL).set_stroke(width=5)), run_time=1.2)
            panel = VGroup(*[MathTex(rf"z_{{{k}}} = 0.2 \\cdot 1 - 0.3 \\cdot 2 + 0.{step}{k} = {0.1 * step + k:.3f}",
                                     font_size=28) for k in range(3)]).arrange(DOWN, aligned_edge=LEFT).to_edge(RIGHT)
            new = VGroup(*[MathTex(f"{0.1 * (i + 1) + step / 7:.3f}", font_size=24).move_to(d)
                           for i, d in enumerate(dots)])
            self.play(Write(panel), ReplacementTransform(values, new), run_time=1.5)
            self.wait(0.6)
            self.play(FadeOut(panel), run_time=0.4)
            values = new
        self.wait(1)
'''


def duration(video):
    with av.open(str(video)) as container:
        return container.duration / 1e6


def timed(command, cwd):
    """Seconds a command takes; stops the benchmark with its error output if it fails."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"failed: {' '.join(map(str, command))}\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


def edit(source, pattern, replacement):
    """Change one number of a scenario file in place."""
    text = source.read_text()
    changed = re.sub(pattern, replacement, text, count=1, flags=re.M)
    assert changed != text, pattern
    source.write_text(changed)


def scenario_runs(name, quality, work):
    """First, unchanged, learning-rate-edited and weight-edited render of one scenario in its own folder:
    (video seconds, four timings)."""
    folder = work / name
    folder.mkdir()
    source = folder / f"{name}.yaml"
    shutil.copy(ROOT / "scenarios" / f"{name}.yaml", source)
    render = [sys.executable, str(ROOT / "render.py"), "render", str(source), "-q", quality, "-o", "out.mp4"]
    first, cached = timed(render, folder), timed(render, folder)
    edit(source, r"^learning_rate: .*$", "learning_rate: 0.25")
    rate = timed(render, folder)
    edit(source, r"(weights:\s*\n\s*- \[)\s*-?[\d.]+", r"\g<1>0.35")
    weight = timed(render, folder)
    return duration(folder / "out.mp4"), first, cached, rate, weight


def first_run(name, quality, work, *flags):
    """One first render of a scenario in a fresh folder (with extra render flags, e.g. -j 1)."""
    folder = work / f"{name}-first{''.join(flags)}"
    folder.mkdir()
    shutil.copy(ROOT / "scenarios" / f"{name}.yaml", folder)
    return timed([sys.executable, str(ROOT / "render.py"), "render", f"{name}.yaml", "-q", quality, *flags], folder)


def sheet_run(quality, work):
    """A first contact sheet of three_class in a fresh folder (nothing typeset), as `render.py sheet` makes it."""
    folder = work / "sheet"
    folder.mkdir()
    shutil.copy(ROOT / "scenarios" / "three_class.yaml", folder)
    return timed([sys.executable, str(ROOT / "render.py"), "sheet", "three_class.yaml", "-q", quality, "-o",
                  "sheet.png"], folder)


def final_runs(work):
    """three_class at 1080p60: first render and the same again, in a fresh folder; (video seconds, both timings)."""
    folder = work / "final"
    folder.mkdir()
    shutil.copy(ROOT / "scenarios" / "three_class.yaml", folder)
    render = [sys.executable, str(ROOT / "render.py"), "render", "three_class.yaml", "-q", "h", "-o", "out.mp4"]
    first, cached = timed(render, folder), timed(render, folder)
    return duration(folder / "out.mp4"), first, cached


def parallel_run(quality, work):
    """The three scenarios by one command, in parallel, in a fresh folder."""
    folder = work / "parallel"
    folder.mkdir()
    for name in SCENARIOS:
        shutil.copy(ROOT / "scenarios" / f"{name}.yaml", folder)
    return timed([sys.executable, str(ROOT / "render.py"), "render", *[f"{n}.yaml" for n in SCENARIOS],
                  "-q", quality], folder)


def plain_runs(quality, work):
    """First and cached render of the plain scene."""
    folder = work / "plain"
    folder.mkdir()
    (folder / "plain.py").write_text(PLAIN)
    command = [sys.executable, "-m", "manim", "render", f"-q{quality}", "--media_dir", "media", "-o", "plain",
               "plain.py", "Plain"]
    first, cached = timed(command, folder), timed(command, folder)
    video = next((folder / "media").rglob("plain.mp4"))
    return duration(video), first, cached


def main():
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--quality", choices="lmh", default="l")
    args.add_argument("--scenario", choices=SCENARIOS, help="only this one in the table (all three still run "
                                                             "in parallel and one after another)")
    args.add_argument("--final", action="store_true", help="also three_class at 1080p60 (minutes)")
    opts = args.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        plain_video, plain_first, plain_cached = plain_runs(opts.quality, work)
        plain_rate = plain_first / plain_video
        print(f"{'':16}{'video s':>8}{'first s':>9}{'s/video s':>10}{'unchanged':>10}{'eta edit':>9}"
              f"{'W edit':>8}{'vs plain':>9}", flush=True)
        print(f"{'plain scene':16}{plain_video:8.1f}{plain_first:9.1f}{plain_rate:10.2f}"
              f"{plain_cached / plain_first:10.2f}{'':>17}{1:9.2f}", flush=True)
        firsts = {}
        for name in SCENARIOS:
            if opts.scenario in (None, name):
                video, first, cached, rate, weight = scenario_runs(name, opts.quality, work)
                print(f"{name:16}{video:8.1f}{first:9.1f}{first / video:10.2f}{cached / first:10.2f}"
                      f"{rate / first:9.2f}{weight / first:8.2f}{first / video / plain_rate:9.2f}", flush=True)
            else:
                first = first_run(name, opts.quality, work)
            firsts[name] = first
        parallel = parallel_run(opts.quality, work)
        one, shared = first_run("three_class", opts.quality, work, "-j1"), first_run("three_class", opts.quality, work,
                                                                                      "-j2")
        sheet = sheet_run(opts.quality, work)
        final = final_runs(work) if opts.final else None
    serial = sum(firsts.values())
    print(f"three scenarios: one after another {serial:.1f} s, in parallel {parallel:.1f} s: {parallel / serial:.2f}")
    print(f"three_class, first render: one process {one:.1f} s, sections over two {shared:.1f} s: {shared / one:.2f}")
    print(f"three_class, first contact sheet {sheet:.1f} s, against its first render in one process: "
          f"{sheet / one:.2f}, against the default (-j{os.cpu_count()}) first render: {sheet / firsts['three_class']:.2f}")
    if final:
        video, first, cached = final
        print(f"three_class at 1080p60: {video:.1f} s of video, first render {first:.1f} s ({first / video:.2f} s per "
              f"video s), unchanged {cached:.1f} s ({cached / first:.2f} of first)")
    print("unchanged, eta edit, W edit: / first render of the same scenario (eta edited first, then a weight).")
    print("vs plain = (render s per video s) / (the plain scene's), first renders; below 1 is faster than plain.")


if __name__ == "__main__":
    main()
