"""Bad PDF, Word and Excel files: one clear line each, and the rest of the directory still loads."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from yearbook_files import write_statistical_xlsx

from yearbook_qa.corpus import CorpusError, load_corpus, zip_limits


def _pdf(path: Path, encrypt: str | None = None, image_only: bool = False) -> Path:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=encrypt)
    if image_only:  # a scan: one picture a page, no text layer
        picture = Image.new("L", (200, 100), 255)
        for _ in range(2):
            c.drawImage(ImageReader(picture), 50, 500, 400, 200)
            c.showPage()
    else:
        c.drawString(72, 720, "Yearbook 2023")
        c.showPage()
    c.save()
    return path


def _docx_with_big_part(path: Path, size: int) -> Path:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("正文")
    document.save(buffer)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/media/padding.bin", b"\0" * size)
    path.write_bytes(buffer.getvalue())
    return path


def test_encrypted_pdf_is_named_as_such(tmp_path):
    with pytest.raises(CorpusError, match=r"已加密.*encrypted PDF"):
        load_corpus(_pdf(tmp_path / "locked.pdf", encrypt="secret"))


def test_scanned_pdf_says_ocr_is_not_supported(tmp_path):
    with pytest.raises(CorpusError, match=r"没有文字层.*不支持 OCR"):
        load_corpus(_pdf(tmp_path / "scan.pdf", image_only=True))


def test_corrupt_files_are_named(tmp_path):
    for name in ("broken.docx", "broken.xlsx", "broken.pdf"):
        (tmp_path / name).write_bytes(b"PK\x03\x04 not really a package" * 10)
        with pytest.raises(CorpusError, match=rf"{name}.*(损坏|无法读取)"):
            load_corpus(tmp_path / name)


def test_a_package_that_expands_past_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(zip_limits, "MAX_EXPANDED_BYTES", 1_000_000)
    path = _docx_with_big_part(tmp_path / "bomb.docx", 2_000_000)
    assert path.stat().st_size < 100_000  # zeros compress: the size on disk says nothing
    with pytest.raises(CorpusError, match="解压后过大"):
        load_corpus(path)


def test_a_directory_with_bad_files_loads_the_good_ones(tmp_path):
    write_statistical_xlsx(tmp_path / "统计.xlsx")
    _pdf(tmp_path / "locked.pdf", encrypt="secret")
    _pdf(tmp_path / "scan.pdf", image_only=True)
    (tmp_path / "broken.docx").write_bytes(b"not a zip")
    corpus = load_corpus(tmp_path)
    assert {d.id for d in corpus.documents} == {"统计"}
    problems = "\n".join(corpus.problems)
    for expected in ("locked.pdf: PDF 已加密", "scan.pdf: PDF 没有文字层", "broken.docx: 文件已损坏", "空表"):
        assert expected in problems
    assert len(corpus.problems) == 4 and all("\n" not in p for p in corpus.problems)
