"""Where a command will write, checked before it does any work: a wrong `-o` or an unwritable folder is the user's
error in one line, found in a millisecond, not after a render.
"""
import os
from pathlib import Path

from lesson.errors import ScenarioError
from lesson.files import sweep


def _writable_folder(folder: Path) -> str | None:
    """Why files cannot be made in `folder` (created when missing), or None."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return f"{existing} is a file, not a folder"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"the folder {existing} is not writable"
    return None


def check_folder(file: str, folder: Path, flag: str) -> None:
    """A folder a command works in (`--cache-dir`, `--media-dir`): a folder, or one that can be made."""
    why = _writable_folder(folder)
    if why:
        raise ScenarioError(file, f"{flag} {folder}: {why}")


def check_outputs(file: str, outputs: list[Path], suffix: str, flag: str = "-o") -> None:
    """The files a command writes: the first with `suffix`, none of them an input or a folder, all writable."""
    main = outputs[0]
    if main.suffix != suffix:
        raise ScenarioError(file, f"{flag} {main}: name a {suffix} file (the output is {suffix[1:]})")
    source = Path(file).resolve()
    for out in outputs:
        if out.resolve() == source:
            raise ScenarioError(file, f"{flag} {main}: {out} is the scenario itself; name another file")
        if out.is_dir():
            raise ScenarioError(file, f"{flag} {main}: {out} is a folder; name a file")
        why = _writable_folder(out.parent)
        if why:
            raise ScenarioError(file, f"{flag} {main}: {why}")
    names = [out.resolve() for out in outputs]
    if len(set(names)) != len(names):
        raise ScenarioError(file, f"{flag} {main}: two outputs would have the same name")


def sweep_shared(*folders: Path, media_dir: str, cache_dir: str) -> None:
    """Remove what killed runs left (temporary files and folders of processes that are gone) in `folders`, in
    Manim's shared Tex and text folders and in every folder of the section cache (not one a shared cache links
    elsewhere: nothing outside it is removed)."""
    media, cache = Path(media_dir), Path(cache_dir)
    inside = [d for d in (*cache.glob("*/"), *cache.glob("*/*/")) if not (d.is_symlink() or d.parent.is_symlink())]
    sweep(*folders, media / "Tex", media / "texts", *inside)
