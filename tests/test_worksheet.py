"""Worksheets and keys: every answer in the key is `check --json` of its variant file at the asked decimals, the
worksheet shows no answer, the questions follow the storyboard, the words follow the language, the PDFs build.

The Markdown is read back here with patterns of its own, so a wrong number, path or decimal count fails.
"""
import json
import re
from pathlib import Path

import pytest

from check_json import at
from cli import lualatex
from cli.handout_formats import to_latex, to_markdown
from cli.main import main
from lesson import variant
from lesson.scenario import load
from lesson.solution import solve
from lesson.worksheet import document, key, sheet

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ["three_class", "network_3_2_2", "batch", "batch_3_2_2", "soft_target", "three_class_bn"]
LINE = re.compile(r"^\*\*(\S+?)\.\*\* \$(.*)\$ — (.*)$", re.M)
BOXED = re.compile(r"\\boxed\{(-?\d+\.\d+)\}")
DECIMAL = re.compile(r"(?<![\w.])-?\d+\.\d+(?![\w.])")
BENGALI = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")


def variant_files(name, folder, count=2, seed=4):
    """`count` variants of a shipped scenario written into `folder`."""
    paths = []
    for v in variant.variants(load(str(ROOT / "scenarios" / f"{name}.yaml")), count, seed, f"{name}.yaml"):
        paths.append(folder / f"{name}_v{v.number:02d}.yaml")
        paths[-1].write_text(v.text, encoding="utf-8")
    return paths


