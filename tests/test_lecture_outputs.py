"""The lecture kit from one real render of the Bengali 3-class scenario with --slides: the subtitles beside the
video, the slides cut at the same section boundaries, and the HTML played offline in a headless Chromium.

The expected captions are read straight from the scenario's YAML; times are the video's own (PyAV), not the code's.
"""
import re
from pathlib import Path

import av
import pytest
import yaml

from browser import Browser, chromium
from cli.main import main
from lesson import storyboard
from lesson.scenario import load
from lesson.solution import Solution
from scene_probe import build

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "three_class_bn.yaml"
SECTIONS = [s.name for s in storyboard.sections(Solution(load(str(SCENARIO))))]
CUE = re.compile(r"(\d+)\n(\d\d):(\d\d):(\d\d),(\d{3}) --> (\d\d):(\d\d):(\d\d),(\d{3})\n(.+?)(?:\n\n|\n?$)", re.S)
FRAME = 1 / 15                                   # -q l is 15 frames per second


def _seconds(h, m, s, ms):
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def _duration(video):
    with av.open(str(video)) as container:
        return container.duration / av.time_base


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """One whole render with slides, of the scenario at a quarter of the reading pace (the holds are not what these
    tests read, and a shorter video keeps the suite fast)."""
    folder = tmp_path_factory.mktemp("lecture")
    quick = folder / SCENARIO.name
    text = SCENARIO.read_text(encoding="utf-8")
    quick.write_text(text.replace("\ndisplay:\n", "\ndisplay:\n  pace: 0.25\n", 1), encoding="utf-8")
    assert "pace: 0.25" in quick.read_text(encoding="utf-8")
    out = folder / "bn.mp4"
    assert main(["render", str(quick), "--slides", "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def cues(rendered):
    """(start, end, text) per cue of the .srt beside the video."""
    text = rendered.with_suffix(".srt").read_text(encoding="utf-8")
    found = [(_seconds(*m.groups()[1:5]), _seconds(*m.groups()[5:9]), m.group(10).strip()) for m in CUE.finditer(text)]
    assert [int(m.group(1)) for m in CUE.finditer(text)] == list(range(1, len(found) + 1))
    return found


@pytest.mark.render
@pytest.mark.xdist_group("lecture_kit")       # one worker makes the one render they share
def test_subtitles_are_the_captions_in_order_inside_the_video(rendered, cues):
    captions = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))["captions"]
    assert [text.replace("\n", " ") for _, _, text in cues] == [captions[s] for s in SECTIONS]
    duration = _duration(rendered)
    assert 0 < cues[0][0], "the first cue waits for the title card"
    for (start, end, _), (next_start, _, _) in zip(cues, cues[1:] + [(duration, None, None)]):
        assert start < end <= next_start + 2e-3     # SRT times are whole milliseconds, the container's length too
    assert cues[-1][1] == pytest.approx(duration, abs=FRAME)


@pytest.mark.render
@pytest.mark.xdist_group("lecture_kit")       # one worker makes the one render they share
def test_each_slide_is_one_section_cut_where_its_cue_ends(rendered, cues):
    html = rendered.with_suffix(".html").read_text(encoding="utf-8")
    clips = re.findall(r'data-background-video="([^"]+)"', html)
    assert len(clips) == len(SECTIONS)
    ends = [0.0] + [end for _, end, _ in cues]
    for clip, start, end in zip(clips, ends, ends[1:]):
        assert _duration(rendered.parent / clip) == pytest.approx(end - start, abs=FRAME)


@pytest.mark.render
def test_captions_can_stay_off_the_picture(tmp_path):
    captions = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))["captions"].values()

    def drawn(burn):
        """The captions drawn in a scene (a long one as two lines, each a part of it)."""
        texts = [text for snap in build(str(SCENARIO), tmp_path, burn_captions=burn) for text, _ in snap.texts]
        return {c for c in captions if any(len(t) > 8 and t in c for t in texts)}

    assert drawn(True) == set(captions) and drawn(False) == set()


def test_slides_refuse_a_single_section(capsys):
    assert main(["render", str(SCENARIO), "--slides", "--section", "forward"]) == 2
    assert "--slides needs the whole video" in capsys.readouterr().err


NEXT_PLAYING = """new Promise(done => {
  const begun = performance.now();
  const look = () => {
    const video = Reveal.getCurrentSlide().slideBackgroundContentElement.querySelector('video');
    const state = {index: Reveal.getIndices().h, src: video && video.currentSrc, time: video ? video.currentTime : 0};
    if (state.time > 0.3 || performance.now() - begun > 30000) done(state); else setTimeout(look, 50);
  };
  look();
})"""
READY = """new Promise(done => {
  const begun = performance.now();
  const look = () => window.Reveal && Reveal.isReady()
    ? done({slides: Reveal.getTotalSlides(), notes: Reveal.getSlides().map(s => Reveal.getSlideNotes(s))})
    : performance.now() - begun > 30000 ? done({slides: 0, notes: []}) : setTimeout(look, 50);
  look();
})"""


@pytest.mark.render
@pytest.mark.xdist_group("lecture_kit")
@pytest.mark.skipif(chromium() is None, reason="Chromium is not installed (./run test installs Debian's chromium)")
def test_slides_play_offline_in_a_browser(rendered, tmp_path):
    captions = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))["captions"]
    html = rendered.with_suffix(".html")
    clips = re.findall(r'data-background-video="([^"]+)"', html.read_text(encoding="utf-8"))
    browser = Browser(chromium(), tmp_path / "profile")
    try:
        browser.call("Network.enable")
        browser.call("Page.enable")
        browser.call("Page.navigate", url=html.as_uri())
        deck = browser.evaluate(READY)
        assert deck["slides"] == len(SECTIONS), f"reveal.js did not start; requests: {browser.requested()}"
        assert [re.sub(r"<[^>]+>", "", n).strip() for n in deck["notes"]] == [captions[s] for s in SECTIONS]
        for index, clip in enumerate(clips):
            if index:
                browser.press("ArrowRight", "ArrowRight")
            state = browser.evaluate(NEXT_PLAYING)
            assert (state["index"], state["src"]) == (index, (rendered.parent / clip).as_uri())
            assert state["time"] > 0.3, f"slide {index + 1}'s video did not play"
        requested = browser.requested()
    finally:
        browser.close()
    assert html.as_uri() in requested
    assert all(url.startswith(("file:", "data:")) for url in requested), \
        [url for url in requested if not url.startswith(("file:", "data:"))]
