"""Word working paper (Kertas Kerja Reviu) with python-docx.

Inspectorates edit and file their working papers in Word, so this is a plain,
editable document: real headings (the navigation pane and a table of contents
work), real tables with a repeating header row, the page number as a field
("Halaman x dari y") that Word and LibreOffice update themselves, and empty
cells where the reviewer writes: the criterion's note, the unit's response,
the sign-off.
"""
from __future__ import annotations

import io

from lkjcheck.findings import RunResult
from lkjcheck.report.kkr import DatasetPaper, WorkingPaper, build

BINARY = True


def _docx():
    # Imported here: `lkjcheck --help` must not pay for python-docx and lxml.
    import docx
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor
    return (docx, WD_ORIENT, WD_SECTION, WD_TABLE_ALIGNMENT, WD_ALIGN_PARAGRAPH, WD_BREAK, OxmlElement, qn,
            Cm, Pt, RGBColor)


class _Writer:
    def __init__(self, wp: WorkingPaper):
        (self.docx, self.WD_ORIENT, self.WD_SECTION, self.WD_TABLE_ALIGNMENT, self.ALIGN, self.WD_BREAK,
         self.OxmlElement, self.qn, self.Cm, self.Pt, self.RGB) = _docx()
        self.wp = wp
        self.lb = wp.labels
        self.doc = self.docx.Document()
        self._setup()

    # ---------------------------------------------------------------- page

    def _setup(self) -> None:
        doc, Cm, Pt = self.doc, self.Cm, self.Pt
        style = doc.styles["Normal"]
        style.font.name = "Liberation Sans"
        style.font.size = Pt(10)
        for name, size in (("Title", 20), ("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 10.5)):
            st = doc.styles[name]
            st.font.name = "Liberation Sans"
            st.font.size = Pt(size)
            st.font.color.rgb = self.RGB(0, 0, 0)
        sec = doc.sections[0]
        sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
        sec.left_margin = sec.right_margin = Cm(2.2)
        sec.top_margin = sec.bottom_margin = Cm(2.0)
        core = doc.core_properties
        core.title = f"{self.wp.title} \u2014 {self.wp.agency} {self.wp.year}"
        core.author = "lkjcheck"
        core.comments = f"lkjcheck {self.wp.version}"
        self._footer(sec)

    def _field(self, paragraph, code: str) -> None:
        """A Word field (PAGE, NUMPAGES): begin, instruction, separate, a placeholder, end."""
        OxmlElement, qn = self.OxmlElement, self.qn

        def char(kind):
            run = paragraph.add_run()
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
            return run

        char("begin")
        run = paragraph.add_run()
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = f" {code} "
        run._r.append(instr)
        char("separate")
        paragraph.add_run("1")
        char("end")

    def _footer(self, section) -> None:
        p = section.footer.paragraphs[0]
        p.alignment = self.ALIGN.CENTER
        before, _, rest = self.lb["page_of"].partition("{x}")
        middle, _, after = rest.partition("{y}")
        p.add_run(before)
        self._field(p, "PAGE")
        p.add_run(middle)
        self._field(p, "NUMPAGES")
        if after:
            p.add_run(after)
        for r in p.runs:
            r.font.size = self.Pt(8)
        head = section.header.paragraphs[0]
        head.text = f"{self.wp.title} \u2014 {self.wp.agency} \u2014 {self.wp.year}"
        head.runs[0].font.size = self.Pt(8)

    def _landscape(self, on: bool) -> None:
        sec = self.doc.add_section(self.WD_SECTION.NEW_PAGE)
        w, h = self.Cm(21.0), self.Cm(29.7)
        sec.orientation = self.WD_ORIENT.LANDSCAPE if on else self.WD_ORIENT.PORTRAIT
        sec.page_width, sec.page_height = (h, w) if on else (w, h)

    # ---------------------------------------------------------------- blocks

    def para(self, text: str, bold=False, italic=False, size=None, align=None, style=None):
        p = self.doc.add_paragraph(style=style)
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = self.Pt(size)
        if align:
            p.alignment = align
        return p

    def heading(self, text: str, level: int):
        return self.doc.add_heading(text, level=level)

    def table(self, header: list[str], rows: list[list[str]], widths_cm: list[float] | None = None,
              font=8.5, header_row=True):
        tbl = self.doc.add_table(rows=1, cols=len(header))
        tbl.style = "Table Grid"
        tbl.alignment = self.WD_TABLE_ALIGNMENT.CENTER
        hdr = tbl.rows[0]
        self._repeat_header(hdr)
        for cell, text in zip(hdr.cells, header):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
            run.font.size = self.Pt(font)
            self._shade(cell, "E6E6E6")
        for row in rows:
            cells = tbl.add_row().cells
            for cell, text in zip(cells, row):
                lines = str(text or "").split("\n")
                cell.text = ""
                par = cell.paragraphs[0]
                for k, ln in enumerate(lines):
                    run = par.add_run(ln)
                    run.font.size = self.Pt(font)
                    if k < len(lines) - 1:
                        run.add_break()
        if widths_cm:
            self._widths(tbl, widths_cm)
        if not header_row:
            tbl._tbl.remove(hdr._tr)
        self.doc.add_paragraph()
        return tbl

    def _widths(self, tbl, widths_cm) -> None:
        # Word reads the cell widths, LibreOffice the grid: set both, and stop autofit from undoing them.
        tbl.autofit = False
        for col, w in zip(tbl.columns, widths_cm):
            col.width = self.Cm(w)
        for row in tbl.rows:
            for cell, w in zip(row.cells, widths_cm):
                cell.width = self.Cm(w)

    def _repeat_header(self, row) -> None:
        trpr = row._tr.get_or_add_trPr()
        el = self.OxmlElement("w:tblHeader")
        el.set(self.qn("w:val"), "true")
        trpr.append(el)

    def _shade(self, cell, fill: str) -> None:
        tcpr = cell._tc.get_or_add_tcPr()
        shd = self.OxmlElement("w:shd")
        shd.set(self.qn("w:val"), "clear")
        shd.set(self.qn("w:color"), "auto")
        shd.set(self.qn("w:fill"), fill)
        tcpr.append(shd)

    def facts(self, rows: list[tuple[str, str]]):
        tbl = self.table(["", ""], [[k, v] for k, v in rows], [5.0, 11.5], font=9.5, header_row=False)
        for row in tbl.rows:
            for run in row.cells[0].paragraphs[0].runs:
                run.bold = True
            if row.cells[0].text == self.lb["reviewer_note"]:
                row.height = self.Cm(2.0)          # room for the reviewer's own words
        return tbl

    # ---------------------------------------------------------------- document

    def cover(self) -> None:
        wp, lb = self.wp, self.lb
        for _ in range(3):
            self.doc.add_paragraph()
        self.para("KKR \u00b7 SAKIP", size=9, align=self.ALIGN.CENTER)
        t = self.doc.add_paragraph(style="Title")
        t.add_run(wp.title.upper())
        t.alignment = self.ALIGN.CENTER
        self.para(wp.subtitle, size=12, align=self.ALIGN.CENTER)
        self.doc.add_paragraph()
        self.para(wp.agency, bold=True, size=14, align=self.ALIGN.CENTER)
        self.para(f"{lb['year']} {wp.year}", size=12, align=self.ALIGN.CENTER)
        for _ in range(3):
            self.doc.add_paragraph()
        rows = [(lb["agency"], wp.agency), (lb["year"], wp.year),
                (lb["dataset"], "; ".join(d.info.name for d in wp.datasets) or "-"),
                (lb["kkr_no"], ""), (lb["generated"], wp.generated), (lb["version"], wp.version)]
        self.facts(rows)
        self.para(lb["tool_note"], italic=True, size=8.5)
        self.doc.add_paragraph().add_run().add_break(self.WD_BREAK.PAGE)

    def index(self) -> None:
        self.heading(self.lb["index"], 1)
        self.table([self.lb["kkr_no"], self.lb["description"]], [[n, title] for n, title in self.wp.sections],
                   [3.0, 13.5], font=10)

    def sec(self, key: str) -> str:
        for n, title in self.wp.sections:
            if title == self.lb[f"s_{key}"]:
                return f"{n}. {title}"
        return self.lb[f"s_{key}"]

    def dataset(self, dp: DatasetPaper, many: bool) -> None:
        lb = self.lb
        suffix = f" \u2014 {dp.info.name}" if many else ""
        self.heading(self.sec("ringkasan") + suffix, 1)
        for line in dp.summary:
            self.para(line)
        self.table([lb["severity"], lb["count"]],
                   [[lb["sev_error"], dp.counts["error"]], [lb["sev_warning"], dp.counts["warning"]],
                    [lb["sev_info"], dp.counts["info"]], [lb["waived"], dp.counts["waived"]]], [6, 3])
        self.heading(self.sec("dasar"), 1)
        for item in self.wp.legal_basis:
            self.para(item, style="List Number")
        self.heading(self.sec("tujuan"), 1)
        for item in self.wp.purpose:
            self.para(item, style="List Bullet")
        self.heading(self.sec("data_umum"), 1)
        self.facts([(lb["agency"], dp.info.agency or "-"), (lb["year"], str(dp.info.year or "-")),
                    (lb["dataset"], dp.info.name)])
        self.heading(self.sec("hasil"), 1)
        for a in dp.aspects:
            self.heading(f"{lb['aspect']} {a.title}", 2)
            self.table([lb["criterion"], lb["state"], lb["temuan"]],
                       [[f"{c.id} {c.title}", c.status_label, ", ".join(c.temuan + c.notes) or "-"]
                        for c in a.criteria], [9.5, 3.5, 3.5])
            for c in a.criteria:
                self.heading(f"{c.id}. {c.title}", 3)
                rows = [(lb["state"], c.status_label), (lb["auto"], c.auto_label),
                        (lb["checked"], c.checked or "-"), (lb["not_checked"], c.not_checked or "-"),
                        (lb["temuan"], ", ".join(c.temuan) or "-")]
                if c.notes:
                    rows.append((lb["warnings"], ", ".join(c.notes)))
                rows.append((lb["reviewer_note"], ""))
                self.facts(rows)
        self.heading(self.sec("perhatian"), 1)
        warn = [tv.id for tv in dp.temuan if tv.severity != "error"]
        manual = [f"{c.id} {c.title}" for a in dp.aspects for c in a.criteria if c.status == "manual"]
        for title, items in ((lb["warnings"], warn), (lb["outside"], dp.outside), (lb["manual_list"], manual)):
            if items:
                self.para(title, bold=True)
                self.para(", ".join(items) if title != lb["manual_list"] else "\n".join(items))
        if dp.waived:
            self.para(lb["waived_list"], bold=True)
            self.table([lb["temuan_id"], lb["description"], lb["justification"]],
                       [[tv.id, tv.title, tv.justification] for tv in dp.waived], [2.5, 7, 7])
        self.heading(self.sec("simpulan"), 1)
        self.para(dp.conclusion)
        if dp.statement:
            self.heading(lb["statement_title"], 2)
            self.para(dp.statement, italic=True)
        self.heading(self.sec("rekomendasi"), 1)
        for rec, ids in dp.recommendations:
            p = self.para(rec, style="List Number")
            p.add_run(f" ({lb['rec_for'].replace('{ids}', ', '.join(ids))})").italic = True
        self._landscape(True)
        self.heading(self.sec("temuan"), 1)
        rows = []
        for i, tv in enumerate(dp.temuan, 1):
            where = "\n".join(f"\u2022 {p.reviewer} [{p.machine}]" for p in tv.places)
            values = "\n".join(f"{p.rule}: {lb['expected']} {p.expected or '-'}; {lb['found']} {p.found or '-'}"
                               for p in tv.places)
            msgs = "\n".join(dict.fromkeys(p.message for p in tv.places))
            rows.append([str(i), f"{tv.id}\n{tv.severity_label}", f"{tv.title}\n{msgs}", where, values,
                         ", ".join(tv.criteria) or "-", "\n".join(tv.recommendations), ""])
        if rows:
            self.table(["No", lb["temuan_id"], lb["description"], lb["where"], f"{lb['expected']} / {lb['found']}",
                        lb["criterion"], lb["recommendation"], lb["response"]],
                       rows, [0.8, 1.8, 5.2, 5.0, 4.0, 1.6, 4.2, 3.6], font=7.5)
        else:
            self.para(lb["none"], italic=True)
        self._landscape(False)
        self.heading(self.sec("cakupan"), 1)
        self.facts(dp.coverage)

    def signoff(self) -> None:
        lb = self.lb
        self.heading(self.sec("pengesahan"), 1)
        tbl = self.doc.add_table(rows=5, cols=3)
        tbl.style = "Table Grid"
        heads = ["", lb["prepared"], lb["reviewed"]]
        for cell, text in zip(tbl.rows[0].cells, heads):
            cell.text = text
            if cell.paragraphs[0].runs:
                cell.paragraphs[0].runs[0].bold = True
        for r, key in enumerate(("name", "nip", "date", "paraf"), 1):
            tbl.rows[r].cells[0].text = lb[key]
        for r in tbl.rows[1:]:
            r.height = self.Cm(1.0)

    def render(self) -> bytes:
        self.cover()
        self.index()
        many = len(self.wp.datasets) > 1
        for dp in self.wp.datasets:
            self.dataset(dp, many)
        self.signoff()
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


def render(result: RunResult) -> bytes:
    return _Writer(build(result)).render()
