"""Several scenarios in one command: each in its own process, a bad one reported in one line without stopping the
others, the exit status non-zero when any failed."""
import shutil
from pathlib import Path

import pytest

from cli.main import main
from cli.many import scenario_files

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def test_a_folder_stands_for_its_scenarios(tmp_path):
    (tmp_path / "b.yaml").write_text("")
    (tmp_path / "a.yaml").write_text("")
    (tmp_path / "notes.txt").write_text("")
    assert scenario_files([str(tmp_path), "c.yaml"]) == [str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "c.yaml"]


@pytest.mark.render
def test_one_bad_scenario_does_not_stop_the_others(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    good = tmp_path / "good.yaml"
    shutil.copy(SCENARIOS / "three_class.yaml", good)
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text().replace("learning_rate: 0.1", "learning_rate: fast"))
    assert main(["render", str(tmp_path), "--section", "setup", "-j", "2"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{bad}: failed: error: {bad}:24: learning_rate: expected a number, got the string 'fast'" in out
    assert f"{good}: rendered" in out and out[-1] == "1 rendered, 0 reused from cache, 1 failed"
    assert (tmp_path / "media" / "good_setup.mp4").is_file() and (tmp_path / "media" / "work" / "good").is_dir()


def test_several_scenarios_refuse_one_output(capsys):
    assert main(["render", str(SCENARIOS), "-o", "x.mp4"]) == 2
    assert "-o names one output" in capsys.readouterr().err
