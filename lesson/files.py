"""Files written whole: through a temporary file beside the target, renamed over it when complete."""
import os
import tempfile
from pathlib import Path
from typing import Callable


def place(target: Path, write: Callable[[str], None]) -> None:
    """Write `target` through a temporary file beside it, so `target` is never half-written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(fd)
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)           # mkstemp makes it private; the output is an ordinary file
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def place_text(target: Path, text: str) -> None:
    place(target, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
