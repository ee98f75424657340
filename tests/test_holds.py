"""A held frame converted once is encoded to the same packets as Manim's own encoder gives when it converts the frame
on every repeat: for each kind of segment Manim writes (x264 mp4 as the render sets it, qtrle mov when transparent,
VP9 webm)."""
import av
import numpy as np
import pytest
from manim._config.output import OutputFormat, OutputSpec
from manim._config.video_encoder import resolve_video_encoder
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from cli.render import X264
from scenes import holds

FRAMES = [(0, 1), (1, 7), (2, 1), (3, 12), (0, 2)]        # (picture, repeats): holds between single frames


def pictures() -> list[np.ndarray]:
    """Four RGBA frames with gradients, edges and noise, so the conversion's rounding and chroma both matter."""
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:48, 0:64]
    out = []
    for k in range(4):
        rgba = np.zeros((48, 64, 4), np.uint8)
        rgba[..., 0] = (x * 4 + k * 30) % 256
        rgba[..., 1] = (y * 5 + (x > 20 + k * 7) * 90) % 256
        rgba[..., 2] = rng.integers(0, 256, (48, 64))
        rgba[..., 3] = 255
        out.append(rgba)
    return out


def segment(path, spec, write) -> list[tuple]:
    """The packets (bytes, times, key flag) of the file an encoder of `spec` writes when fed FRAMES through `write`
    (Manim's method or ours). Packets, not the file: a webm file holds a random segment id."""
    encoder = VideoSegmentEncoder(target=path, spec=spec)
    shots = pictures()
    for picture, repeat in FRAMES:
        write(encoder, shots[picture].copy(), repeat=repeat)
    encoder.finish()
    with av.open(str(path)) as container:
        return [(bytes(p), p.pts, p.dts, p.is_keyframe) for p in container.demux(video=0) if p.size]


@pytest.mark.parametrize("kind, transparent, options", [("mp4", False, X264), ("mov", True, {}), ("webm", False, {})])
def test_a_hold_converted_once_is_encoded_to_the_same_packets(tmp_path, kind, transparent, options):
    output = OutputSpec(format=OutputFormat(kind), transparent=transparent, save_sections=False,
                        fallback_to_still=False)
    spec = resolve_video_encoder(output, width=64, height=48, frame_rate=15, options=options)
    ours = segment(tmp_path / f"ours.{kind}", spec, holds._write_frame)
    manims = segment(tmp_path / f"manims.{kind}", spec, holds._manims)
    assert ours == manims and len(ours) == sum(repeat for _, repeat in FRAMES)
