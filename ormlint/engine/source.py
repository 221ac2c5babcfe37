"""Reading a file's bytes into text the way Python would, and writing it back unchanged
in encoding, byte-order mark and line endings."""

from __future__ import annotations

import io
import os
import tempfile
import tokenize
from dataclasses import dataclass
from pathlib import Path

from ormlint.core.config import DEFAULT_MAX_FILE_BYTES
from ormlint.engine.limits import too_large


class SourceError(Exception):
    """A file that cannot be checked; the message says why."""


class FileTooLarge(SourceError):
    """A file over ``max-file-bytes``: it is not read at all."""


@dataclass(frozen=True)
class SourceText:
    text: str
    encoding: str
    bom: bool

    def encode(self, text: str) -> bytes:
        data = text.encode(self.encoding)
        return (b"\xef\xbb\xbf" + data) if self.bom else data


def decode(data: bytes) -> SourceText:
    if b"\x00" in data[:8192]:
        raise SourceError("binary file (contains NUL bytes)")
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        encoding = "utf-8"  # detect_encoding rejects undecodable first lines: say why below
    if encoding == "utf-8-sig":
        encoding = "utf-8"
    body = data[3:] if bom else data
    try:
        text = body.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise SourceError(f"cannot decode as {encoding}: {exc}") from exc
    return SourceText(text, encoding, bom)


def read_source(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> tuple[bytes, SourceText]:
    try:
        size = path.stat().st_size
        if size > max_bytes:  # before reading it
            raise FileTooLarge(too_large(size, max_bytes))
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}") from exc
    return data, decode(data)


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same directory, then rename over the original.

    A symbolic link is written through: its target gets the new text, the link stays a link.
    """
    path = Path(os.path.realpath(path))
    mode = path.stat().st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".ormlint-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
