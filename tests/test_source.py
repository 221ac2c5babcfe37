import pytest

from ormlint.engine.source import SourceError, decode, read_source, write_atomic


def test_utf8_bom_is_remembered():
    source = decode(b"\xef\xbb\xbfx = 'caf\xc3\xa9'\n")
    assert source.text == "x = 'café'\n" and source.bom
    assert source.encode(source.text) == b"\xef\xbb\xbfx = 'caf\xc3\xa9'\n"


def test_coding_cookie():
    data = "# -*- coding: latin-1 -*-\nx = 'café'\n".encode("latin-1")
    source = decode(data)
    assert source.encoding == "iso-8859-1" and "café" in source.text
    assert source.encode(source.text) == data


def test_binary_and_undecodable_files():
    with pytest.raises(SourceError, match="binary"):
        decode(b"\x00\x01\x02")
    with pytest.raises(SourceError, match="cannot decode"):
        decode(b"x = '\xff\xfe'\n")


def test_unreadable_path(tmp_path):
    with pytest.raises(SourceError, match="cannot read"):
        read_source(tmp_path / "missing.py")


def test_write_atomic_keeps_mode_and_leaves_no_temp(tmp_path):
    path = tmp_path / "a.py"
    path.write_text("old\n")
    path.chmod(0o640)
    write_atomic(path, b"new\n")
    assert path.read_bytes() == b"new\n"
    assert oct(path.stat().st_mode & 0o777) == "0o640"
    assert [p.name for p in tmp_path.iterdir()] == ["a.py"]
