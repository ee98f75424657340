"""One Manim Tex folder for the whole run, every xdist worker included, so each formula is typeset once.

Sharing is safe: TeX runs in a private folder and each SVG is placed whole (scenes.texjail).
"""
import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def shared_tex_folder(tmp_path_factory):
    from manim import config

    run = tmp_path_factory.getbasetemp()
    config.tex_dir = str((run.parent if "PYTEST_XDIST_WORKER" in os.environ else run) / "tex")


def pytest_collection_modifyitems(items):
    """Tests that render first, so both workers finish together rather than one waiting on a long scene at the end."""
    items.sort(key=lambda item: item.get_closest_marker("render") is None)
