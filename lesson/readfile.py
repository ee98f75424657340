"""Read a scenario file as text: at most FILE_BYTES, UTF-8, and only the characters YAML allows."""
import re

from . import limits
from .errors import ScenarioError

# The characters YAML 1.1 allows in a stream (the reader rejects every other one).
_NOT_YAML = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def read_text(file) -> str:
    """The file's text; a ScenarioError for a file that cannot be read, is too large, binary or not YAML text."""
    try:
        with open(file, "rb") as f:
            raw = f.read(limits.FILE_BYTES + 1)
    except OSError as e:
        raise ScenarioError(file, f"cannot read the file ({e.strerror or e})") from None
    if len(raw) > limits.FILE_BYTES:
        raise ScenarioError(file, f"the file is larger than {limits.FILE_BYTES // 1024} KB, the limit for a "
                                  "scenario (see Limits in the README)")
    if b"\0" in raw:
        raise ScenarioError(file, "is a binary file; a scenario is a YAML text file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ScenarioError(file, "is not UTF-8 text; a scenario is a YAML text file",
                            line=raw.count(b"\n", 0, e.start) + 1) from None
    bad = _NOT_YAML.search(text)
    if bad:
        raise ScenarioError(file, f"the control character U+{ord(bad.group()):04X} is not allowed; a scenario is "
                                  "plain text", line=text.count("\n", 0, bad.start()) + 1)
    return text