def check_json(path, capsys):
    assert main(["check", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def flat(value):
    return [x for v in value for x in flat(v)] if isinstance(value, list) else [value]


def printed(value, digits):
    text = f"{value:.{digits}f}"
    return text.lstrip("-") if float(text) == 0 else text


def lines(markdown):
    """{label: (math, note)} of every question line."""
    return {label: (math, note.replace("\\", "")) for label, math, note in LINE.findall(markdown)}


def given_numbers(data):
    """Every number the worksheet may show: the input, the weights and biases, the learning rate and the target."""
    out = flat(data["input"]) + flat(data["target"]) + [data["learning_rate"]]
    for layer in data["layers"].values():
        out += flat(layer["W"]) + flat(layer["b"])
    return out


def sheets(path):
    solution = solve(load(str(path)))
    return to_markdown(sheet(solution)), to_markdown(key(solution))


@pytest.mark.parametrize("name", SOURCES)
def test_every_answer_is_check_json_at_the_asked_decimals(name, tmp_path, capsys):
    for path in variant_files(name, tmp_path):
        data = check_json(path, capsys)
        asked, answered = (lines(md) for md in sheets(path))
        assert asked.keys() == answered.keys() and len(asked) >= 9
        for label, (math, note) in answered.items():
            digits = int(re.search(r"[0-9০-৯]+", asked[label][1]).group().translate(BENGALI))
            expected = [printed(v, digits) for v in flat(at(data, note))]
            assert BOXED.findall(math) == expected, (label, note)


@pytest.mark.parametrize("name", SOURCES)
def test_the_worksheet_shows_no_answer(name, tmp_path, capsys):
    for path in variant_files(name, tmp_path):
        data = check_json(path, capsys)
        worksheet, answers = sheets(path)
        given = given_numbers(data)
        assert not BOXED.search(worksheet) and worksheet.count(r"\boxed{\strut") >= 9
        for text in DECIMAL.findall(worksheet):
            assert any(abs(float(text) - g) < 1e-12 for g in given), f"{text} is not a given number"
        for text in set(BOXED.findall(answers)):
            if not any(abs(float(text) - g) < 1e-12 for g in given):
                assert not re.search(rf"(?<![\w.]){re.escape(text)}(?![\w.])", worksheet), text


def test_the_questions_follow_the_storyboard(tmp_path):
    worksheet, answers = sheets(variant_files("network_3_2_2", tmp_path, 1)[0])
    headings = ["## Forward pass", "## Softmax and loss", "## Backward pass", "## Gradient step"]
    assert sorted(headings, key=worksheet.index) == headings
    paths = [note for _, note in lines(answers).values()]
    order = ["layers.hidden.z", "layers.hidden.a", "layers.output.z", "probabilities", "loss", "layers.output.dz",
             "layers.output.dW", "layers.output.db", "layers.hidden.da", "layers.hidden.dz", "layers.hidden.dW",
             "layers.hidden.db", "layers.hidden.W_new", "layers.hidden.b_new", "layers.output.W_new"]
    first = [next(i for i, p in enumerate(paths) if p.startswith(name + "[") or p == name) for name in order]
    assert first == sorted(first)
    assert "4 decimals" in lines(worksheet)[str(len(paths))][1] and "3 decimals" in lines(worksheet)["1"][1]


def test_a_batch_asks_for_its_matrices(tmp_path):
    worksheet, answers = sheets(variant_files("batch", tmp_path, 1)[0])
    asked = {note for _, note in lines(answers).values()}
    assert {"layers.output.z", "probabilities", "sample_losses", "loss", "layers.output.dz", "layers.output.dW",
            "layers.output.db", "layers.output.W_new", "layers.output.b_new"} == asked
    z = next(math for math, note in lines(answers).values() if note == "layers.output.z")
    assert len(BOXED.findall(z)) == 4 * 3


def test_the_header_names_the_variant_and_the_key_its_tolerance(tmp_path):
    worksheet, answers = sheets(variant_files("three_class", tmp_path, 2, seed=9)[1])
    assert "Worksheet · three\\_class\\_v02 · variant 2 of three\\_class.yaml, seed 9" in worksheet
    assert "Answer key · three\\_class\\_v02" in answers and "±1 in its last decimal" in answers
    assert "an updated weight or bias within ±1 " in answers          # η = 0.1: 0.1 × half of 0.001 is 0.00005
    assert "# 3-class softmax + cross-entropy · variant 2" in worksheet


def test_the_update_tolerance_covers_a_step_worked_from_a_rounded_gradient(tmp_path, capsys):
    """η = 0.5: a gradient off by half of 0.001 moves w_new by 0.00025, 2.5 units of the fourth decimal; the key says
    ±3, and every update answer worked from the key's own rounded gradient lands within it."""
    path = variant_files("network_3_2_2", tmp_path, 1)[0]
    data, answers = check_json(path, capsys), sheets(path)[1]
    assert "an updated weight or bias within ±3 " in answers
    for layer in data["layers"].values():
        for old, gradient, new in zip(flat(layer["W"]) + flat(layer["b"]), flat(layer["dW"]) + flat(layer["db"]),
                                      flat(layer["W_new"]) + flat(layer["b_new"])):
            by_hand = float(printed(old - 0.5 * float(printed(gradient, 3)), 4))
            assert abs(by_hand - float(printed(new, 4))) <= 3e-4 + 1e-12


def test_bengali_carries_through(tmp_path):
    worksheet, answers = sheets(variant_files("three_class_bn", tmp_path, 1)[0])
    assert "অনুশীলনী" in worksheet and "দেওয়া আছে" in worksheet and "## ফরোয়ার্ড পাস" in worksheet
    assert "উত্তরমালা" in answers and "দশমিকের পর ৩ ঘর" in worksheet and "**১.**" in worksheet
    assert "Worksheet" not in worksheet and "decimals" not in worksheet


def test_a_folder_is_one_document_a_page_per_variant(tmp_path):
    solutions = [solve(load(str(p))) for p in variant_files("three_class", tmp_path, 3)]
    assert to_latex(document(solutions, sheet)).count(r"\clearpage") == 2
    assert to_markdown(document(solutions, key)).count("three\\_class\\_v0") == 3


def test_the_command_writes_both_pdfs_and_their_markdown(tmp_path, capsys):
    folder = tmp_path / "variants"
    folder.mkdir()
    variant_files("three_class_bn", folder, 2)
    out = tmp_path / "out" / "sheet.md"
    assert main(["worksheet", str(folder), "-o", str(out)]) == 0
    made = [out, out.with_suffix(".pdf"), out.with_name("sheet_key.md"), out.with_name("sheet_key.pdf")]
    assert capsys.readouterr().out.split() == [str(p) for p in made]
    assert made[1].read_bytes().startswith(b"%PDF") and made[3].read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(p.name for p in made)
    assert made[0].read_text(encoding="utf-8").count("অনুশীলনী") == 2


def test_a_failed_pdf_leaves_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(lualatex, "ENGINE", "false")
    path = variant_files("three_class", tmp_path, 1)[0]
    assert main(["worksheet", str(path), "-o", str(tmp_path / "out" / "w.md")]) == 1
    assert "false failed" in capsys.readouterr().err and not (tmp_path / "out").exists()


@pytest.mark.parametrize("target, says", [
    ("tests/scenarios/stated_z.yaml", "a stated z does not follow from W x + b"),
    ("EMPTY", "the folder holds no scenario (.yaml) files"),
    ("scenarios/nothing_here.yaml", "nothing_here.yaml"),
])
def test_bad_input_gets_one_line(target, says, tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    target = str(tmp_path / "empty") if target == "EMPTY" else str(ROOT / target)
    assert main(["worksheet", target, "-o", str(tmp_path / "w.md")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and says in err, err
    assert not (tmp_path / "w.md").exists()


def test_the_output_must_be_markdown(tmp_path, capsys):
    path = variant_files("three_class", tmp_path, 1)[0]
    assert main(["worksheet", str(path), "-o", str(tmp_path / "w.pdf")]) == 2
    assert "name a .md file" in capsys.readouterr().err
