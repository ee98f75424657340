"""`render.py render --slides`: the rendered slides as one HTML file that plays offline with a local reveal.js.

manim-slides' HTML loads reveal.js from a CDN; here it loads the copy set-up unpacked from the npm registry into
`.cache/`, copied into the presentation's assets folder, so a lecture hall without network can show it.
"""
import html
import os
import shutil
import tempfile
from pathlib import Path

REVEAL_VERSION = "6.0.1"     # manim-slides 5.7's default; pinned in ./run too
REVEAL = Path(__file__).resolve().parents[1] / ".cache" / f"reveal.js-{REVEAL_VERSION}"
REVEAL_FILES = [f"dist/{name}" for name in ("reveal.css", "reveal.js", "theme/black.css",   # all that manim-slides'
                                            "plugin/highlight/zenburn.css", "plugin/notes.js",  # template refers to
                                            "plugin/markdown.js")]


def unavailable() -> str | None:
    """Why slides cannot be made here (manim-slides or the local reveal.js missing), or None."""
    try:
        import manim_slides  # noqa: F401
    except ImportError:
        return "manim-slides is not installed: run ./run setup --slides (or pip install -e '.[slides]')"
    missing = [name for name in REVEAL_FILES if not (REVEAL / name).is_file()]
    if missing:
        return f"reveal.js {REVEAL_VERSION} is not in {REVEAL}: run ./run setup --slides"
    return None


def html_text(text: str) -> str:
    """Scenario text as HTML text: manim-slides puts the title into its template unescaped."""
    return html.escape(text, quote=True)


def write_html(slides_json: Path, target: Path, title: str) -> Path:
    """Convert the slides to `target` (HTML) and `<stem>_assets/`, built aside and moved into place whole."""
    from manim_slides.config import PresentationConfig
    from manim_slides.convert import RevealJS

    assets = f"{target.stem}_assets"
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{target.stem}.") as tmp:
        html = Path(tmp) / target.name
        RevealJS(presentation_configs=[PresentationConfig.from_file(slides_json)], title=html_text(title),
                 cdn_url=f"{assets}/reveal.js").convert_to(html)
        for name in REVEAL_FILES:
            copy = Path(tmp) / assets / "reveal.js" / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(REVEAL / name, copy)
        shutil.rmtree(target.parent / assets, ignore_errors=True)
        os.replace(Path(tmp) / assets, target.parent / assets)
        os.replace(html, target)
    return target
