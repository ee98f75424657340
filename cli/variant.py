"""`render.py variant FILE [-n N] [--seed S] [-o DIR]`: N scenario files of FILE's shape with new hand-friendly numbers.

Every variant is drawn and validated before any file is written; then DIR/<stem>_v01.yaml ... (default DIR:
variants/<stem>/) replace that folder's earlier variants of FILE as a set, each file written whole. Without --seed a
seed is drawn at random; each file records its seed and number, so a run can be repeated.
"""
import argparse
import re
import secrets
from pathlib import Path

from lesson import variant as variants
from lesson.files import place_all, sweep
from lesson.scenario import load
from .outputs import check_outputs

SEEDS = 10 ** 6          # a seed drawn at random is at most six digits, easy to read back from a file


def targets(stem: str, folder: Path, count: int) -> list[Path]:
    """The variants' file names, numbered from 1 with at least two digits."""
    width = max(2, len(str(count)))
    return [folder / f"{stem}_v{k:0{width}d}.yaml" for k in range(1, count + 1)]


def earlier(stem: str, folder: Path, keep: list[Path]) -> list[Path]:
    """Variant files of `stem` already in `folder` that this run does not write (a larger -n before)."""
    pattern = re.compile(rf"{re.escape(stem)}_v\d+\.yaml")
    found = folder.iterdir() if folder.is_dir() else []
    return [p for p in found if pattern.fullmatch(p.name) and p not in keep]


def variant(args: argparse.Namespace) -> int:
    """Write the variants and print their paths; 2 with one line when FILE cannot be varied."""
    scenario = load(args.file)
    seed = secrets.randbelow(SEEDS) if args.seed is None else args.seed
    variants.check_shape(scenario, args.count, seed)
    stem = Path(args.file).stem
    folder = Path(args.output or f"variants/{stem}")
    files = targets(stem, folder, args.count)
    check_outputs(args.file, files, ".yaml")
    made = variants.variants(scenario, args.count, seed, args.file)
    sweep(folder)
    place_all([(path, lambda part, body=v.text: Path(part).write_text(body, encoding="utf-8"))
               for path, v in zip(files, made)])
    for stale in earlier(stem, folder, files):
        stale.unlink()
    print("\n".join(map(str, files)))
    return 0
