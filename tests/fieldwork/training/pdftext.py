"""Just enough PDF reading to check which words a WeasyPrint PDF shows (no PDF library is installed).

WeasyPrint compresses its streams and writes text as glyph ids, with one ToUnicode map per font. We
inflate every stream, read each map (``bfchar`` and ``bfrange``) and decode every hex string of the page
content with each map: a word drawn in a font reads correctly under that font's map.
"""

from __future__ import annotations

import re
import zlib

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_HEX = re.compile(rb"<([0-9a-fA-F]+)>")


def _streams(pdf: bytes) -> list[bytes]:
    out = []
    for m in _STREAM.finditer(pdf):
        try:
            out.append(zlib.decompress(m.group(1)))
        except zlib.error:
            continue
    return out


def _cmap(data: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        pairs = _HEX.findall(block)
        for src, dst in zip(pairs[::2], pairs[1::2], strict=False):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be", "replace")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            start = int(dst, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + i)
    return mapping


def texts(pdf: bytes) -> list[str]:
    """The page text as read with each font's map (one string per map)."""
    streams = _streams(pdf)
    maps = [_cmap(s) for s in streams if b"begincmap" in s]
    glyphs: list[int] = []
    for s in streams:
        if b"begincmap" in s or b" Tj" not in s and b"TJ" not in s:
            continue
        for chunk in re.findall(rb"\[(.*?)\]\s*TJ|<([0-9a-fA-F]+)>\s*Tj", s, re.S):
            body = chunk[0] or b"<" + chunk[1] + b">"
            for hexa in _HEX.findall(body):
                glyphs += [int(hexa[i : i + 4], 16) for i in range(0, len(hexa), 4)]
            glyphs.append(-1)  # a break between text runs
    return ["".join(m.get(g, " ") if g >= 0 else " " for g in glyphs) for m in maps]


def contains(pdf: bytes, words: str) -> bool:
    return any(words in text for text in texts(pdf))
