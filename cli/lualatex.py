"""The PDF of a LaTeX document, typeset by LuaLaTeX in a jailed run: the handout's, the worksheets' and the keys'.

LuaHBTeX shapes Bengali with HarfBuzz (pdflatex cannot); the run has no sockets or shell, and from the body on its Lua
is sandboxed (`handout_sandbox.lua`). Importing this module loads no Manim.
"""
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
    the PDF, or a RuntimeError with LaTeX's first error. (Not --safer: luaotfload refuses to run under it.)"""
    (folder / "handout.tex").write_text(tex, encoding="utf-8")
    shutil.copyfile(SANDBOX, folder / "sandbox.lua")
    try:
        done = texjail.run([ENGINE, "--nosocket", "--no-shell-escape", "-interaction=nonstopmode", "-halt-on-error",
                            "handout.tex"], folder)
    except texjail.TexError as e:
        raise RuntimeError(str(e)) from None
    if done.returncode != 0:
        raise RuntimeError(f"{ENGINE} failed: {texjail.first_error(done.stdout)}")
    return folder / "handout.pdf"
