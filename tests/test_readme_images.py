"""The README's pictures: every image it links is there and small, and the commands it gives for them run."""
import re
import shlex
from pathlib import Path

import pytest
from PIL import Image

from cli.main import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
IMAGES = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README)
COMMANDS = [shlex.split(line)[2:] for line in README.splitlines() if line.startswith("./run sheet") and "docs/" in line]


def made(words: list[str]) -> set[str]:
    """The images a sheet command of the README writes: its -o file, or one per scenario in its -o folder."""
    files, target = [w for w in words if w.endswith(".yaml")], words[words.index("-o") + 1]
    return {target} if target.endswith(".png") else {f"{target}/{Path(f).stem}.png" for f in files}


def test_every_image_the_readme_links_is_a_small_png_in_docs():
    assert len(IMAGES) >= 5
    for link in IMAGES:
        path = ROOT / link
        assert link.startswith("docs/") and path.is_file(), link
        assert path.stat().st_size <= 300_000, (link, path.stat().st_size)
        with Image.open(path) as image:
            assert image.format == "PNG" and image.width >= 600, link


def test_the_readme_gives_the_command_that_makes_each_of_its_images():
    assert set().union(*[made(words) for words in COMMANDS]) == set(IMAGES)
    assert all((ROOT / w).is_file() for words in COMMANDS for w in words if w.endswith(".yaml"))


@pytest.mark.render
@pytest.mark.parametrize("words", COMMANDS, ids=lambda words: words[words.index("-o") + 1])
def test_the_readme_commands_run(tmp_path, monkeypatch, words):
    """Each with its first scenario and its own flags, into a temporary file: one PNG, of the width asked."""
    monkeypatch.chdir(ROOT)
    first = next(w for w in words if w.endswith(".yaml"))
    flags = [w for w in words if not w.endswith(".yaml")]
    flags[flags.index("-o") + 1] = str(tmp_path / "out.png")
    assert main(["sheet", first, *flags, "--media-dir", str(tmp_path / "media")]) == 0
    with Image.open(tmp_path / "out.png") as image:
        assert image.width == (int(flags[flags.index("--width") + 1]) if "--width" in flags else 854)
