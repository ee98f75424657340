"""Files written whole: through a temporary file beside the target, renamed over it when complete.

Every temporary file and folder carries the id of the process that made it, so what a killed run left behind is
recognised, by any later run, as belonging to a process that is gone, and removed (`sweep`).
"""
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Callable

KINDS = ("handout", "slides", "image", "clips", "tex", "text", "texbatch", "stand-ins")     # of a private folder
_LEFTOVER = re.compile(rf"^(?:\..+\.(\d+)\.[^.]+\.part|(?:{'|'.join(map(re.escape, KINDS))})\.(\d+)\.[^.]+)$")


def part_beside(target: Path) -> str:
    """A new empty temporary file beside `target`, named for it and for this process."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".part")
    os.close(fd)
    return tmp


def place_all(writes: list[tuple[Path, Callable[[str], None]]]) -> None:
    """Write each target through a temporary file beside it, all of them before any is renamed into place: a
    full disk or a closed folder leaves every old target as it was, and no target is ever half-written."""
    umask = os.umask(0)
    os.umask(umask)
    parts = []
    try:
        for target, write in writes:
            target.parent.mkdir(parents=True, exist_ok=True)
            parts.append(part_beside(target))
            write(parts[-1])
            os.chmod(parts[-1], 0o666 & ~umask)      # mkstemp makes it private; the output is an ordinary file
        for part, (target, _) in zip(parts, writes):
            os.replace(part, target)
    finally:
        for part in parts:
            if os.path.exists(part):
                os.remove(part)


def place(target: Path, write: Callable[[str], None]) -> None:
    """Write `target` through a temporary file beside it, so `target` is never half-written."""
    place_all([(target, write)])


def place_text(target: Path, text: str) -> None:
    place(target, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def private_folder(kind: str) -> tempfile.TemporaryDirectory:
    """A temporary folder of this process (`kind` is one of `KINDS`, so `sweep` knows it), removed when its `with`
    ends."""
    assert kind in KINDS, kind
    return tempfile.TemporaryDirectory(prefix=f"{kind}.{os.getpid()}.")


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:             # alive, another user's
        pass
    return False


def sweep(*folders: Path) -> None:
    """Remove the temporary files and folders that runs killed before they could clean up left in `folders`
    (and in the system's temporary folder)."""
    for folder in (*folders, Path(tempfile.gettempdir())):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            match = _LEFTOVER.match(entry.name)
            if match and _gone(int(match.group(1) or match.group(2))):
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    Path(entry.path).unlink(missing_ok=True)
