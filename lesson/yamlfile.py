"""Read a YAML file with the safe loader only, keeping the line of every key and list item for error messages."""
import re
from pathlib import Path

import yaml

from .errors import ScenarioError


def field_name(path):
    """("layers", 0, "weights") -> "layers[0].weights"."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _lines(node, path, out, file):
    """Record the 1-based line of every key and item below `node`; reject keys given twice."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = path + (key_node.value,)
            if key in out:
                raise ScenarioError(file, f"given twice (first on line {out[key]})", field_name(key),
                                    key_node.start_mark.line + 1)
            out[key] = key_node.start_mark.line + 1
            _lines(value_node, key, out, file)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            out[path + (i,)] = item.start_mark.line + 1
            _lines(item, path + (i,), out, file)


def _read_text(file):
    try:
        raw = Path(file).read_bytes()
    except OSError as e:
        raise ScenarioError(file, f"cannot read the file ({e.strerror})") from None
    if b"\0" in raw:
        raise ScenarioError(file, "is a binary file; a scenario is a YAML text file")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(file, "is not UTF-8 text; a scenario is a YAML text file") from None


def _syntax_error(file, e):
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    problem = getattr(e, "problem", None) or str(e)
    tag = re.search(r"tag '([^']*)'", problem)
    if isinstance(e, yaml.constructor.ConstructorError) and tag:
        name = tag.group(1).replace("tag:yaml.org,2002:", "!!")
        problem = f"YAML tag {name} is not allowed: a scenario holds only numbers, strings, lists and mappings"
    else:
        hint = " (put quotes around values that contain { or }, such as \"w_{10}\")" if "'{'" in problem else ""
        problem = f"YAML syntax error: {problem}{hint}"
    return ScenarioError(file, problem, line=mark.line + 1 if mark else None)


def load_yaml(file):
    """(data, lines): the file's content built by the safe loader, and {path tuple: line number}."""
    text = _read_text(file)
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        lines = {(): 1}
        if node is not None:
            _lines(node, (), lines, file)
        data = None if node is None else loader.construct_document(node)
    except yaml.YAMLError as e:
        raise _syntax_error(file, e) from None
    finally:
        loader.dispose()
    return data, lines
