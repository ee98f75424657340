"""The handout's blocks written as Markdown (LaTeX math between $$) and as a LuaLaTeX document for the PDF."""
import re

LATEX_SPECIAL = re.compile(r"[\\&%$#_{}~^]")
LATEX_ESCAPES = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}

PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[a4paper,margin=2cm]{geometry}
\usepackage{amsmath,graphicx,tabularx}
\usepackage{fontspec}
\usepackage[english]{babel}
\babelprovide[import, onchar=ids fonts]{bengali}
\setmainfont{DejaVu Serif}
\babelfont[bengali]{rm}[Renderer=HarfBuzz]{Noto Sans Bengali}
\allowdisplaybreaks
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.5em}
\begin{document}
"""


def to_markdown(blocks: list) -> str:
    """Markdown with LaTeX math: one display equation per line, pipe tables, the figure as an image."""
    out = []
    for kind, *rest in blocks:
        if kind == "title":
            out.append(f"# {rest[0]}")
        elif kind == "heading":
            out.append(f"## {rest[0]}")
        elif kind == "text":
            out.append(rest[0])
        elif kind == "math":
            out.append("\n\n".join(f"$$\n{line}\n$$" for line in rest[0]))
        elif kind == "figure":
            out.append(f"![{rest[1]}]({rest[0]})")
        elif kind == "table":
            header, rows = rest
            cells = lambda row: "| " + " | ".join(str(c).replace("|", r"\|") for c in row) + " |"
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
            out.append(rf"\begin{{center}}\includegraphics[width=0.9\linewidth]{{{rest[0]}}}\\"
                       rf"\small {latex_text(rest[1])}\end{{center}}")
        elif kind == "table":
            header, rows = rest
            line = lambda row: " & ".join(latex_text(str(c)) for c in row) + r" \\"
            out.append(rf"{{\small\begin{{tabularx}}{{\linewidth}}{{*{{{len(header)}}}{{X}}}}" + "\n\\hline\n"
                       + line(header) + "\n\\hline\n" + "\n".join(line(r) for r in rows)
                       + "\n\\hline\n\\end{tabularx}}")
    return "\n\n".join(out) + "\n\\end{document}\n"
