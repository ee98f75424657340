"""TeX runs jailed, as defence in depth behind the symbol language: what a TeX document could do if one slipped
through (read a file, write outside its folder, loop, run Lua's io library) it cannot do there."""
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from manim import tempconfig

from cli import lualatex
from cli.handout_formats import PREAMBLE
from lesson import symbols
from scenes import texjail

pytestmark = pytest.mark.render
ROOT = Path(__file__).resolve().parents[1]


def document(body: str) -> str:
    return "\\documentclass{article}\n\\begin{document}\n" + body + "\n\\end{document}\n"


def latex(folder: Path, body: str, limit: float = texjail.TIME_LIMIT):
    (folder / "f.tex").write_text(document(body))
    return texjail.run(["latex", "-interaction=nonstopmode", "-halt-on-error", "f.tex"], folder, limit)


def test_kpathsea_runs_paranoid_and_without_shell(tmp_path):
    for variable, value in texjail.JAIL.items():
        assert texjail.run(["kpsewhich", f"-var-value={variable}"], tmp_path).stdout.strip() == value


def test_tex_cannot_read_a_file_outside_its_folder(tmp_path):
    done = latex(tmp_path, r"\input{/etc/hostname}")
    assert done.returncode != 0 and "not found" in done.stdout


def test_tex_cannot_write_outside_its_folder(tmp_path):
    target = tmp_path.parent / f"{tmp_path.name}-escaped.tex"
    latex(tmp_path, rf"\immediate\openout5={target}\immediate\write5{{x}}\immediate\closeout5 x")
    assert not target.exists()


def test_a_formula_is_typeset_in_a_private_folder_and_only_its_svg_is_kept(tmp_path):
    with tempconfig({"media_dir": str(tmp_path), "tex_dir": str(tmp_path / "Tex")}):
        svg = texjail.svg_file(r"x\immediate\openout5=poison\immediate\write5{p}\immediate\closeout5")
    assert [p.name for p in svg.parent.iterdir()] == [svg.name] and svg.name.endswith(".svg")
    assert not list(tmp_path.rglob("poison*")) and not Path("poison.tex").exists()


def test_a_loop_is_stopped_at_the_time_limit_with_its_process_group(tmp_path):
    with pytest.raises(texjail.TexError, match="ran for more than 2 s and was stopped"):
        latex(tmp_path, r"\def\x{\x}\x", limit=2)
    assert not _processes_in(tmp_path)


def _processes_in(folder: Path) -> list[int]:
    """The processes whose working folder is `folder`."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.readlink(f"/proc/{pid}/cwd") == str(folder):
                found.append(int(pid))
        except OSError:
            continue
    return found


@pytest.mark.parametrize("command, started", [(["latex", "-interaction=nonstopmode", "f.tex"], 2),
                                              (["sh", "-c", "sleep 600 & sleep 600 & wait"], 4)],
                         ids=["latex", "what it starts"])
def test_tex_dies_with_the_process_that_started_it(tmp_path, command, started):
    """The run's guard shell and the command (and, in the second case, two processes the command started) all end
    when the render is killed."""
    (tmp_path / "f.tex").write_text(document(r"\def\x{\x}\x"))
    parent = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys; sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from scenes.texjail import run
        run({command!r}, Path({str(tmp_path)!r}))
        """)])
    deadline = time.monotonic() + 30
    while len(_processes_in(tmp_path)) < started and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(_processes_in(tmp_path)) == started, "the command did not start"
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 60              # the kernel's signal is immediate; this only bounds the wait
    while _processes_in(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _processes_in(tmp_path)


def test_the_handouts_lua_can_neither_write_nor_read_outside_tex_from_the_body_on(tmp_path):
    target = tmp_path.parent / f"{tmp_path.name}-written-by-lua"
    body = (rf'\directlua{{local f = io.open("{target}", "w") if f then f:write("x") f:close() end}}'
            r'\directlua{texio.write_nl(io.open("/etc/hostname") and "READ-IT" or "REFUSED-IT")}'
            r'\directlua{texio.write_nl(os.execute and "CAN-RUN" or "CANNOT-RUN")} সফটম্যাক্স \textbf{text}')
    lualatex.pdf(PREAMBLE + body + "\n\\end{document}\n", tmp_path)
    log = (tmp_path / "handout.log").read_text(errors="replace")
    assert not target.exists() and "REFUSED-IT" in log and "CANNOT-RUN" in log


ACCEPTED = st.lists(st.sampled_from(["x", "W", "2", "_", "^", "{", "}", "'", "(", ")", r"\alpha", r"\hat", r"\bar",
                                     r"\mathrm", r"\text{new}", r"\vec", r"\Delta", r"\prime", " "]),
                    min_size=1, max_size=8).map("".join).filter(lambda s: symbols.problem(s) is None)


@settings(max_examples=25, deadline=None, derandomize=True)    # the same 25 every run; 600 random ones found none failing
@given(ACCEPTED)
def test_every_symbol_the_language_accepts_typesets(symbol):
    assert texjail.svg_file(symbol, "align*").stat().st_size > 0


def test_a_tex_failure_is_one_line_at_the_symbol_it_typeset(tmp_path, capsys, monkeypatch):
    """A symbol the language accepts but TeX refuses (a TeX Live without a package, say) names its field: its batch
    fails, and typeset alone it gets its one-line error."""
    from cli.main import main
    from test_bad_input import write
    real = texjail.run

    def refusing(command, folder, *rest):
        document = Path(folder) / "f.tex"
        if command[0] == "latex" and document.is_file() and "q_{7}" in document.read_text():
            (Path(folder) / "f.log").write_text("! Undefined control sequence.\n")
            return subprocess.CompletedProcess(command, 1, "")
        return real(command, folder, *rest)
    monkeypatch.setattr(texjail, "run", refusing)
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, [("", "input_symbols: ['q_{7}', x_2]\n")])
    assert main(["render", str(path), "--section", "setup", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"error: {path}:14: input_symbols[0]: TeX cannot typeset "), err
    assert err.rstrip().endswith(": Undefined control sequence.")
