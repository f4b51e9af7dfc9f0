"""Readers: a published report (PDF, DOCX, Markdown, text) as one document model.

Every reader returns a :class:`~lkjcheck.read.document.ReportDocument`; what a
table means (which model table and column) is decided later, from data in the
rule pack, never here.
"""
