"""How long a rendered video holds still, per section: the runs of frames that do not change, as a student reading
the screen meets them. Prints, per section of the record beside the video: the longest hold, the median of the
pauses (holds of at least PAUSE seconds), how many pauses, and the share of the section's time spent in them.

    python bench/holds.py media/three_class.mp4        # reads media/three_class.json for the sections

A frame "does not change" when no more than SPECKS pixels differ from the one before by more than SHADE grey levels
(the encoder redraws a still picture with small differences, a changed digit differs in hundreds of pixels by far
more); a hold is two or more such frames in a row.
"""
import json
import statistics
import sys
from pathlib import Path

import av
import numpy as np

SHADE = 24
SPECKS = 20


def holds(video: Path) -> tuple[list[tuple[float, float]], float]:
    """(start, seconds) of every run of unchanged frames, and the frame length."""
    runs, last, start, count = [], None, 0.0, 0
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        step = 1 / float(stream.average_rate)
        for k, frame in enumerate(container.decode(video=0)):
            gray = frame.to_ndarray(format="gray").astype(np.int16)
            if last is not None and np.count_nonzero(np.abs(gray - last) > SHADE) > SPECKS:
                runs.append((start, count * step))
                start, count = k * step, 0
            last, count = gray, count + 1
    runs.append((start, count * step))
    return runs, step


PAUSE = 0.5         # seconds: a hold this long is a moment to read in


def _row(name: str, runs: list[float], seconds: float) -> str:
    pauses = [x for x in runs if x >= PAUSE]
    median = statistics.median(pauses) if pauses else 0.0
    return (f"{name:10} {max(runs, default=0):12.1f}s {median:13.2f}s {len(pauses):7d} "
            f"{sum(pauses) / seconds:10.0%}")


def main(video: str) -> None:
    path = Path(video)
    sections = json.loads(path.with_suffix(".json").read_text())["sections"]
    runs, step = holds(path)
    print(f"{path.name}: {sections[-1]['end']:.1f} s")
    print(f"{'section':10} {'longest hold':>13} {'median pause':>14} {'pauses':>7} {'still':>10}")
    for s in sections:
        inside = [length for start, length in runs
                  if s["start"] - step / 2 <= start < s["end"] - step / 2 and length > 1.5 * step]
        print(_row(s["name"], inside, s["end"] - s["start"]))
    print(_row("whole", [length for _, length in runs if length > 1.5 * step], sections[-1]["end"]))


if __name__ == "__main__":
    main(sys.argv[1])
