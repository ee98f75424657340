"""Time and memory of `check` and `check --json` on the largest files the limits of lesson/limits.py accept.

Each file is written here at a corner of the limits (the widest step, the deepest network, the longest run, the most
steps, the most values and the largest file the parser reads); each command runs in a fresh process, three times.
Printed: the file's size, the exit status, the best wall-clock and CPU time and the peak resident memory of the process
(including the start of Python and the imports of NumPy and PyYAML, about 0.3 s and 30 MB).

    .venv/bin/python bench/limits.py
"""
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lesson import limits  # noqa: E402

RUN = ("import resource, sys; from cli.main import main; code = main(sys.argv[1:]); "
       "use = resource.getrusage(resource.RUSAGE_SELF); "
       "print(use.ru_utime + use.ru_stime, use.ru_maxrss, file=sys.stderr); sys.exit(code)")


def network(width, layers, batch, steps, features=None):
    """A scenario of `layers` tanh layers of `width` neurons (the last softmax) on `batch` samples."""
    rng = random.Random(0)
    row = lambda n: "[" + ", ".join(f"{rng.uniform(-1, 1):.1f}" for _ in range(n)) + "]"  # noqa: E731
    features = features or width
    out = ["input:"] + [f"  - {row(features)}" for _ in range(batch)] + ["layers:"]
    for i in range(layers):
        out += [f"  - name: l{i}", "    weights:"] + [f"      - {row(features if i == 0 else width)}"] * width
        out += [f"    bias: {row(width)}", f"    activation: {'softmax' if i == layers - 1 else 'tanh'}"]
    out += ["target:"] + [f"  - c{j % width}" for j in range(batch)]
    out += [f"classes: [{', '.join(f'c{j}' for j in range(width))}]", "learning_rate: 0.1", f"steps: {steps}"]
    return "\n".join(out) + "\n"


def aliases(n):
    """A scenario whose title is a list of aliases expanding to about `n` values: read whole, then refused."""
    return network(2, 1, 1, 1) + "title: [&a [" + ", ".join(["t"] * 100) + "], " + ", ".join(["*a"] * (n // 100)) + "]\n"


def corners():
    """(name, text) of files at the corners of the limits."""
    deep = 24                                                           # the widest 8 layers that fit in the file
    return [
        ("widest step, 32 classes", network(limits.WIDTH, 1, limits.STEP_NUMBERS // (2 * limits.WIDTH ** 2), 1)),
        ("widest step, batch 32", network(16, 1, limits.BATCH, 1, features=32)),
        ("deepest", network(deep, limits.LAYERS, 1, limits.LAYER_STEPS // limits.LAYERS)),
        ("longest run", network(limits.WIDTH, 1, 1, limits.STEPS)),
        ("most steps, 2 layers", network(2, 2, 1, limits.STEPS)),
        ("most values (refused)", aliases(limits.VALUES - 300)),
        ("largest file, comments", network(2, 1, 1, 1) + "# padding\n" * ((limits.FILE_BYTES - 300) // 10)),
    ]


def measure(path, *flags):
    """Best wall-clock and CPU seconds of three runs, peak resident MB and the exit status of `check FILE [flags]`."""
    wall, cpu, peak = float("inf"), float("inf"), 0
    for _ in range(3):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", RUN, "check", str(path), *flags], cwd=ROOT,
                              capture_output=True, text=True)
        wall = min(wall, time.perf_counter() - start)
        seconds, kilobytes = done.stderr.split()[-2:]
        cpu, peak = min(cpu, float(seconds)), max(peak, int(kilobytes) // 1024)
    return f"{wall:.2f} s ({cpu:.2f} s CPU) {peak:3d} MB", done.returncode


def main():
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in corners():
            path = Path(tmp) / "corner.yaml"
            path.write_text(text)
            (text_mode, code), (json_mode, _) = measure(path), measure(path, "--json")
            print(f"{name:24} {len(text) / 1024:5.1f} KB  exit {code}   check {text_mode}   --json {json_mode}")


if __name__ == "__main__":
    main()
