"""A scenario's missing sections shared out over processes: how they are dealt, and what comes back to the parent."""
import threading
import time

import pytest
from hypothesis import given, strategies as st

from cli.shares import deal, render_shares
from scenes.texjail import TexError

NAMES = ["setup", "forward", "softmax", "why", "backward", "update", "training"]


@given(st.lists(st.floats(0, 300), min_size=1, max_size=7), st.integers(1, 8))
def test_every_section_is_dealt_once_in_storyboard_order_and_no_share_is_empty(seconds, jobs):
    lengths = dict(zip(NAMES, seconds))
    shares = deal(lengths, jobs)
    assert sorted(n for share in shares for n in share) == sorted(lengths)
    assert len(shares) == min(jobs, len(lengths)) and all(shares)
    assert all(share == sorted(share, key=NAMES.index) for share in shares)


@given(st.lists(st.floats(0.5, 300), min_size=2, max_size=7))
def test_two_shares_are_as_even_as_longest_first_makes_them(seconds):
    """Graham's bound for longest-first on two machines: the longer share is at most 7/6 of the best split."""
    lengths = dict(zip(NAMES, seconds))
    longer = max(sum(lengths[n] for n in share) for share in deal(lengths, 2))
    best = min(max(sum(s for s, pick in zip(seconds, mask) if pick), sum(s for s, pick in zip(seconds, mask) if not pick))
               for mask in [[(m >> i) & 1 for i in range(len(seconds))] for m in range(2 ** len(seconds))])
    assert longer <= best * 7 / 6 + 1e-9


def test_the_why_section_of_three_class_gets_a_process_of_its_own():
    """Its lengths in a rehearsal of three_class: why is nearly half the video."""
    lengths = {"setup": 20.8, "forward": 9.7, "softmax": 21.8, "why": 85.4, "backward": 24.8, "update": 17.6}
    assert deal(lengths, 2) == [["why"], ["setup", "forward", "softmax", "backward", "update"]]


class Heard:
    """A progress line that keeps what it is told."""

    def __init__(self):
        self.said = []

    def section(self, name, rendered, share):
        self.said.append(("section", share, name, rendered))

    def tick(self, share):
        self.said.append(("tick", share))


def test_each_share_renders_in_a_process_of_its_own_and_its_progress_reaches_the_parent(tmp_path):
    def render(share, index, relay):
        for name in share:
            relay.section(name, rendered=True)
            relay.tick()
            (tmp_path / f"{name}.{index}").write_text(str(__import__("os").getpid()))

    heard = Heard()
    render_shares([["setup", "forward"], ["why"]], render, heard)
    made = {p.name: p.read_text() for p in tmp_path.iterdir()}
    assert set(made) == {"setup.0", "forward.0", "why.1"}
    assert made["setup.0"] == made["forward.0"] != made["why.1"] != str(__import__("os").getpid())
    assert [m for m in heard.said if m[1] == 0] == [("section", 0, "setup", True), ("tick", 0),
                                                    ("section", 0, "forward", True), ("tick", 0),
                                                    ("section", 0, "", False)]


def test_a_share_that_tex_refuses_stops_the_others_and_its_one_line_error_reaches_the_parent(tmp_path):
    def render(share, index, relay):
        if share == ["why"]:
            raise TexError("TeX cannot typeset '\\frac{': Missing } inserted.", "\\frac{")
        time.sleep(60)
        (tmp_path / "finished").write_text("")

    start = time.monotonic()
    with pytest.raises(TexError) as caught:
        render_shares([["setup"], ["why"]], render, Heard())
    assert str(caught.value) == "TeX cannot typeset '\\frac{': Missing } inserted." and caught.value.expression == "\\frac{"
    assert time.monotonic() - start < 50 and not (tmp_path / "finished").exists()


def test_a_share_that_crashes_is_reported_as_what_it_raised():
    def render(share, index, relay):
        raise KeyError("layers.output.dW")

    with pytest.raises(RuntimeError, match="KeyError: 'layers.output.dW'"):
        render_shares([["setup"], ["why"]], render, Heard())


def test_shares_failing_at_once_never_leave_the_parent_waiting():
    """Both shares fail together, with progress in flight, twenty times over: the parent always hears and returns.
    (With one queue for all, a worker stopped halfway through a message kept its lock, and the parent waited.)"""
    def render(share, index, relay):
        for _ in range(50):
            relay.tick()
        raise KeyError(share[0])

    done = []

    def run():
        for _ in range(20):
            with pytest.raises(RuntimeError, match="KeyError"):
                render_shares([["setup"], ["why"]], render, Heard())
        done.append(True)

    runner = threading.Thread(target=run, daemon=True)
    runner.start()
    runner.join(120)
    assert done


def test_shares_render_without_a_progress_line():
    def render(share, index, relay):
        relay.section(share[0], rendered=True)
        relay.tick()

    render_shares([["setup"], ["why"]], render, None)
