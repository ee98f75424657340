"""Time and peak memory of the core's forward + backward against PyTorch CPU autograd, measured in the same run.

The network of issue 14: 64 inputs -> 32 tanh -> 10 softmax, one-hot targets, the mean cross-entropy; both sides
compute the loss and dL/dW, dL/db of both layers and dL/dx. Core and PyTorch runs are interleaved and the best of
--repeats is kept, so load on the machine affects both. Each thread setting runs in its own process with
OMP_NUM_THREADS set, which both OpenBLAS (NumPy) and PyTorch obey: 1 thread each, then each library's default.
Peak memory is measured in a fresh child process per side: the peak resident set size above the size after
building the inputs (the peak is reset through /proc/self/clear_refs, so Linux only).

    .venv/bin/python bench/core_speed.py [--n 100000] [--repeats 5] [--dtype float64|float32]

PyTorch is not in the lock (the core and the tests never import it): add it to the set-up's venv with
`.cache/uv-*/bin/uv pip install --python .venv torch`.
"""
import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import core  # noqa: E402

SIZES = (64, 32, 10)


def problem(n: int, dtype: str):
    """The same random network and batch for both sides: (X, one-hot Y, labels, [(W, b), (W, b)])."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, SIZES[0])).astype(dtype)
    labels = rng.integers(0, SIZES[-1], size=n)
    params = [((rng.normal(size=(o, i)) / np.sqrt(i)).astype(dtype), rng.normal(size=o).astype(dtype))
              for i, o in zip(SIZES, SIZES[1:])]
    return x, np.eye(SIZES[-1], dtype=dtype)[labels], labels, params


def core_runner(x, y, params):
    """A function running the core's forward and backward once; returns (loss, dW of the first layer, dx)."""
    net = core.Network([core.Dense("hidden", *params[0], "tanh"), core.Dense("output", *params[1], "softmax")])

    def run():
        grads = net.backward(net.forward(x, y))
        return grads.layers[0].dW, grads.dx
    return run


def torch_runner(x, labels, params):
    """The same with PyTorch autograd (cross_entropy on the logits, .backward())."""
    import torch
    tx = torch.tensor(x, requires_grad=True)
    tl = torch.tensor(labels)
    tp = [torch.tensor(v, requires_grad=True) for pair in params for v in pair]

    def run():
        for t in (tx, *tp):
            t.grad = None
        w1, b1, w2, b2 = tp
        loss = torch.nn.functional.cross_entropy(torch.tanh(tx @ w1.T + b1) @ w2.T + b2, tl)
        loss.backward()
        return w1.grad.numpy(), tx.grad.numpy()
    return run


def best_times(runs: dict, repeats: int) -> dict:
    """The best wall time of each run over `repeats` rounds, the runs interleaved within a round."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeats):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def child(*options: str, threads: str | None = None) -> str:
    """The output of this script run again with `options`, in a fresh process (OMP_NUM_THREADS=threads if given)."""
    env = dict(os.environ)
    env.pop("OMP_NUM_THREADS", None) if threads is None else env.update(OMP_NUM_THREADS=threads)
    done = subprocess.run([sys.executable, __file__, *options], capture_output=True, text=True, env=env)
    if done.returncode:
        sys.exit(f"failed: {' '.join(options)}\n{done.stderr[-2000:]}")
    return done.stdout


def measure_memory(side: str, n: int, dtype: str) -> None:
    """Child process: print the peak resident memory (MB) one run adds, after a warm-up on a small batch."""
    x, y, labels, params = problem(n, dtype)
    small = problem(10, dtype)
    if side == "core":
        core_runner(small[0], small[1], small[3])()
        run = core_runner(x, y, params)
    else:
        torch_runner(small[0], small[2], small[3])()
        run = torch_runner(x, labels, params)
    Path("/proc/self/clear_refs").write_text("5")
    base = _vm("VmRSS")
    run()
    print((_vm("VmHWM") - base) / 1024)


def _vm(field: str) -> int:
    """A size in kB from /proc/self/status (Linux): VmRSS now, VmHWM the peak since the last reset."""
    line = next(l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith(field + ":"))
    return int(line.split()[1])


def measure_time(n: int, dtype: str, repeats: int) -> None:
    """Child process: print the best seconds of core and torch and the largest differences of dW and dx."""
    import torch
    x, y, labels, params = problem(n, dtype)
    runs = {"core": core_runner(x, y, params), "torch": torch_runner(x, labels, params)}
    (dW_core, dx_core), (dW_torch, dx_torch) = runs["core"](), runs["torch"]()
    seconds = best_times(runs, repeats)
    print(seconds["core"], seconds["torch"], torch.get_num_threads(),
          np.max(np.abs(dW_core - dW_torch)), np.max(np.abs(dx_core - dx_torch)))


def main():
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--n", type=int, default=100_000)
    args.add_argument("--repeats", type=int, default=5)
    args.add_argument("--dtype", choices=("float64", "float32"), default="float64")
    args.add_argument("--child", choices=("time", "core", "torch"), help=argparse.SUPPRESS)
    opts = args.parse_args()
    common = ("--n", str(opts.n), "--dtype", opts.dtype, "--repeats", str(opts.repeats))
    if opts.child == "time":
        return measure_time(opts.n, opts.dtype, opts.repeats)
    if opts.child:
        return measure_memory(opts.child, opts.n, opts.dtype)
    print(f"N = {opts.n:,}, {opts.dtype}, 64 -> 32 tanh -> 10 softmax, forward + backward, best of {opts.repeats}")
    print(f"{'threads':>8}{'core s':>10}{'torch s':>10}{'core/torch':>12}{'max |dW diff|':>15}{'max |dx diff|':>15}")
    for threads in ("1", None):
        core_s, torch_s, used, dW, dx = map(float, child(*common, "--child", "time", threads=threads).split())
        print(f"{int(used):>8}{core_s:10.4f}{torch_s:10.4f}{core_s / torch_s:12.2f}{dW:15.1e}{dx:15.1e}")
    memory = {side: float(child(*common, "--child", side)) for side in ("core", "torch")}
    activations = problem(opts.n, opts.dtype)[0].nbytes * sum(SIZES) / SIZES[0] / 2**20
    print(f"peak MB added by one run: core {memory['core']:.1f}, torch {memory['torch']:.1f}, core/torch "
          f"{memory['core'] / memory['torch']:.2f}; core / (X and every activation, {activations:.0f} MB) "
          f"{memory['core'] / activations:.2f}")


if __name__ == "__main__":
    main()
