"""The daily report as an A4 PDF built with ReportLab from the data (not a screenshot): the summary and the KPI
table by pillar; the 30-day trends as vector charts; a tile-free ward map and the ward table — each part on its own
page. Be Vietnam Pro (OFL, assets/fonts) is embedded; every text is NFC-normalised."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import pandas as pd
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from layouts.i18n import t
from layouts.kpi import PILLARS, decimal
from reports.gathered import DailyReport, nfc, summary_lines

FONTS = Path(__file__).resolve().parents[1] / "assets" / "fonts"
REGULAR, BOLD = "BeVietnamPro", "BeVietnamPro-Bold"
INK, GREY, LINE = colors.HexColor("#1b2333"), colors.HexColor("#5b6578"), colors.HexColor("#c9d1de")
RAG_PRINT = {"green": "#1e8e4e", "amber": "#b86e00", "red": "#c62828", "none": "#6b7280", "nodata": "#6b7280"}
PAGE_W, PAGE_H = A4
DIGITS = {"incidents": 0, "per_10k": 2}  # decimals of the ward table's columns (the map shows per 10,000 alike)
MARGIN = 16 * mm


@cache
def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "BeVietnamPro-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "BeVietnamPro-Bold.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)


def styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=REGULAR, fontSize=9, leading=12, textColor=INK)
    return {"base": base,
            "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=18, leading=22),
            "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=11, leading=14, textColor=GREY),
            "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4),
            "h3": ParagraphStyle("h3", parent=base, fontName=BOLD, fontSize=10, leading=13, spaceBefore=6),
            "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5, textColor=GREY),
            "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
            "cellb": ParagraphStyle("cellb", parent=base, fontName=BOLD, fontSize=8, leading=10)}


def p(text: str, style: ParagraphStyle) -> Paragraph:
    escaped = nfc(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Paragraph(escaped, style)


def kpi_table(report: DailyReport, pillar: str, st: dict) -> Table:
    lang = report.lang
    head = [p(t(f"report.col.{c}", lang), st["cellb"])
            for c in ("kpi", "value", "target", "state", "delta_day", "delta_7d", "coverage")]
    rows, states = [head], []
    for kpi, words in zip(report.board["kpis"], report.words, strict=True):
        if kpi["pillar"] != pillar:
            continue
        rows.append([p(words["name"], st["cell"]), p(words["value"], st["cellb"]), p(words["target"], st["cell"]),
                     p(words["state"], st["cellb"]), p(words["delta_day"], st["cell"]), p(words["delta_7d"], st["cell"]),
                     p(words["coverage"], st["cell"])])
        states.append(kpi["state"])
    table = Table(rows, colWidths=[46 * mm, 20 * mm, 29 * mm, 19 * mm, 17 * mm, 17 * mm, 30 * mm], repeatRows=1)
    style = [("FONT", (0, 0), (-1, -1), REGULAR), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK), ("LINEBELOW", (0, 1), (-1, -1), 0.3, LINE),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f8"))]
    for row, state in enumerate(states, start=1):
        style.append(("TEXTCOLOR", (3, row), (3, row), colors.HexColor(RAG_PRINT[state])))
    table.setStyle(TableStyle(style))
    return table


def spark(kpi: dict, name: str, width: float, height: float) -> Drawing:
    """A vector chart of the 30-day series with its target (dotted) and the day marked."""
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 9, nfc(name)[:60], fontName=BOLD, fontSize=7.5, fillColor=INK))
    values = [v for _, v in kpi["series"]]
    known = [v for v in values if v is not None]
    box_h = height - 16
    drawing.add(Rect(0, 0, width, box_h, strokeColor=LINE, fillColor=None, strokeWidth=0.4))
    if not known:
        return drawing
    scale = [*known, *([kpi["target"]] if kpi["target"] is not None and kpi["code"] != "env.river" else [])]
    low, high = min(scale), max(scale)
    high = high if high > low else low + 1
    step = width / max(1, len(values) - 1)

    def y(v: float) -> float:
        return 3 + (box_h - 6) * (v - low) / (high - low)

    run: list[float] = []
    for i, v in enumerate(values + [None]):
        if v is None:
            if len(run) >= 4:
                drawing.add(PolyLine(run, strokeColor=colors.HexColor("#3b4a66"), strokeWidth=1))
            run = []
        else:
            run += [i * step, y(v)]
    if kpi["target"] is not None and kpi["code"] != "env.river":
        drawing.add(Line(0, y(kpi["target"]), width, y(kpi["target"]), strokeColor=colors.HexColor(RAG_PRINT["green"]),
                         strokeWidth=0.6, strokeDashArray=[2, 2]))
    if values[-1] is not None:
        drawing.add(Circle((len(values) - 1) * step, y(values[-1]), 2.2,
                           fillColor=colors.HexColor(RAG_PRINT[kpi["state"]]), strokeColor=None))
    drawing.add(String(width - 2, 2, nfc(f"{decimal(low, 1, 'vi')} – {decimal(high, 1, 'vi')}"),
                       fontName=REGULAR, fontSize=6, fillColor=GREY, textAnchor="end"))
    return drawing


def trends(report: DailyReport, st: dict) -> list:
    width = (PAGE_W - 2 * MARGIN - 8 * mm) / 3
    cells = [spark(k, w["name"], width, 24 * mm) for k, w in zip(report.board["kpis"], report.words, strict=True)]
    rows = [cells[i:i + 3] + [""] * (3 - len(cells[i:i + 3])) for i in range(0, len(cells), 3)]
    table = Table(rows, colWidths=[width + 4 * mm] * 3)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return [p(t("report.trends", report.lang), st["h2"]), table]


def ward_map(report: DailyReport, width: float, height: float) -> Drawing:
    """The wards' polygons (no tiles) shaded by incidents per 10,000 residents, each with its figure."""
    geo = report.wards_geometry
    values = report.wards.set_index("ward_code")["per_10k"]
    drawing = Drawing(width, height)
    minx, miny, maxx, maxy = geo.total_bounds
    scale = min(width / (maxx - minx), height / (maxy - miny))
    top = max([v for v in values if v is not None and not pd.isna(v)], default=1) or 1

    def xy(x: float, y: float) -> tuple[float, float]:
        return (x - minx) * scale, (y - miny) * scale

    for code, geometry in zip(geo["code"], geo.geometry, strict=True):
        value = values.get(code)
        share = 0.0 if value is None or pd.isna(value) else float(value) / top
        fill = colors.Color(0.85 - 0.55 * share, 0.89 - 0.45 * share, 0.96 - 0.25 * share)
        for polygon in getattr(geometry, "geoms", [geometry]):
            points = [c for x, y in polygon.exterior.coords for c in xy(x, y)]
            drawing.add(Polygon(points, fillColor=fill, strokeColor=colors.white, strokeWidth=0.8))
        cx, cy = xy(*geometry.representative_point().coords[0])
        name = report.refs["wards"].get(code, code)
        shown = "–" if value is None or pd.isna(value) else decimal(float(value), 2, report.lang)
        drawing.add(String(cx, cy + 2, nfc(name.replace("Phường ", "")), fontName=BOLD, fontSize=6.5,
                           textAnchor="middle", fillColor=INK))
        drawing.add(String(cx, cy - 6, nfc(shown), fontName=REGULAR, fontSize=6.5, textAnchor="middle", fillColor=INK))
    return drawing


