"""Test photos as phones make them: EXIF orientation, GPS, a Display P3 colour profile."""

from __future__ import annotations

import io
import struct
from pathlib import Path

from PIL import Image
from PIL.TiffImagePlugin import IFDRational

ORIENTATION = 0x0112
GPS_IFD = 0x8825

# Display P3 primaries adapted to the D50 white of the ICC connection space (as in Apple's
# profile); the tone curve is approximated by gamma 2.2, which is enough to tell it from sRGB.
_P3_PRIMARIES = {
    b"rXYZ": (0.515102, 0.241182, -0.001050),
    b"gXYZ": (0.291965, 0.692236, 0.041883),
    b"bXYZ": (0.157153, 0.066583, 0.784378),
    b"wtpt": (0.964200, 1.000000, 0.824910),
}


def _s15f16(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def display_p3_profile() -> bytes:
    """A minimal ICC v2 RGB display profile with the Display P3 gamut."""
    text = b"Display P3 (test)\0"
    desc = (b"desc\0\0\0\0" + struct.pack(">I", len(text)) + text
            + b"\0" * 8 + b"\0\0\0" + b"\0" * 67)
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, round(2.2 * 256)) + b"\0\0"
    tags: list[tuple[bytes, bytes]] = [(b"desc", desc)]
    tags += [(sig, b"XYZ \0\0\0\0" + b"".join(_s15f16(v) for v in xyz))
             for sig, xyz in _P3_PRIMARIES.items()]
    tags += [(sig, curve) for sig in (b"rTRC", b"gTRC", b"bTRC")]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for sig, body in tags:
        body += b"\0" * (-len(body) % 4)
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = (struct.pack(">I", size) + b"\0" * 4 + b"\x02\x10\0\0" + b"mntrRGB XYZ "
              + b"\0" * 12 + b"acsp" + b"\0" * 24 + b"\0" * 4
              + _s15f16(0.9642) + _s15f16(1.0) + _s15f16(0.8249) + b"\0" * 48)
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data


def gps_exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    if orientation:
        exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (IFDRational(25), IFDRational(27), IFDRational(3)),
                     3: "E", 4: (IFDRational(118), IFDRational(45), IFDRational(9))}
    return exif


def phone_photo(path: Path, size: tuple[int, int] = (400, 300), orientation: int | None = None,
                colour: tuple[int, int, int] = (90, 140, 200), marker: bool = True,
                icc: bytes | None = None) -> Path:
    """A JPEG with GPS and, optionally, an orientation tag and a colour profile. A red block
    marks the stored image's top-left corner, so tests can see which way it was turned."""
    image = Image.new("RGB", size, colour)
    if marker:
        image.paste((230, 20, 20), (0, 0, size[0] // 4, size[1] // 4))
    path.parent.mkdir(parents=True, exist_ok=True)
    options = {"exif": gps_exif(orientation).tobytes(), "quality": 95}
    if icc:
        options["icc_profile"] = icc
    image.save(path, "JPEG", **options)
    return path


def jpeg_bytes(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (120, 160, 90)).save(out, "JPEG")
    return out.getvalue()
