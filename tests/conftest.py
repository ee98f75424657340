"""One Manim Tex folder and one shape cache for the whole run, every xdist worker included, so each formula is
typeset and parsed once.

Sharing is safe: TeX runs in a private folder and each SVG and shape is placed whole (scenes.texjail, cli.svg_cache);
a test that renders through the section cache points the shape cache at its own folder.
"""
import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def shared_tex_and_shapes(tmp_path_factory):
    from manim import config

    from cli import svg_cache

    run = tmp_path_factory.getbasetemp()
    shared = run.parent if "PYTEST_XDIST_WORKER" in os.environ else run
    config.tex_dir = str(shared / "tex")
    svg_cache.install(shared / "shapes")


def pytest_collection_modifyitems(items):
    """The longest work first, so both workers finish together rather than one waiting on a long scene at the end:
    the groups that share one scene (the largest units), then the other tests that render, then the rest."""
    items.sort(key=lambda item: (item.get_closest_marker("render") is None,
                                 item.get_closest_marker("xdist_group") is None))
