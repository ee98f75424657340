"""The packages import one way: render.py -> cli -> scenes -> lesson -> core, and core needs only NumPy."""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT = ("core", "lesson", "scenes", "cli")
MAY_IMPORT = {"core": set(), "lesson": {"core"}, "scenes": {"lesson", "core"}, "cli": {"scenes", "lesson", "core"}}
THIRD_PARTY = {"core": {"numpy"}, "lesson": {"numpy", "yaml"},
               "scenes": {"numpy", "manim", "manim_slides", "manimpango", "svgelements", "av"},
               "cli": {"numpy", "manim", "manim_slides", "av", "rich", "PIL", "watchfiles"}}   # av, rich, PIL: with Manim


def _imports(path):
    """The top-level names of every module a file imports (relative imports resolved to its own package)."""
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield path.parent.name if node.level else node.module.split(".")[0]


@pytest.mark.parametrize("package", PROJECT)
def test_each_package_imports_only_what_lies_below_it(package):
    for path in sorted((ROOT / package).glob("*.py")):
        for name in _imports(path):
            if name in PROJECT and name != package:
                assert name in MAY_IMPORT[package], f"{path.relative_to(ROOT)} imports {name}"
            elif name not in PROJECT and name not in sys.stdlib_module_names:
                assert name in THIRD_PARTY[package], f"{path.relative_to(ROOT)} imports {name}"


def test_the_domain_loads_without_manim_or_argparse():
    code = ("import sys, pkgutil, importlib, lesson; "
            "[importlib.import_module('lesson.' + m.name) for m in pkgutil.iter_modules(lesson.__path__)]; "
            "bad = {'manim', 'argparse'} & set(sys.modules); assert not bad, bad")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
