"""Every TeX process the project starts runs jailed: in a private temporary folder, with kpathsea's paranoid file
access and no shell escape, under a time limit, killed with its whole process group on time-out or when its parent
dies.

Manim's own `tex_to_svg_file` compiles in the shared `media/Tex` folder with TeX Live's defaults (any file may be
read, restricted shell escape, no time limit). `install` puts `svg_file` in its place: the same document compiled
in a private folder, with only its SVG placed, whole, into Manim's Tex folder under Manim's own name for it. It also
has Pango write each Text's SVG in a private folder before it is placed, and Manim parse each SVG in memory, where
Manim writes a temporary `<name>_.svg` beside it and deletes it: renders that share a folder never see each other's
half-written or vanished files.
"""
import ctypes
import io
from contextlib import contextmanager
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

from lesson.files import part_beside, place, private_folder
from .shapes import mobjects_from

_installed = False
_collect = None                   # while collecting: called for each document not typeset yet, answers a stand-in SVG
TIME_LIMIT = 60                   # seconds of one TeX or dvisvgm run; a lecture formula takes well under one
JAIL = {"openin_any": "p", "openout_any": "p", "shell_escape": "f"}     # read by kpathsea in every TeX program
_GUARD = 'trap "kill -KILL 0" TERM; "$@" & wait $!'   # the group leader: on TERM, kills its whole process group
_PR_SET_PDEATHSIG = 1
_SPECIALS = re.compile(r"\\special\{dvisvgm:raw [^}]*\}")       # Manim's markers around each piece of a MathTex


class TexError(Exception):
    """A TeX run failed or ran out of time; the message is one line: what was typeset and TeX's first error."""

    def __init__(self, message: str, expression: str = ""):
        super().__init__(message)
        self.expression = expression


def die_with_parent(sign: int = signal.SIGKILL) -> None:
    """In a child process (before exec): the kernel sends it `sign` when the process that started it dies."""
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, sign)


def run(command: list[str], folder: Path, limit: float = TIME_LIMIT) -> subprocess.CompletedProcess:
    """Run `command` in `folder`, jailed; its output as text. A TexError when it outlasts `limit` seconds. The
    command runs under a shell that leads its own process group and is told when this process dies: it then kills
    the group, so nothing the command started (a font maker, say) outlives the render."""
    proc = subprocess.Popen(["sh", "-c", _GUARD, "sh", *command], cwd=folder, env={**os.environ, **JAIL},
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            errors="replace", start_new_session=True,
                            preexec_fn=lambda: die_with_parent(signal.SIGTERM))
    try:
        out, _ = proc.communicate(timeout=limit)
    except BaseException as e:
        _kill_group(proc)
        if isinstance(e, subprocess.TimeoutExpired):
            raise TexError(f"{command[0]} ran for more than {limit:g} s and was stopped") from None
        raise
    return subprocess.CompletedProcess(command, proc.returncode, out)


def _kill_group(proc: subprocess.Popen) -> None:
    """Kill the run's whole process group and wait, a few seconds at most, until none of it is left running (the
    guard shell dies first; what it started is reaped by init a moment later)."""
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 5
    while _alive_in_group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.01)


def _alive_in_group(group: int) -> bool:
    """Whether a process of `group` still runs (a zombie, dead but not yet reaped, does not)."""
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        state, _, group_id = stat.rsplit(")", 1)[1].split()[:3]
        if int(group_id) == group and state != "Z":
            return True
    return False


def first_error(log: str) -> str:
    """TeX's first error line (`! ...`) in a log, or its last words when it has none."""
    return next((line[2:].strip() for line in log.splitlines() if line.startswith("! ")), log.strip()[-200:])


def typeset(code: str, compilers: list[str], output_format: str, folder: Path, pages: int = 1) -> list[Path]:
    """The SVG of each of the `pages` pages of the TeX document `code`, in page order, made in `folder`."""
    (folder / "f.tex").write_text(code, encoding="utf-8")
    for compiler in compilers:
        done = run([compiler, "-no-shell-escape", "-interaction=batchmode", "-halt-on-error",
                    f"-output-format={output_format[1:]}", "f.tex"], folder)
        if done.returncode != 0:
            log = folder / "f.log"
            raise TexError(first_error(log.read_text(errors="replace") if log.is_file() else done.stdout))
    run(["dvisvgm", *(["--pdf"] if output_format == ".pdf" else []), f"--page=1-{pages}", "--no-fonts",
         "--verbosity=0", "--output=p%p.svg", f"f{output_format}"], folder)
    made = {int(svg.stem[1:]): svg for svg in folder.glob("p*.svg") if svg.stem[1:].isdigit()}
    if sorted(made) != list(range(1, pages + 1)):
        raise TexError("dvisvgm made no SVG" if not made else f"dvisvgm made {len(made)} of {pages} pages")
    return [made[page] for page in range(1, pages + 1)]


