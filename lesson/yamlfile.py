"""Parse a scenario's YAML into plain data, bounded before anything walks it, keeping the line of every field.

Only the safe constructors of plain data run (null, bool, int, float, str, lists, mappings); every other tag, a
complex key, a recursive alias, nesting deeper than DEPTH and more than VALUES values once aliases are expanded are
refused while the document is composed, so a hostile file costs at most VALUES steps.
"""
import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from . import limits
from .errors import ScenarioError, clip, shown
from .readfile import read_text

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = ("null", "bool", "int", "float", "str")
_NUMBER_TAGS = (_TAG + "int", _TAG + "float")


class Refused(yaml.MarkedYAMLError):
    """YAML that parses but that a scenario does not accept; `problem` is the whole message, `path` its field."""

    def __init__(self, problem, mark, path=()):
        super().__init__(problem=problem, problem_mark=mark)
        self.path = path


def _tag(node):
    return clip(node.tag.replace(_TAG, "!!"))


def _refuse(loader, node):
    raise Refused(f"YAML tag {_tag(node)} is not allowed: a scenario holds only numbers, strings, lists and "
                  "mappings", node.start_mark, loader.paths.get(node, ()))


def _strict(construct):
    """A scalar constructor that refuses overlong numbers and reports a value its tag cannot read as one line."""
    def wrapped(loader, node):
        if node.tag in _NUMBER_TAGS and isinstance(node.value, str) and len(node.value) > limits.NUMBER_CHARS:
            raise Refused(f"a number written with {len(node.value)} characters; the limit is "
                          f"{limits.NUMBER_CHARS}", node.start_mark, loader.paths.get(node, ()))
        try:
            return construct(loader, node)
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError):
            raise Refused(f"{shown(node.value)} is not a valid {_tag(node)}", node.start_mark,
                          loader.paths.get(node, ())) from None
    return wrapped


class _BoundedComposer(Composer):
    """The composer, refusing complex keys, recursive aliases, deep nesting and documents of too many values.

    `paths` gives the field of every node, for the constructors' messages.
    """

    def __init__(self):
        super().__init__()
        self._open, self._sizes, self._values, self._path, self.paths = [], {}, 0, [], {}

    def _refused(self, problem, mark):
        return Refused(problem, mark, tuple(self._path))

    def _count(self, n, mark):
        self._values += n
        if self._values > limits.VALUES:
            raise self._refused(f"the document holds more than {limits.VALUES:,} values once its aliases are "
                                "expanded (see Limits in the README)", mark)

    def _alias_size(self, event):
        if event.anchor in self._open:
            raise self._refused(f"the alias *{clip(event.anchor)} is used inside the value it names",
                                event.start_mark)
        return self._sizes.get(event.anchor, 0)

    def _compose_new(self, parent, index, event):
        if len(self._open) >= limits.DEPTH:
            raise self._refused(f"nested more than {limits.DEPTH} levels deep (see Limits in the README)",
                                event.start_mark)
        self._count(1, event.start_mark)
        start = self._values
        self._open.append(event.anchor)
        node = super().compose_node(parent, index)
        self._open.pop()
        self.paths.setdefault(node, tuple(self._path))
        if event.anchor is not None:
            self._sizes[event.anchor] = self._values - start + 1
        return node

    def compose_node(self, parent, index):
        part = index.value if isinstance(index, ScalarNode) else index
        self._path += [] if part is None else [part]
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            self._count(self._alias_size(event), event.start_mark)
            node = super().compose_node(parent, index)
        else:
            node = self._compose_new(parent, index, event)
        if isinstance(parent, MappingNode) and index is None and not isinstance(node, ScalarNode):
            raise self._refused("a key must be a name, not a list or a mapping", node.start_mark)
        del self._path[len(self._path) - (part is not None):]
        return node


class _PythonParser(Reader, Scanner, Parser):
    """PyYAML's pure-Python parser, for an installation without LibYAML."""

    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


def loader_class(parser):
    """A loader of plain data on top of `parser` (LibYAML's CParser or the pure-Python one)."""
    class Loader(_BoundedComposer, parser, SafeConstructor, Resolver):
        def __init__(self, stream):
            parser.__init__(self, stream)
            _BoundedComposer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    constructors = SafeConstructor.yaml_constructors
    Loader.yaml_constructors = {None: _refuse, _TAG + "seq": constructors[_TAG + "seq"],
                                _TAG + "map": constructors[_TAG + "map"]}
    Loader.yaml_constructors |= {_TAG + t: _strict(constructors[_TAG + t]) for t in _PLAIN_TAGS}
    # A date stays the text it is: a timestamp is not plain data.
    Loader.yaml_implicit_resolvers = {first: [(tag, rx) for tag, rx in resolvers if tag != _TAG + "timestamp"]
                                      for first, resolvers in Resolver.yaml_implicit_resolvers.items()}
    return Loader


_PYTHON_LOADER = loader_class(_PythonParser)
_LOADER = loader_class(yaml.cyaml.CParser) if yaml.__with_libyaml__ else _PYTHON_LOADER


def field_name(path):
    """("layers", 0, "weights") -> "layers[0].weights"."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{clip(str(part))}" if out else clip(str(part)))
    return out


def _lines(node, path, out, file):
    """Record the 1-based line of every key and item below `node`; reject keys given twice."""
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            key = path + (key_node.value,)
            if key in out:
                raise ScenarioError(file, f"given twice (first on line {out[key]})", field_name(key),
                                    key_node.start_mark.line + 1)
            out[key] = key_node.start_mark.line + 1
            _lines(value_node, key, out, file)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            out[path + (i,)] = item.start_mark.line + 1
            _lines(item, path + (i,), out, file)


def _syntax_error(file, e, text):
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    if isinstance(e, Refused):
        return ScenarioError(file, e.problem, field_name(e.path) or None, mark.line + 1)
    else:
        problem = " ".join(str(getattr(e, "problem", None) or e).split())
        lines = text.splitlines()
        near = lines[mark.line] if mark and mark.line < len(lines) else ""
        braces = "{" in problem or "{" in near
        hint = " (put quotes around values that contain { or }, such as \"w_{10}\")" if braces else ""
        problem = f"YAML syntax error: {problem}{hint}"
    return ScenarioError(file, problem, line=mark.line + 1 if mark else None)


def _parse(text, file, loader):
    parser = loader(text)
    try:
        node = parser.get_single_node()
        lines = {(): 1}
        if node is not None:
            _lines(node, (), lines, file)
        return (None if node is None else parser.construct_document(node)), lines
    finally:
        parser.dispose()


def parse_yaml(text, file, loader=_LOADER):
    """(data, lines): the plain data of `text` and {path tuple: line number}; a ScenarioError for bad YAML.

    Whatever the fast parser refuses on its own (a syntax error, or a limit a newer LibYAML adds, such as its
    nesting depth) is read again by the pure-Python parser, so the answer, and its wording, is the project's and
    does not change with the library's version.
    """
    try:
        return _parse(text, file, loader)
    except Refused as e:
        raise _syntax_error(file, e, text) from None
    except yaml.YAMLError:
        pass
    try:
        return _parse(text, file, _PYTHON_LOADER)
    except yaml.YAMLError as e:
        raise _syntax_error(file, e, text) from None


def load_yaml(file):
    """(data, lines) of a scenario file: read, bounded and parsed in this one place."""
    return parse_yaml(read_text(file), file)
