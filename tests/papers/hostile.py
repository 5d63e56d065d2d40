"""Hostile papers, made on the spot: what an outside probe uploaded, never kept as binaries."""

import io
import zlib

from docx import Document
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63f8cfc0f01f000500020"
    "0e5272ade0000000049454e44ae426082"
)


def _pdf(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _page_with_text(writer: PdfWriter, text: str = "A paper") -> None:
    page = writer.add_blank_page(width=595, height=842)
    content = DecodedStreamObject()
    content.set_data(f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode())
    page[NameObject("/Contents")] = writer._add_object(content)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )


def plain_pdf(text: str = "A paper", pages: int = 1) -> bytes:
    writer = PdfWriter()
    for number in range(pages):
        _page_with_text(writer, f"{text} {number + 1}")
    return _pdf(writer)


def pdf_without_media_box() -> bytes:
    writer = PdfWriter()
    _page_with_text(writer)
    del writer.pages[0][NameObject("/MediaBox")]
    return _pdf(writer)


def pdf_with_bad_rotation() -> bytes:
    writer = PdfWriter()
    _page_with_text(writer)
    writer.pages[0][NameObject("/Rotate")] = TextStringObject("abc")
    return _pdf(writer)


def protected_pdf() -> bytes:
    """An ordinary protected PDF: AES-128, an empty password to open, restrictions on copying."""
    writer = PdfWriter()
    _page_with_text(writer, "Protected")
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    return _pdf(writer)


def pdf_needing_a_password() -> bytes:
    writer = PdfWriter()
    _page_with_text(writer, "Secret")
    writer.encrypt(user_password="letmein", owner_password="owner", algorithm="AES-128")
    return _pdf(writer)


def flate_bomb_pdf(expands_to: int = 1024**3) -> bytes:
    """A page whose content stream inflates from about 1 MB to `expands_to` bytes."""
    writer = PdfWriter()
    _page_with_text(writer)
    bomb = StreamObject()
    bomb._data = _deflate_repeated(b" " * (1024 * 1024), expands_to // (1024 * 1024))
    bomb[NameObject("/Filter")] = NameObject("/FlateDecode")
    writer.pages[0][NameObject("/Contents")] = writer._add_object(bomb)
    return _pdf(writer)


def _deflate_repeated(chunk: bytes, times: int) -> bytes:
    """zlib data for `chunk` repeated `times` times, made without compressing it all: after a
    full flush the compressor forgets what came before, so each chunk deflates alike."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH) == block
    end = compressor.flush()
    checksum = 1
    for _ in range(times):
        checksum = zlib.adler32(chunk, checksum)
    return b"\x78\xda" + block * times + end + checksum.to_bytes(4, "big")


def pdf_with_actions() -> bytes:
    """JavaScript on opening, a Launch action and a javascript: link: none may reach the pack."""
    writer = PdfWriter()
    _page_with_text(writer)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('opened');"),
        }
    )
    launch = DictionaryObject(
        {
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("calc.exe"),
        }
    )
    javascript_link = DictionaryObject(
        {
            NameObject("/S"): NameObject("/URI"),
            NameObject("/URI"): TextStringObject("javascript:alert(1)"),
        }
    )
    safe_link = DictionaryObject(
        {
            NameObject("/S"): NameObject("/URI"),
            NameObject("/URI"): TextStringObject("https://www.coventry.gov.uk/"),
        }
    )
    annotations = ArrayObject()
    for action in (launch, javascript_link, safe_link):
        annotations.append(
            writer._add_object(
                DictionaryObject(
                    {
                        NameObject("/Type"): NameObject("/Annot"),
                        NameObject("/Subtype"): NameObject("/Link"),
                        NameObject("/Rect"): ArrayObject(
                            [NumberObject(n) for n in (72, 72, 200, 90)]
                        ),
                        NameObject("/A"): action,
                    }
                )
            )
        )
    writer.pages[0][NameObject("/Annots")] = annotations
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {
            NameObject("/O"): DictionaryObject(
                {
                    NameObject("/S"): NameObject("/JavaScript"),
                    NameObject("/JS"): TextStringObject("app.alert(2)"),
                }
            )
        }
    )
    return _pdf(writer)


def docx(
    paragraphs: list[str], *, image: bool = False, links: dict[str, str] | None = None
) -> bytes:
    """A Word paper; `links` maps link text to where it goes."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if image:
        document.add_picture(io.BytesIO(PNG_1X1))
    for text, target in (links or {}).items():
        _add_link(document.add_paragraph(), text, target)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_link(paragraph, text: str, target: str) -> None:  # type: ignore[no-untyped-def]
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    relationship = paragraph.part.relate_to(target, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relationship)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def whitespace_docx(spaces: int = 16 * 1024 * 1024) -> bytes:
    """A Word file of a few KB that unpacks to `spaces` of whitespace."""
    import zipfile

    original = zipfile.ZipFile(io.BytesIO(docx(["Padding follows"])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in original.infolist():
            data = original.read(member.filename)
            if member.filename == "word/document.xml":
                data = data.replace(b"Padding follows", b"Padding follows" + b" " * spaces)
            archive.writestr(member, data)
    return out.getvalue()
