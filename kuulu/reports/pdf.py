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

from kuulu.reports.presentation import Block, Chart, Layout, Table

FONT = "Helvetica"
MARGIN = 18
BAR_AREA = 90
LABEL_WIDTH = 55
ROW_HEIGHT = 6
LINE_HEIGHT = 4.2
CELL_PADDING = 1.0
BASELINE = 3.1  # from a line's top to its baseline at 8 pt

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
    share = chart.target_share
    if share is not None:
        x = left + LABEL_WIDTH + share * BAR_AREA
        pdf.set_draw_color(179, 89, 0)
        pdf.set_line_width(0.5)
        pdf.set_dash_pattern(dash=1.2, gap=0.8)
        pdf.line(x, top, x, top + height - 3)
        pdf.set_dash_pattern()
        pdf.set_xy(left + LABEL_WIDTH, top + height - 2)
        pdf.cell(BAR_AREA, ROW_HEIGHT - 1, latin1(chart.target_label))
        height += ROW_HEIGHT
    pdf.set_xy(left, top + height)


def _width(pdf: FPDF, text: str) -> float:
    """The width of Latin-1 text in the current core font, from its width table. fpdf2's
    get_string_width goes through its general text shaping, about 0.1 ms a call."""
    widths = pdf.current_font.cw
    return sum(widths.get(char, 500) for char in text) * pdf.font_size / 1000


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """Lines of `text` that fit `width` in the current font. fpdf2's own table wraps every cell
    through its general line breaker (about 2.5 ms a cell); this keeps the PDF of a county with
    thousands of outcomes within its time budget."""
    if _width(pdf, text) <= width:
        return [text]
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if _width(pdf, candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while _width(pdf, word) > width and len(word) > 1:
            cut = len(word)
            while cut > 1 and _width(pdf, word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines or [""]


def _table_row(
    pdf: FPDF, wrapped: list[list[str]], widths: list[float], *, header: bool = False
) -> None:
    """Draw one row of wrapped cells at the current position. Cells after the first are
    right-aligned (figures)."""
    height = max(len(lines) for lines in wrapped) * LINE_HEIGHT + 2 * CELL_PADDING
    x, y = pdf.l_margin, pdf.get_y()
    for i, (lines, width) in enumerate(zip(wrapped, widths, strict=True)):
        pdf.rect(x, y, width, height, style="DF" if header else "D")
        for n, line in enumerate(lines):
            # text() puts the baseline at y; cell() would be four times slower a line.
            left = x + CELL_PADDING if i == 0 else x + width - CELL_PADDING - _width(pdf, line)
            pdf.text(left, y + CELL_PADDING + n * LINE_HEIGHT + BASELINE, line)
        x += width
    pdf.set_xy(pdf.l_margin, y + height)


def _wrapped(pdf: FPDF, cells: tuple[str, ...], widths: list[float]) -> list[list[str]]:
    return [
        _wrap(pdf, latin1(cell), width - 2 * CELL_PADDING)
        for cell, width in zip(cells, widths, strict=True)
    ]


def _table(pdf: FPDF, table: Table) -> None:
    if not table.rows:
        return
    columns = len(table.header)
    weights = [3.0] + [1.0] * (columns - 1) if columns > 2 else [3.0, 1.0]
    widths = [pdf.epw * w / sum(weights) for w in weights]
    # Keep the caption, the header and the first row together.
    pdf.set_font(FONT, "", 8)
    first = max(len(lines) for lines in _wrapped(pdf, table.rows[0], widths))
    if pdf.get_y() + 8 + (first + 2) * LINE_HEIGHT + 4 * CELL_PADDING > pdf.page_break_trigger:
        pdf.add_page()
    pdf.set_font(FONT, "B", 9)
    pdf.multi_cell(0, 5, latin1(table.caption), new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(170, 170, 170)
    pdf.set_fill_color(230, 236, 242)
    pdf.set_line_width(0.2)
    pdf.set_font(FONT, "B", 8)
    header = _wrapped(pdf, table.header, widths)
    _table_row(pdf, header, widths, header=True)
    for values in table.rows:
        pdf.set_font(FONT, "", 8)
        wrapped = _wrapped(pdf, values, widths)
        height = max(len(lines) for lines in wrapped) * LINE_HEIGHT + 2 * CELL_PADDING
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
            pdf.set_font(FONT, "B", 8)
            _table_row(pdf, header, widths, header=True)  # the header again on each page
            pdf.set_font(FONT, "", 8)
        _table_row(pdf, wrapped, widths)
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
