"""A hostile author's scenario file, file name and outputs: refused in one line before any TeX runs, or made
harmless, with nothing written outside the output folder."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from cli.handout_formats import to_latex, to_markdown
from cli.main import main
from lesson import symbols
from lesson.files import place_all, place_text, sweep
from lesson.handout import blocks
from lesson.record import Record, SectionRecord
from lesson.scenario import load
from lesson.solution import Solution
from lesson.subtitles import srt
from test_bad_input import GOOD, run_check, write

ROOT = Path(__file__).resolve().parents[1]
THREE_CLASS = ROOT / "scenarios" / "three_class.yaml"
LUA_WRITE = r'\directlua{local f=io.open("/tmp/pwned","w") f:write("x") f:close()}'

# (name, the symbol given to x_1, what the message says)
SYMBOLS = [
    ("lua through the handout", r"x_1\ifdefined\directlua" + LUA_WRITE + r"\fi", r"\ifdefined"),
    ("a local file on screen", r"\input{/etc/hostname}", r"\input"),
    ("the first line of a file", r"\newread\r\openin\r=/etc/passwd\read\r to\l\detokenize\expandafter{\l}",
     r"\newread"),
    ("a write into the shared Tex folder", r"x\immediate\openout5=../p_1.svg", r"\immediate"),
    ("a loop that never ends", r"\def\x{\x}\x", r"\def"),
    ("a long loop", r"\loop\ifnum0<1\repeat", r"\loop"),
    ("a comment that eats the rest", "x_1 % }", "'%'"),
    ("math shift", "$x$", "'$'"),
    ("an unclosed brace", "x_{1", "opens a brace it never closes"),
    ("a double subscript", "x_1_2", "two subscripts"),
    ("an empty script", "x^", "nothing after ^"),
    ("text with a command", r"\text{\input{/etc/hostname}}", r"\text takes plain words"),
    ("a non-ASCII letter", "x_\u00e9", "'\u00e9'"),
    # found by typesetting random accepted symbols (test_jail): TeX refuses these
    ("a prime after a superscript", "x^2'", "a prime after a superscript"),
    ("an accent's argument with an argument", r"\hat\text{new}", "put braces around it"),
    ("a spacing command", r"x\,y", r"\,"),
]


@pytest.mark.parametrize("name, symbol, says", SYMBOLS, ids=[s[0] for s in SYMBOLS])
@pytest.mark.parametrize("command", ["check", "render", "handout"])
def test_a_symbol_outside_the_language_is_one_line_before_any_tex(tmp_path, capsys, monkeypatch, name, symbol,
                                                                   says, command):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, [("", f"input_symbols: [{json.dumps(symbol)}, x_2]\n")])
    assert main([command, str(path)]) == 2
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and err.startswith(f"error: {path}:14: input_symbols[0]: the symbol "), err
    assert says in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]         # nothing made, not even media/


def test_every_symbol_field_is_in_the_language(tmp_path, capsys):
    for field in ("weight_symbols: [[w_1, w_2], [w_3, '\\input{x}']]", "bias_symbols: [b_1, '$']",
                  "z_symbols: ['{', z_2]", "a_symbols: [a_1, '\\def']"):
        path = write(tmp_path, [("    activation: tanh", f"    activation: tanh\n    {field}")])
        code, _, err = run_check(path, capsys)
        assert code == 2 and f"layers[0].{field.split(':')[0]}" in err and "the symbol" in err, err


def test_the_lecture_scenarios_symbols_are_in_the_language():
    files = sorted((ROOT / "scenarios").glob("*.yaml")) + sorted((ROOT / "tests" / "scenarios").glob("*.yaml"))
    for file in files:
        for path, symbol in load(str(file)).symbols():
            assert symbols.problem(symbol) is None, (file.name, path, symbol)


def _balanced(text: str) -> bool:
    depth = 0
    for ch in re.sub(r"\\.", "", text):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


TEX_PIECES = st.sampled_from(["x", "1", "_", "^", "{", "}", "'", "(", " ", "%", "$", "#", "&", "~", "\\", "\\\\",
                              r"\alpha", r"\hat", r"\text", r"\input", r"\def", r"\directlua", r"\catcode", r"\csname",
                              r"\mathrm", r"\openout", "\n", "é", "[", "]", ",", "="])


@settings(max_examples=400, deadline=None)
@given(st.lists(TEX_PIECES, max_size=12).map("".join))
def test_whatever_the_language_accepts_holds_only_listed_commands_and_plain_characters(text):
    if symbols.problem(text) is not None:
        return
    commands = set(re.findall(r"\\([A-Za-z]+)", text))
    assert commands <= set(symbols.GREEK) | set(symbols.TAKES_ONE) | set(symbols.SYMBOLS) | set(symbols.TEXT)
    assert not re.search(r"[%$#&~\n\x80-\uffff]", text) and "\\\\" not in text and _balanced(text)


def test_a_layer_name_is_a_name(tmp_path, capsys):
    code, _, err = run_check(write(tmp_path, [("name: hidden", "name: my layer")]), capsys)
    assert code == 2 and "layers[0].name: 'my layer' is not a name" in err


def test_a_file_name_never_reaches_tex():
    solution = Solution(load(str(THREE_CLASS)))
    latex = to_latex(blocks(solution, r"fig\directlua{os.exit(1)}x_graph.png"))
    assert r"\includegraphics[width=0.9\linewidth]{graph.png}" in latex and "os.exit" not in latex


def test_a_file_named_with_tex_gives_a_handout_whose_tex_holds_no_part_of_its_name(tmp_path, monkeypatch, capsys):
    """Through the command: the file `fig\directlua{...}x.yaml`; what LuaLaTeX is given (kept here, not typeset)."""
    from cli import handout as handout_module, lualatex
    given = []

    def typeset(tex, folder):
        given.append(tex)
        (folder / "handout.pdf").write_bytes(b"%PDF")
        return folder / "handout.pdf"
    monkeypatch.setattr(lualatex, "pdf", typeset)
    monkeypatch.setattr(handout_module, "still", lambda sol, target: target.write_bytes(b"png"))
    hostile = tmp_path / "fig\\directlua{os.exit(1)}x.yaml"
    hostile.write_text(THREE_CLASS.read_text())
    assert main(["handout", str(hostile), "-o", str(tmp_path / "out" / "h.md")]) == 0, capsys.readouterr().err
    [tex] = given
    assert "os.exit" not in tex and r"{graph.png}" in tex


def test_scenario_text_stays_text_in_markdown_and_latex(tmp_path):
    title = "Week 3\n\n<script>alert(1)</script>\n# Answers\n> quoted"
    path = write(tmp_path, [("", f"title: {json.dumps(title[:50])}\ndescription: '1. first\n\n  - item'\n")])
    solution = Solution(load(str(path)))
    markdown = to_markdown(blocks(solution, "my graph (v2).png"))
    lines = markdown.splitlines()
    assert lines[0] == "# Week 3 &lt;script&gt;alert(1)&lt;/script&gt; # Answers &gt; quot"
    assert lines[2] == r"1\. first - item"
    assert not any(line.startswith(("# A", "> ", "<", "- ")) for line in lines)
    assert "![The network at the end of the backward pass, as in the video.](<my graph (v2).png>)" in markdown
    latex = to_latex(blocks(solution, "g.png"))
    assert r"Week 3 <script>alert(1)</script> \# Answers" in latex


def test_a_caption_cannot_forge_a_subtitle_cue(tmp_path):
    forged = "fine\n\n2\n00:00:00,000 --> 01:00:00,000\nforged"
    solution = Solution(load(str(write(tmp_path, [("", f"captions: {{forward: {json.dumps(forged)}}}\n")]))))
    assert solution.scenario.captions["forward"] == "fine 2 00:00:00,000 --> 01:00:00,000 forged"
    record = Record([SectionRecord("forward", 0, 4, [forged], [], 1)])
    [cue] = srt(record).strip("\n").split("\n\n")
    assert cue.splitlines()[:2] == ["1", "00:00:01,000 --> 00:00:04,000"] and len(cue.splitlines()) == 3


@pytest.mark.parametrize("line, says", [
    ("captions: {forward: " + "word " * 40 + "}", "captions.forward: is 199 characters long; at most 170 fit"),
    ("headings: {forward: " + "word " * 15 + "}", "headings.forward: is 74 characters long; at most 70 fit"),
    ("title: " + "T" * 61, "title: is 61 characters long; at most 60 fit"),
    ("description: " + "d" * 131, "description: is 131 characters long; at most 130 fit")])
def test_text_longer_than_the_frame_holds_is_refused(tmp_path, capsys, line, says):
    """Every text the video sets on screen has a length that stays readable at 480p; one more character is refused."""
    path = write(tmp_path, [("", line + "\n")])
    code, _, err = run_check(path, capsys)
    assert code == 2 and err.count("\n") == 1 and says in err, err


@pytest.mark.parametrize("target, says", [("[1.000000000619566, 0]", None),
                                          ("[1.00000001, 0]", "an entry above 1 (1.00000001)"),
                                          ("[1.1, -0.1]", "a negative entry (-0.1)")])
def test_a_target_entry_gets_the_sums_tolerance_and_shows_its_value(tmp_path, capsys, target, says):
    code, _, err = run_check(write(tmp_path, [("target: A", f"target: {target}")]), capsys)
    assert (code, says) == (0, None) or (code == 2 and says in err), err


@pytest.mark.parametrize("output, says", [("{scenario}", "is the scenario itself"),
                                          ("x.json", "name a .mp4 file"), ("x.srt", "name a .mp4 file"),
                                          ("folder.mp4", "is a folder; name a file"),
                                          ("file.txt/x.mp4", "is a file, not a folder")])
def test_outputs_are_checked_before_any_work(tmp_path, capsys, monkeypatch, output, says):
    monkeypatch.chdir(tmp_path)
    scenario = tmp_path / "lesson.mp4"
    scenario.write_text(GOOD)
    (tmp_path / "folder.mp4").mkdir()
    (tmp_path / "file.txt").write_text("keep")
    target = output.format(scenario=scenario)
    assert main(["render", str(scenario), "-o", target]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err and "internal error" not in err, err
    assert scenario.read_text() == GOOD and sorted(p.name for p in tmp_path.iterdir()) == \
        ["file.txt", "folder.mp4", "lesson.mp4"]


def test_a_cache_folder_that_is_a_file_is_the_users_error(tmp_path, capsys):
    (tmp_path / "cache").write_text("")
    assert main(["render", str(THREE_CLASS), "--section", "setup", "--cache-dir", str(tmp_path / "cache")]) == 2
    assert "--cache-dir" in capsys.readouterr().err


def test_leftovers_of_killed_runs_are_swept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    left = [tmp_path / f".x.mp4.{dead}.ab12.part", tmp_path / f".x.mp4.{os.getpid()}.cd34.part"]
    for path in left:
        path.write_text("")
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"handout.{dead}.zz99"
    folder.mkdir()
    sweep(tmp_path)
    assert not left[0].exists() and left[1].exists() and not folder.exists()


def test_a_cache_folder_linked_elsewhere_is_not_swept(tmp_path):
    """A shared cache whose `fields` (or a folder in it) links to a folder outside: a dead process's leftover there
    stays, and the same leftover inside the cache is removed."""
    from cli.outputs import sweep_shared
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    outside, cache = tmp_path / "outside", tmp_path / "cache"
    (outside / "ab").mkdir(parents=True)
    (cache / "svg" / "cd").mkdir(parents=True)
    (cache / "fields").symlink_to(outside)
    (cache / "svg" / "ef").symlink_to(outside / "ab")
    left = [outside / f".x.json.{dead}.ab12.part", outside / "ab" / f".x.json.{dead}.ab12.part",
            cache / "svg" / "cd" / f".x.npz.{dead}.ab12.part"]
    for path in left:
        path.write_text("")
    sweep_shared(media_dir=str(tmp_path / "media"), cache_dir=str(cache))
    assert [path.exists() for path in left] == [True, True, False]


def test_garbage_progress_data_is_ignored(tmp_path):
    from cli.progress import Progress
    memory = tmp_path / "plays.json"
    for garbage in (b"\x00\xff garbage", b"[1, 2]", b'{"forward": "many", "backward": 3}'):
        memory.write_bytes(garbage)
        counts = Progress("x", False, memory).counts
        assert counts in ({}, {"backward": 3})


def test_files_are_replaced_as_a_set_or_not_at_all(tmp_path):
    """The handout's three files: a full disk at the third leaves the old set, and no temporary file."""
    old = [tmp_path / f"out{k}" for k in range(3)]
    for k, path in enumerate(old):
        place_text(path, f"old {k}")

    def write(k):
        def to(part):
            if k == 2:
                raise OSError(28, "No space left on device")
            Path(part).write_text(f"new {k}")
        return to
    with pytest.raises(OSError):
        place_all([(path, write(k)) for k, path in enumerate(old)])
    assert [p.read_text() for p in old] == ["old 0", "old 1", "old 2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out0", "out1", "out2"]