def compilers(template) -> list[str]:
    """The TeX programs a Manim template runs, in order."""
    return [template.tex_compiler] if isinstance(template.tex_compiler, str) else list(template.tex_compiler)


def svg_file(expression: str, environment: str | None = None, tex_template=None) -> Path:
    """Manim's `tex_to_svg_file`, jailed: the SVG of `expression`, typeset once per Tex folder."""
    from manim import config
    from manim.utils.tex_file_writing import tex_hash

    template = tex_template or config["tex_template"]
    code = (template.get_texcode_for_expression_in_env(expression, environment) if environment
            else template.get_texcode_for_expression(expression))
    target = config.get_dir("tex_dir") / f"{tex_hash(code)}.svg"
    if not target.is_file() and _collect is not None:
        return _collect(code, target, expression)
    if not target.is_file():
        with private_folder("tex") as tmp:
            try:
                [svg] = typeset(code, compilers(template), template.output_format, Path(tmp))
            except TexError as e:
                plain = _SPECIALS.sub("", expression).strip()
                raise TexError(f"TeX cannot typeset {plain!r}: {e}", plain) from None
            place(target, lambda part: shutil.copyfile(svg, part))
    return target


@contextmanager
def collecting(answer):
    """Within: a document not typeset yet is not typeset but given to `answer(code, target, expression)`, which
    returns the SVG to use in its place (a scene built only to learn what it will typeset)."""
    global _collect
    _collect = answer
    try:
        yield
    finally:
        _collect = None


def _generate_in_memory(self):
    """Manim's `SVGMobject.generate_mobject`, with the restyled SVG parsed from memory, not from a file beside it,
    and its groups made when looked up (`shapes.mobjects_from`)."""
    from xml.etree import ElementTree

    import svgelements
    from manim import RIGHT

    restyled = io.BytesIO()
    self.modify_xml_tree(ElementTree.parse(self.get_file_path())).write(restyled)
    restyled.seek(0)
    mobjects, self.id_to_vgroup_dict = mobjects_from(self, svgelements.SVG.parse(restyled))
    self.add(*mobjects)
    self.flip(RIGHT)
    return self


def _text_whole(text2svg):
    """Manim's `Text._text2svg`, with Pango writing in a private folder and the SVG placed whole in the shared one:
    Manim writes it in place, where another render may read it half-written."""
    def wrapped(self, color) -> str:
        from manim import config, tempconfig
        from manimpango import PangoUtils

        target = config.get_dir("text_dir") / f"{self._text2hash(color)}.svg"
        if not target.is_file():
            with private_folder("text") as tmp:
                with tempconfig({"text_dir": tmp}):
                    made = Path(text2svg(self, color))
                PangoUtils.remove_last_M(str(made))
                place(target, lambda part: shutil.copyfile(made, part))
        return str(target)
    return wrapped


def _rewritten_whole(rewrite):
    """ManimPango's `remove_last_M`, which rewrites a text's SVG where another render may be reading it: the new
    content goes through a temporary file, and only when it differs (the placed SVG is already rewritten)."""
    def wrapped(file_name: str) -> None:
        target = Path(file_name)
        part = part_beside(target)
        try:
            shutil.copyfile(target, part)
            rewrite(part)
            if Path(part).read_bytes() != target.read_bytes():
                os.replace(part, target)
        finally:
            Path(part).unlink(missing_ok=True)
    return wrapped


def install() -> None:
    """From now on, in this process, Manim typesets every Tex and MathTex through `svg_file`, places every Text's
    SVG whole and parses every SVG in memory. Once: a second call would undo what was installed over it."""
    global _installed
    if _installed:
        return
    _installed = True
    from manim import Text
    from manimpango import PangoUtils
    from manim.mobject.svg.svg_mobject import SVGMobject
    from manim.mobject.text import tex_mobject
    from manim.utils import tex_file_writing

    tex_mobject.tex_to_svg_file = tex_file_writing.tex_to_svg_file = svg_file
    SVGMobject.generate_mobject = _generate_in_memory
    Text._text2svg = _text_whole(Text._text2svg)
    PangoUtils.remove_last_M = staticmethod(_rewritten_whole(PangoUtils.remove_last_M))