def ward_table(report: DailyReport, st: dict) -> Table:
    lang = report.lang
    columns = ("incidents", "per_10k", "on_time", "aqi_mean", "congestion", "uptime")
    rows = [[p(t("kpi.ward.name", lang), st["cellb"]), *(p(t(f"kpi.ward.{c}", lang), st["cellb"]) for c in columns)]]
    for r in report.wards.to_dict("records"):
        rows.append([p(report.refs["wards"].get(r["ward_code"], r["ward_code"]), st["cell"]),
                     *(p("–" if r[c] is None or pd.isna(r[c]) else decimal(float(r[c]), DIGITS.get(c, 1), lang),
                         st["cell"]) for c in columns)])
    table = Table(rows, colWidths=[44 * mm] + [22 * mm] * len(columns), repeatRows=1)
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 0.8, INK), ("LINEBELOW", (0, 1), (-1, -1), 0.3, LINE),
                               ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f8"))]))
    return table


def pdf_bytes(report: DailyReport) -> bytes:
    register_fonts()
    st = styles()
    lang = report.lang
    buffer = io.BytesIO()
    title = nfc(t("report.title", lang))

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, 9 * mm, nfc(f"{title} · {report.city} · {report.day:%d/%m/%Y}"))
        canvas.drawRightString(PAGE_W - MARGIN, 9 * mm, nfc(t("report.page", lang, page=doc.page)))
        canvas.restoreState()

    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=16 * mm, title=title, author="CityOps", subject=nfc(report.city),
                            lang=lang)
    generated = pd.Timestamp(report.generated_at).tz_convert(report.zone).strftime("%H:%M %d/%m/%Y")
    story: list = [p(title, st["title"]),
                   p(t("report.subtitle", lang, city=report.city, day=report.day.strftime("%d/%m/%Y")), st["subtitle"]),
                   p(t("report.generated", lang, time=generated), st["small"]),
                   p(t("kpi.simulated.note", lang), st["small"]), Spacer(1, 4 * mm),
                   p(t("report.summary", lang), st["h2"]),
                   *[p("• " + line, st["base"]) for line in summary_lines(report)],
                   p(t("report.kpis", lang), st["h2"])]
    for pillar in PILLARS:
        story.append(KeepTogether([p(t(f"kpi.pillar.{pillar}", lang), st["h3"]), kpi_table(report, pillar, st)]))
    story += [Spacer(1, 3 * mm), p(t("report.method", lang), st["small"]), PageBreak(), *trends(report, st),
              PageBreak(), p(t("report.map", lang), st["h2"]),
              ward_map(report, PAGE_W - 2 * MARGIN, 120 * mm), Spacer(1, 4 * mm),
              p(t("report.wards", lang), st["h2"]), ward_table(report, st)]
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()



