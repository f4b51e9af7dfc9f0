"""Excel working paper with openpyxl: a summary sheet, one sheet per reviu aspect, a flat temuan sheet.

The workbook is for follow-up tracking: the temuan sheet has one row per place
(so a filter on a file, a rule or a criterion finds every row), a frozen header
and an autofilter, and empty Tanggapan / Tindak lanjut / Status columns the
unit and the reviewer fill in. Cell text that looks like a formula is stored
as text, never as a formula: it comes from the report under review.
"""
from __future__ import annotations

import io
import re

from lkjcheck.findings import RunResult
from lkjcheck.report.kkr import WorkingPaper, build

BINARY = True
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _safe(value):
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _sheet_title(text: str, taken: set) -> str:
    base = _SHEET_BAD.sub(" ", text)[:31].strip() or "Sheet"
    name, k = base, 2
    while name.lower() in taken:
        name, k = f"{base[:28]} {k}", k + 1
    taken.add(name.lower())
    return name


class _Book:
    def __init__(self, wp: WorkingPaper):
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.wp, self.lb = wp, wp.labels
        self.wb = Workbook()
        self.bold = Font(bold=True)
        self.title_font = Font(bold=True, size=14)
        self.fill = PatternFill("solid", fgColor="E6E6E6")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        thin = Side(style="thin", color="888888")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.taken: set = set()

    def _put(self, ws, row: int, values, header=False):
        for col, v in enumerate(values, 1):
            cell = ws.cell(row=row, column=col)
            v = _safe(v)
            cell.value = v
            if isinstance(v, str) and v.startswith("="):
                cell.data_type = "s"          # text from the report, never a formula
            cell.alignment = self.wrap
            cell.border = self.border
            if header:
                cell.font, cell.fill = self.bold, self.fill

    def _table(self, ws, start: int, header: list[str], rows: list[list], widths: list[int], filt=True) -> int:
        self._put(ws, start, header, header=True)
        for i, r in enumerate(rows, 1):
            self._put(ws, start + i, r)
        from openpyxl.utils import get_column_letter
        for i, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = w
        if filt:
            last = get_column_letter(len(header))
            ws.auto_filter.ref = f"A{start}:{last}{start + max(len(rows), 1)}"
            ws.freeze_panes = f"A{start + 1}"
        return start + len(rows) + 1

    def _paragraph(self, ws, r: int, title: str, text: str) -> int:
        """A bold title and, below it, a long text in one merged, wrapped cell; returns the text's row."""
        ws.cell(row=r, column=1, value=title).font = self.bold
        r += 1
        ws.cell(row=r, column=1, value=_safe(text)).alignment = self.wrap
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
        ws.row_dimensions[r].height = 90
        return r

    def summary(self) -> None:
        wp, lb = self.wp, self.lb
        ws = self.wb.active
        ws.title = _sheet_title(lb["s_ringkasan"], self.taken)
        ws["A1"] = f"{wp.title} \u2014 {wp.subtitle}"
        ws["A1"].font = self.title_font
        rows = [(lb["agency"], wp.agency), (lb["year"], wp.year), (lb["generated"], wp.generated),
                (lb["version"], wp.version), (lb["kkr_no"], "")]
        r = 3
        for k, v in rows:
            self._put(ws, r, [k, v])
            ws.cell(row=r, column=1).font = self.bold
            r += 1
        r += 1
        for dp in wp.datasets:
            ws.cell(row=r, column=1, value=_safe(dp.info.name)).font = self.bold
            r += 1
            for line in dp.summary:
                ws.cell(row=r, column=1, value=_safe(line)).alignment = self.wrap
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
                ws.row_dimensions[r].height = 30
                r += 1
            self._put(ws, r, [lb["severity"], lb["count"]], header=True)
            for k in ("error", "warning", "info"):
                r += 1
                self._put(ws, r, [lb[f"sev_{k}"], dp.counts[k]])
            r += 1
            self._put(ws, r, [lb["waived"], dp.counts["waived"]])
            r += 2
            r = self._paragraph(ws, r, lb["s_simpulan"], dp.conclusion)
            if dp.statement:
                r = self._paragraph(ws, r + 1, lb["statement_title"], dp.statement)
            r += 2
            ws.cell(row=r, column=1, value=lb["s_cakupan"]).font = self.bold
            for k, v in dp.coverage:
                r += 1
                self._put(ws, r, [k, v])
            r += 2
        ws.cell(row=r, column=1, value=lb["s_pengesahan"]).font = self.bold
        r += 1
        self._put(ws, r, ["", lb["prepared"], lb["reviewed"]], header=True)
        for key in ("name", "nip", "date", "paraf"):
            r += 1
            self._put(ws, r, [lb[key], "", ""])
        for col, w in zip("ABCD", (34, 60, 40, 20)):
            ws.column_dimensions[col].width = w

    def aspects(self) -> None:
        lb = self.lb
        many = len(self.wp.datasets) > 1
        names = [a.title for a in self.wp.datasets[0].aspects] if self.wp.datasets else []
        for k, title in enumerate(names):
            full = f"{lb['aspect']} {title}"
            # Excel allows 31 characters; a long aspect name goes without the word "Aspect".
            ws = self.wb.create_sheet(_sheet_title(full if len(full) <= 31 else title, self.taken))
            header = ([lb["dataset"]] if many else []) + [
                lb["criterion"], lb["description"], lb["auto"], lb["state"], lb["temuan"], lb["warnings"],
                lb["checked"], lb["not_checked"], lb["reviewer_note"]]
            rows = []
            for dp in self.wp.datasets:
                for c in dp.aspects[k].criteria:
                    rows.append(([dp.info.name] if many else []) + [
                        c.id, c.title, c.auto_label, c.status_label, ", ".join(c.temuan), ", ".join(c.notes),
                        c.checked, c.not_checked, ""])
            widths = ([24] if many else []) + [8, 50, 12, 22, 18, 18, 40, 40, 40]
            self._table(ws, 1, header, rows, widths)

    def temuan(self) -> None:
        lb = self.lb
        ws = self.wb.create_sheet(_sheet_title(lb["s_temuan"], self.taken))
        header = [lb["dataset"], lb["temuan_id"], lb["severity"], lb["description"], lb["criterion"], lb["rule"],
                  lb["where"], lb["where_machine"], lb["expected"], lb["found"], lb["message"], lb["recommendation"], lb["waived"], lb["response"], lb["state"]]
        rows = []
        for dp in self.wp.datasets:
            for tv in dp.temuan + dp.waived:
                for p in tv.places:
                    rows.append([dp.info.name, tv.id, tv.severity_label, tv.title, ", ".join(tv.criteria), p.rule,
                                 p.reviewer, p.machine, p.expected, p.found, p.message,
                                 "\n".join(tv.recommendations), tv.justification if tv.waived else "", "", ""])
        self._table(ws, 1, header, rows, [22, 8, 11, 36, 10, 8, 40, 30, 18, 18, 50, 50, 20, 30, 14])

    def render(self) -> bytes:
        self.summary()
        self.aspects()
        self.temuan()
        buf = io.BytesIO()
        self.wb.save(buf)
        return buf.getvalue()


def render(result: RunResult) -> bytes:
    return _Book(build(result)).render()
