"""The handout: every number it shows is `check --json`'s at the printed precision, and the key results are all
there; a real run writes Markdown, a PDF and the still, and a failing PDF build leaves nothing behind.
"""
import json
import re
from pathlib import Path

import pytest

from cli import handout as handout_module, lualatex
from cli.handout_formats import to_latex, to_markdown
from cli.main import main
from lesson.handout import blocks
from lesson.scenario import load
from lesson.solution import Solution

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
DECIMAL = re.compile(r"(?<![\w^_{\[.])-?\d+\.\d+(?![\w.])")
MATH = re.compile(r"\$\$\n(.*?)\n\$\$", re.S)


def _numbers(value):
    """Every number anywhere in the JSON (numeric strings too: a claim's printed digits)."""
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in _numbers(v)]
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, str):
        return [float(value)] if re.fullmatch(r"-?\d+(\.\d+)?", value) else []
    return [float(value)]


def _checked(file, capsys):
    assert main(["check", str(file), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _fmt(value, digits):
    text = f"{value:.{digits}f}"
    return text.lstrip("-") if float(text) == 0 else text


def _shown(markdown):
    """The decimals in the handout's formulas and tables (prose from the scenario's notes is the document's)."""
    formulas = "\n".join(MATH.findall(markdown))
    tables = "\n".join(line for line in markdown.splitlines() if line.startswith("|"))
    return DECIMAL.findall(formulas + "\n" + tables)


@pytest.mark.parametrize("file", SCENARIOS, ids=lambda p: p.stem)
def test_every_number_is_check_json_at_display_precision(file, capsys):
    data = _checked(file, capsys)
    known = _numbers(data)
    markdown = to_markdown(blocks(Solution(load(str(file))), "graph.png"))
    shown = _shown(markdown)
    assert len(shown) > 20
    for text in shown:              # a minus before a number may be an operator ("p_1 - 0.415") or its sign
        half = 0.5 * 10.0 ** -len(text.split(".")[1])
        readings = {float(text), abs(float(text))}
        assert any(abs(v - r) <= half + 1e-12 for v in known for r in readings), f"{text} is no number of check --json"


@pytest.mark.parametrize("file", SCENARIOS, ids=lambda p: p.stem)
def test_the_results_are_all_there(file, capsys):
    data = _checked(file, capsys)
    scenario = load(str(file))
    p, q = scenario.precision, scenario.update_precision
    shown = set(_shown(to_markdown(blocks(Solution(scenario), "graph.png"))))
    expect = {_fmt(data["loss"], p), _fmt(data["loss_after"], p)}
    for layer in data["layers"].values():
        expect |= {_fmt(v, p) for row in layer["dW"] for v in row} | {_fmt(v, p) for v in layer["db"]}
        expect |= {_fmt(v, q) for row in layer["W_new"] for v in row} | {_fmt(v, q) for v in layer["b_new"]}
    if not data["batched"]:
        expect |= {_fmt(v, p) for v in data["probabilities"]}
    else:
        expect |= {_fmt(v, p) for row in data["probabilities"] for v in row}
    if scenario.steps > 1:
        expect |= {_fmt(v, p) for v in data["history"]}
    assert expect <= shown, sorted(expect - shown)


def test_the_appendix_lists_where_the_document_differs(capsys):
    file = ROOT / "scenarios" / "three_class.yaml"
    differ = [c for c in _checked(file, capsys)["claims"] if not c["ok"]]
    markdown = to_markdown(blocks(Solution(load(str(file))), "graph.png"))
    appendix = markdown.split("## Appendix")[1]
    assert len(differ) == 5
    for claim in differ:
        assert f"| {claim['quantity']} | {claim['printed']} |" in appendix


@pytest.mark.render
@pytest.mark.parametrize("file", SCENARIOS, ids=lambda p: p.stem)
def test_every_scenario_typesets(file, tmp_path):
    built = lualatex.pdf(to_latex(blocks(Solution(load(str(file))))), tmp_path)
    assert built.read_bytes().startswith(b"%PDF")


@pytest.mark.render
def test_handout_writes_markdown_pdf_and_still(tmp_path, capsys):
    out = tmp_path / "kit" / "bn.md"
    assert main(["handout", str(ROOT / "scenarios" / "three_class_bn.yaml"), "-o", str(out)]) == 0
    assert capsys.readouterr().out.split() == [str(out), str(out.with_suffix(".pdf"))]
    assert out.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    assert "![" in out.read_text(encoding="utf-8") and (out.parent / "bn_graph.png").stat().st_size > 10000
    assert sorted(p.name for p in out.parent.iterdir()) == ["bn.md", "bn.pdf", "bn_graph.png"]


def test_a_failed_pdf_leaves_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(lualatex, "ENGINE", "false")
    monkeypatch.setattr(handout_module, "still", lambda sol, target: target.write_bytes(b"png"))
    out = tmp_path / "bn.md"
    assert main(["handout", str(ROOT / "scenarios" / "three_class.yaml"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "three_class.yaml:1: false failed: exit status 1" in err, err
    assert list(tmp_path.iterdir()) == []


def test_a_pdf_that_fails_at_a_symbol_names_its_field(tmp_path, capsys, monkeypatch):
    """LuaLaTeX's first error and the source line it stopped in, where the bias symbol b_3 stands: one line at
    that field's line of the file."""
    engine = tmp_path / "engine"
    engine.write_text("#!/bin/sh\nprintf '(./handout.tex\\n! Undefined control sequence.\\n<argument> \\\\oops\\n"
                      "\\nl.57 ... & b_3 \\\\oops\\n'\nexit 1\n")
    engine.chmod(0o755)
    monkeypatch.setattr(lualatex, "ENGINE", str(engine))
    monkeypatch.setattr(handout_module, "still", lambda sol, target: target.write_bytes(b"png"))
    out = tmp_path / "out" / "h.md"
    assert main(["handout", str(ROOT / "scenarios" / "three_class.yaml"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "three_class.yaml:20: layers[0].bias_symbols[2]:" in err, err
    assert "failed: Undefined control sequence." in err and not out.parent.exists()


def test_handout_wants_a_markdown_name(tmp_path, capsys):
    assert main(["handout", str(ROOT / "scenarios" / "three_class.yaml"), "-o", str(tmp_path / "x.pdf")]) == 2
    assert "name a .md file" in capsys.readouterr().err and not list(tmp_path.iterdir())
