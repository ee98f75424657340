"""What x264's presets cost on a lesson's frames: the frames of a rendered video encoded again at Manim's CRF with
each preset, in the same run. Printed per preset, against `medium` (x264's default, which Manim keeps): CPU time,
file size, and the PSNR of the decoded frames against the frames given.

    .venv/bin/python bench/encoding.py [VIDEO] [--frames N]      (default: media/three_class.mp4, from ./run video)
"""
import argparse
import os
import tempfile
from pathlib import Path

import av
import numpy as np

PRESETS = ("medium", "fast", "veryfast", "superfast", "ultrafast")


def frames_of(video: Path, count: int) -> tuple[list[np.ndarray], object]:
    """The first `count` frames of `video` as RGB arrays, and its frame rate."""
    with av.open(str(video)) as container:
        rate = container.streams.video[0].average_rate
        frames = []
        for frame in container.decode(video=0):
            frames.append(frame.to_ndarray(format="rgb24"))
            if len(frames) == count:
                break
    return frames, rate


def encode(frames: list[np.ndarray], rate, preset: str, target: Path) -> float:
    """CPU seconds to encode `frames` into `target` with libx264 at CRF 23 and `preset`."""
    start = os.times()
    with av.open(str(target), "w") as out:
        stream = out.add_stream("libx264", rate=rate, options={"crf": "23", "preset": preset})
        stream.height, stream.width = frames[0].shape[:2]
        stream.pix_fmt = "yuv420p"
        for pixels in frames:
            out.mux(stream.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")))
        out.mux(stream.encode())
    end = os.times()
    return end.user + end.system - start.user - start.system


def psnr(frames: list[np.ndarray], video: Path, step: int = 10) -> float:
    """PSNR (dB) of every `step`-th decoded frame of `video` against the same frame of `frames`."""
    with av.open(str(video)) as container:
        decoded = [f.to_ndarray(format="rgb24") for k, f in enumerate(container.decode(video=0)) if k % step == 0]
    errors = [np.mean((a.astype(float) - b) ** 2) for a, b in zip(frames[::step], decoded)]
    return 10 * np.log10(255 ** 2 / np.mean(errors))


def main():
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("video", nargs="?", default="media/three_class.mp4")
    args.add_argument("--frames", type=int, default=900)
    args = args.parse_args()
    frames, rate = frames_of(Path(args.video), args.frames)
    height, width = frames[0].shape[:2]
    print(f"{len(frames)} frames of {args.video}, {width}x{height}")
    print(f"{'preset':10s} {'CPU':>6s} {'size':>6s} {'PSNR dB':>8s}   (CPU and size / medium's)")
    results = {}
    with tempfile.TemporaryDirectory() as work:
        for preset in PRESETS:
            target = Path(work) / f"{preset}.mp4"
            results[preset] = encode(frames, rate, preset, target), target.stat().st_size, psnr(frames, target)
    cpu, size, _ = results["medium"]
    for preset, (c, s, p) in results.items():
        print(f"{preset:10s} {c / cpu:6.2f} {s / size:6.2f} {p:8.2f}")


if __name__ == "__main__":
    main()
