"""The handout's blocks written as Markdown (LaTeX math between $$) and as a LuaLaTeX document for the PDF.

The worksheets and keys use the same blocks and two of their own: ("questions", [(label, LaTeX, note)], columns),
numbered lines of math with a note at their right, in one column or more, and ("pagebreak",) between the variants of
one document.

Scenario text is escaped for each format: in Markdown it stays one line of text (no HTML, no heading, list or quote
it did not ask for), in LaTeX every special character is a character. The PDF's figure has a fixed name, so a file
name never reaches TeX. From the body on, where scenario text goes, Lua runs sandboxed (`handout_sandbox.lua`, which
`lualatex.pdf` puts beside the document).
"""
import re

LATEX_SPECIAL = re.compile(r"[\\&%$#_{}~^]")
LATEX_ESCAPES = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}

FIGURE = "graph.png"         # the still's name beside the LaTeX source, whatever the handout is called
_MARKDOWN_INLINE = re.compile(r"[\\`*_\[\]<>&|]")
_MARKDOWN_CELL = re.compile(r"[\\`*<>&|]|\[(?=[^\]]*\]\()")   # a cell keeps quantity paths as written: w[1][2]
_MARKDOWN_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_MARKDOWN_BLOCK = re.compile(r"^(?:[#>+\-=~:]|\d+(?=[.)]))")

PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[a4paper,margin=2cm]{geometry}
\usepackage{amsmath,graphicx,tabularx,multicol}
\usepackage{fontspec}
\usepackage[english]{babel}
\babelprovide[import, onchar=ids fonts]{bengali}
\babelcharproperty{"0964}[{"0965}]{locale}{bengali}
\setmainfont{DejaVu Serif}
\babelfont[bengali]{rm}[Renderer=HarfBuzz]{Noto Sans Bengali}
\allowdisplaybreaks
\AtBeginDocument{\directlua{dofile("sandbox.lua")}}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.5em}
\newcommand{\rightnote}[1]{{\unskip\nobreak\hfil\penalty50\hskip1em\hbox{}\nobreak\hfill\mbox{\small #1}%
  \parfillskip=0pt\finalhyphendemerits=0\par}}
\begin{document}
"""
QUESTIONS = (r"\begin{list}{}{\setlength{\leftmargin}{2.4em}\setlength{\labelwidth}{2em}"
             r"\setlength{\itemsep}{1.2ex}}\interlinepenalty=10000" + "\n")


def questions_latex(items: list, columns: int) -> str:
    """Numbered lines of math, each with its note at the right (on a line of its own when it does not fit); in
    several columns, in text style, so they fit."""
    style = r"\displaystyle" if columns == 1 else r"\textstyle"
    lines = "\n".join(rf"\item[{latex_text(label)}.] ${style} {latex}$\rightnote{{{latex_text(note)}}}"
                      for label, latex, note in items)
    body = QUESTIONS + lines + "\n\\end{list}"
    return body if columns == 1 else f"\\begin{{multicols}}{{{columns}}}\n{body}\n\\end{{multicols}}"


def markdown_inline(text: str, special: re.Pattern = _MARKDOWN_INLINE) -> str:
    """`text` as one line of Markdown that shows exactly these characters: no HTML, emphasis, link or cell break."""
    return special.sub(lambda m: _MARKDOWN_ENTITIES.get(m.group(), "\\" + m.group()), " ".join(text.split()))


def markdown_text(text: str) -> str:
    """`text` as a paragraph of its own that starts no heading, quote, list or rule."""
    line = markdown_inline(text)
    return _MARKDOWN_BLOCK.sub(lambda m: m.group() + "\\" if m.group()[0].isdigit() else "\\" + m.group(), line)


def to_markdown(blocks: list) -> str:
    """Markdown with LaTeX math: one display equation per line, pipe tables, the figure as an image."""
    out = []
    for kind, *rest in blocks:
        if kind == "title":
            out.append(f"# {markdown_inline(rest[0])}")
        elif kind == "heading":
            out.append(f"## {markdown_inline(rest[0])}")
        elif kind == "text":
            out.append(markdown_text(rest[0]))
        elif kind == "math":
            out.append("\n\n".join(f"$$\n{line}\n$$" for line in rest[0]))
        elif kind == "figure":
            out.append(f"![{markdown_inline(rest[1])}](<{rest[0].replace('>', '%3E')}>)")
        elif kind == "questions":
            out.append("\n\n".join(f"**{markdown_inline(label)}.** ${latex}$ — {markdown_inline(note)}"
                                     for label, latex, note in rest[0]))
        elif kind == "pagebreak":
            out.append("---")
        elif kind == "table":
            header, rows = rest
            cells = lambda row: "| " + " | ".join(markdown_inline(str(c), _MARKDOWN_CELL) for c in row) + " |"
            out.append("\n".join([cells(header), cells(["---"] * len(header))] + [cells(r) for r in rows]))
    return "\n\n".join(out) + "\n"


def latex_text(text: str) -> str:
    """Plain text with LaTeX's special characters escaped (Unicode passes through to the fonts)."""
    return LATEX_SPECIAL.sub(lambda m: LATEX_ESCAPES.get(m.group(), "\\" + m.group()), text)


def to_latex(blocks: list) -> str:
    """A whole LuaLaTeX document: Bengali and other scripts switch fonts by themselves (babel's onchar)."""
    out = [PREAMBLE]
    for kind, *rest in blocks:
        if kind == "title":
            out.append(rf"{{\LARGE\bfseries {latex_text(rest[0])}\par}}\bigskip")
        elif kind == "heading":
            out.append(rf"\section*{{{latex_text(rest[0])}}}")
        elif kind == "text":
            out.append(latex_text(rest[0]) + "\n")
        elif kind == "math":
            out.append("\\begin{gather*}\n" + " \\\\\n".join(rest[0]) + "\n\\end{gather*}")
        elif kind == "figure":
            out.append(rf"\begin{{center}}\includegraphics[width=0.9\linewidth]{{{FIGURE}}}\\"
                       rf"\small {latex_text(rest[1])}\end{{center}}")
        elif kind == "questions":
            out.append(questions_latex(*rest))
        elif kind == "pagebreak":
            out.append(r"\clearpage")
        elif kind == "table":
            header, rows = rest
            line = lambda row: " & ".join(latex_text(str(c)) for c in row) + r" \\"
            out.append(rf"{{\small\begin{{tabularx}}{{\linewidth}}{{*{{{len(header)}}}{{X}}}}" + "\n\\hline\n"
                       + line(header) + "\n\\hline\n" + "\n".join(line(r) for r in rows)
                       + "\n\\hline\n\\end{tabularx}}")
    return "\n\n".join(out) + "\n\\end{document}\n"
