"""The PDF of a LaTeX document, typeset by LuaLaTeX in a jailed run: the handout's, the worksheets' and the keys'.

LuaHBTeX shapes Bengali with HarfBuzz (pdflatex cannot); the run has no sockets or shell, and from the body on its Lua
is sandboxed (`handout_sandbox.lua`). Importing this module loads no Manim.
"""
import re
import shutil
from pathlib import Path

from scenes import texjail

ENGINE = "lualatex"          # texlive-luatex
SANDBOX = Path(__file__).with_name("handout_sandbox.lua")


def missing() -> list[str]:
    """The engine, when it is not installed."""
    return [ENGINE] if shutil.which(ENGINE) is None else []


def pdf(tex: str, folder: Path) -> Path:
    """Typeset `tex` in `folder` with LuaLaTeX, jailed, without sockets or shell, its Lua sandboxed from the body on;
    the PDF, or a TexError with LaTeX's first error and the source line it stopped in. (Not --safer: luaotfload
    refuses to run under it.)"""
    (folder / "handout.tex").write_text(tex, encoding="utf-8")
    shutil.copyfile(SANDBOX, folder / "sandbox.lua")
    done = texjail.run([ENGINE, "--nosocket", "--no-shell-escape", "-interaction=nonstopmode", "-halt-on-error",
                        "handout.tex"], folder)
    if done.returncode != 0:
        why = texjail.first_error(done.stdout) or f"exit status {done.returncode}"
        raise texjail.TexError(f"{ENGINE} failed: {why}", stopped_in(done.stdout))
    return folder / "handout.pdf"


def stopped_in(log: str) -> str:
    """The source line TeX shows after its first error (`l.42 ...`), where a symbol that broke the run would be."""
    after = log.split("\n! ", 1)[-1].splitlines()
    return next((line for line in after if re.match(r"l\.\d+ ", line)), "")
