"""One video from clips of the same encoding, by copying their packets (no re-encoding, so every frame is kept)."""
from __future__ import annotations

from io import BytesIO
from pathlib import Path

import av


def concatenate(clips: list[Path], output: str) -> None:
    """Write the clips one after another into `output`, as Manim joins its partial movies."""
    manifest = "".join(f"file 'file:{Path(c).resolve().as_posix()}'\n" for c in clips).encode()
    with av.open(BytesIO(manifest), format="concat", options={"safe": "0", "an": "1"}) as source, \
            av.open(output, mode="w", format="mp4") as target:
        stream = source.streams.video[0]
        out = target.add_stream_from_template(template=stream)
        for packet in source.demux(stream):
            if packet.dts is None:           # the flushing packets demux adds at the end
                continue
            packet.dts = None                # consecutive clips restart their dts; libav recomputes it
            packet.stream = out
            target.mux(packet)