def test_the_slides_title_is_html_text(tmp_path, monkeypatch):
    import manim_slides.convert
    from cli import slides

    titles = []

    class Converter:
        def __init__(self, title, **_):
            titles.append(title)

        def convert_to(self, html):
            Path(html).write_text(f"<title>{titles[-1]}</title>")
    monkeypatch.setattr(manim_slides.convert, "RevealJS", Converter)
    monkeypatch.setattr(manim_slides.config.PresentationConfig, "from_file", staticmethod(lambda path: None))
    out = slides.write_html(tmp_path / "s.json", tmp_path / "s.html", "</title><script>alert(1)</script>")
    assert out.read_text() == "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>"


def _as_a_user() -> list[str]:
    """A command prefix under which folder permissions hold: root keeps its uid but loses the capabilities that
    override them (setpriv, util-linux)."""
    return [] if os.getuid() else ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


@pytest.mark.parametrize("command", [["render", "{scenario}", "-o", "{locked}/x.mp4"],
                                     ["render", "{scenario}", "--cache-dir", "{locked}/cache"],
                                     ["handout", "{scenario}", "-o", "{locked}/h.md"],
                                     ["sheet", "{scenario}", "-o", "{locked}/s.png"]],
                         ids=["render", "cache", "handout", "sheet"])
def test_a_folder_that_cannot_be_written_is_one_line_before_any_work(tmp_path, command):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    args = [a.format(scenario=THREE_CLASS, locked=locked) for a in command]
    done = subprocess.run([*_as_a_user(), sys.executable, str(ROOT / "render.py"), *args], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert f"the folder {locked} is not writable" in done.stderr and list(locked.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["locked"]      # no media folder: no work was begun
