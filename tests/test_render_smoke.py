"""A real render of one short section to mp4, and the renderer's refusals (bad section, missing LaTeX)."""
import json
from pathlib import Path

import av
import pytest

from check_json import at
from cli import render as render_module
from cli.main import main

SCENARIO = str(Path(__file__).resolve().parents[1] / "scenarios" / "three_class.yaml")


@pytest.mark.render
def test_one_section_renders_to_mp4_with_its_record(tmp_path, capsys):
    out = tmp_path / "setup.mp4"
    assert main(["render", SCENARIO, "--section", "setup", "-o", str(out), "--media-dir", str(tmp_path / "media")]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == str(out)
    assert not list((tmp_path / "media").rglob("*.mp4"))      # Manim's clips went to a folder of this render's own
    with av.open(str(out)) as video:
        stream = video.streams.video[0]
        assert (stream.width, stream.height) == (854, 480) and stream.frames > 10
        duration = float(stream.duration * stream.time_base)
    assert not list(tmp_path.glob("*.part"))
    record = json.loads(out.with_suffix(".json").read_text())
    [section] = record["sections"]
    assert section["name"] == "setup" and section["start"] == 0 and abs(section["end"] - duration) < 0.1
    assert main(["check", SCENARIO, "--json"]) == 0
    checked = json.loads(capsys.readouterr().out)
    for shown in section["shown"]:
        assert shown["value"] == at(checked, shown["quantity"]), shown
    assert {"input[0]", "learning_rate", "layers.output.W[1][1]"} <= {s["quantity"] for s in section["shown"]}


def test_unknown_section_is_a_one_line_error(capsys):
    assert main(["render", SCENARIO, "--section", "forwards"]) == 2
    assert "unknown section 'forwards'" in capsys.readouterr().err


def test_missing_latex_names_the_setup_command(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(render_module.shutil, "which", lambda tool: None)
    out = tmp_path / "never.mp4"
    assert main(["render", SCENARIO, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "latex and dvisvgm not found" in err and "./run setup" in err and not out.exists()
