"""The README's pictures: every image it links is there and small, and the command it gives for the gallery runs."""
import re
import shlex
from pathlib import Path

import pytest
from PIL import Image

from cli.main import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
IMAGES = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README)


def test_every_image_the_readme_links_is_a_small_png_in_docs():
    assert len(IMAGES) >= 5
    for link in IMAGES:
        path = ROOT / link
        assert link.startswith("docs/") and path.is_file(), link
        assert path.stat().st_size <= 300_000, (link, path.stat().st_size)
        with Image.open(path) as image:
            assert image.format == "PNG" and image.width >= 600, link


def gallery_command() -> list[str]:
    [line] = [line for line in README.splitlines() if line.startswith("./run sheet") and "-o docs/sheets" in line]
    return shlex.split(line)[2:]


def test_the_gallery_command_makes_every_sheet_the_readme_shows():
    words = gallery_command()
    files = [w for w in words if w.endswith(".yaml")]
    assert all((ROOT / f).is_file() for f in files)
    assert {f"docs/sheets/{Path(f).stem}.png" for f in files} == {i for i in IMAGES if i.startswith("docs/sheets/")}


@pytest.mark.render
def test_the_gallery_command_runs(tmp_path, monkeypatch):
    """Its first scenario, into a temporary folder with the same flags: one PNG of the width asked."""
    monkeypatch.chdir(ROOT)
    words = gallery_command()
    first = next(w for w in words if w.endswith(".yaml"))
    flags = [w for w in words if not w.endswith(".yaml")]
    flags[flags.index("-o") + 1] = str(tmp_path / "sheet.png")
    assert main(["sheet", first, *flags, "--media-dir", str(tmp_path / "media")]) == 0
    with Image.open(tmp_path / "sheet.png") as image:
        assert image.width == int(flags[flags.index("--width") + 1])
