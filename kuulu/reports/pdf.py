"""The yearly report as PDF, drawn with fpdf2 from a `presentation.Layout`.

No database access: the layout is made from the report's snapshot, so the PDF of a big county
costs no more than its number of rows. Text uses fpdf2's core font Helvetica (Latin-1, which
covers Finnish and Swedish: ä ö å é ü); characters outside Latin-1 are replaced by their closest
Latin-1 form, so no font file has to be shipped or found on the server. Bar charts are drawn
with rectangles, each followed by its table, as on the web page.
"""

from __future__ import annotations

import unicodedata

from fpdf import FPDF
from fpdf.fonts import FontFace

from kuulu.reports.presentation import Block, Chart, Layout, Table

FONT = "Helvetica"
MARGIN = 18
BAR_AREA = 90
LABEL_WIDTH = 55
ROW_HEIGHT = 6

_REPLACEMENTS = {
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2026": "...",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2022": "-",
    "\u20ac": "EUR",
}


def latin1(text: str) -> str:
    """The text in Latin-1: typographic marks become their plain forms, other letters lose
    their accents where that gives a Latin-1 letter, and anything left becomes '?'."""
    out = []
    for char in text:
        if ord(char) < 256:
            out.append(char)
            continue
        if char in _REPLACEMENTS:
            out.append(_REPLACEMENTS[char])
            continue
        base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
        out.append(base or "?")
    return "".join(out)


class _ReportPdf(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 6, latin1(f"{self.footer_text}   {self.page_no()}"), align="C")
        self.set_text_color(0, 0, 0)


def _heading(pdf: FPDF, text: str, size: int) -> None:
    if not text:
        return
    if pdf.get_y() > pdf.h - 50:
        pdf.add_page()
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(0, size * 0.5, latin1(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _paragraphs(pdf: FPDF, text: str, *, size: int = 10, italic: bool = False) -> None:
    if not text:
        return
    pdf.set_font(FONT, "I" if italic else "", size)
    for paragraph in text.replace("\r\n", "\n").split("\n\n"):
        paragraph = paragraph.strip()
        if paragraph:
            pdf.multi_cell(0, 5, latin1(paragraph), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)


def _chart(pdf: FPDF, chart: Chart) -> None:
    geometry = chart.bars
    height = len(geometry.bars) * ROW_HEIGHT + 4
    if pdf.get_y() + height > pdf.h - 25:
        pdf.add_page()
    top = pdf.get_y() + 2
    left = pdf.l_margin
    pdf.set_font(FONT, size=8)
    pdf.set_fill_color(31, 95, 139)
    scale = BAR_AREA / 200  # core.charts draws bars up to 200 units wide
    for i, bar in enumerate(geometry.bars):
        y = top + i * ROW_HEIGHT
        pdf.set_xy(left, y)
        pdf.cell(LABEL_WIDTH - 2, ROW_HEIGHT - 1, latin1(bar.label), align="R")
        width = bar.width * scale
        if width > 0:
            pdf.rect(left + LABEL_WIDTH, y + 0.5, width, ROW_HEIGHT - 2, style="F")
        pdf.set_xy(left + LABEL_WIDTH + width + 1, y)
        pdf.cell(30, ROW_HEIGHT - 1, latin1(bar.display))
    pdf.set_xy(left, top + height)


def _table(pdf: FPDF, table: Table) -> None:
    if not table.rows:
        return
    if pdf.get_y() > pdf.h - 40:
        pdf.add_page()
    pdf.set_font(FONT, "B", 9)
    pdf.multi_cell(0, 5, latin1(table.caption), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=8)
    columns = len(table.header)
    widths = (3,) + (1,) * (columns - 1) if columns > 2 else (3, 1)
    with pdf.table(
        col_widths=widths,
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 236, 242)),
        line_height=4.5,
        padding=1,
        text_align=("LEFT",) + ("RIGHT",) * (columns - 1),
        repeat_headings=1,
    ) as grid:
        head = grid.row()
        for cell in table.header:
            head.cell(latin1(cell))
        for values in table.rows:
            row = grid.row()
            for cell in values:
                row.cell(latin1(cell))
    pdf.ln(4)


def _block(pdf: FPDF, block: Block) -> None:
    _heading(pdf, block.heading, 12)
    _paragraphs(pdf, block.text, size=9)
    if block.chart is not None:
        _chart(pdf, block.chart)
    for table in block.tables:
        _table(pdf, table)


def render_pdf(layout: Layout, *, compress: bool = True) -> bytes:
    """The report as PDF bytes. `compress=False` keeps the text streams readable (tests)."""
    pdf = _ReportPdf(format="A4")
    pdf.set_compression(compress)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_title(latin1(f"{layout.title} - {layout.county}"))
    pdf.set_author(latin1(layout.county))
    pdf.set_lang(layout.language)
    pdf.set_creator("Kuulu")
    pdf.footer_text = f"{layout.title} - {layout.county}"
    pdf.add_page()
    _heading(pdf, layout.title, 20)
    pdf.set_font(FONT, size=11)
    pdf.multi_cell(0, 6, latin1(layout.county), new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, latin1(layout.period), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for section in layout.sections:
        if pdf.get_y() > pdf.h - 60:
            pdf.add_page()
        _heading(pdf, section.heading, 15)
        _paragraphs(pdf, section.narrative)
        if not section.available:
            from django.utils.translation import gettext as _

            _paragraphs(pdf, _("These figures are not available for this report."), italic=True)
            continue
        _paragraphs(pdf, section.intro)
        for block in section.blocks:
            _block(pdf, block)
    return bytes(pdf.output())
