"""Fixtures of the security tests: a generated zip bomb (built once per session, streamed to
disk so the test itself never holds it) and an audit in progress to upload evidence to."""

import zipfile

import pytest

GIB = 1024 * 1024 * 1024
MIB = 1024 * 1024


@pytest.fixture(scope="session")
def zip_bomb(tmp_path_factory):
    """A ~1 MB .docx whose [Content_Types].xml expands to 1 GiB of spaces."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    block = b" " * MIB
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with z.open("[Content_Types].xml", "w", force_zip64=False) as part:
            for _ in range(GIB // MIB):
                part.write(block)
        z.writestr("word/document.xml", b"<w:document/>")
    return path


@pytest.fixture
def flow(db):
    from tests.audits.conftest import Flow, make_ready, make_tool
    from tests.factories import make_cast

    cast = make_cast()
    tool, items = make_tool(publish_by=cast.admin)
    _smr, ia = make_ready(cast)
    return Flow(cast=cast, tool=tool, items=items, ia=ia)
