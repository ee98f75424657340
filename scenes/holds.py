"""A held frame converted to the video's pixel format once, not once per repeat.

A hold (a wait on a still screen) reaches Manim's segment encoder as one RGBA frame and a repeat count, and the
encoder converted the same pixels to YUV again for every one of the repeats: about a millisecond a frame at 480p,
in a lesson whose holds are most of its frames. Converted once, the encoder is given the same frame each time, so
it writes the same packets.
"""
from fractions import Fraction

import av
from manim.scene.video_segment_encoder import VideoSegmentEncoder

_manims = VideoSegmentEncoder.write_frame


def _write_frame(self: VideoSegmentEncoder, pixels, *, repeat: int = 1) -> None:
    """Manim's `write_frame`, with a repeated frame converted before the repeats rather than in each."""
    if repeat == 1:
        return _manims(self, pixels, repeat=repeat)
    self._validate_frame(pixels, repeat)
    time_base = Fraction(self.spec.frame_rate.denominator, self.spec.frame_rate.numerator)
    try:
        frame = av.VideoFrame.from_ndarray(pixels, format="rgba").reformat(format=self._stream.pix_fmt)
        frame.time_base = time_base
        for _ in range(repeat):
            frame.pts = self._next_pts
            self._next_pts += 1
            for packet in self._stream.encode(frame):
                self._container.mux(packet)
    except BaseException as error:
        raise self._operation_error("encode", error) from error


def install() -> None:
    """From now on, in this process, Manim's segment encoder converts a held frame once."""
    VideoSegmentEncoder.write_frame = _write_frame
