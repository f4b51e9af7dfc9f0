"""Every text a user reads, in Bahasa Indonesia (`id`) and English (`en`).

One place, so that a translation is reviewed in one file and no message is
fixed in one language where it is made: checks record a key and the facts, a
report words them (lkjcheck.findings.Finding.words). Placeholders are
``{name}``, filled by lkjcheck.i18n.fill with values in the report's language.
The text checks keep their own keys next to their check kinds
(lkjcheck.checks.text), and a rule file's `message:` is its own.
"""
from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # Values and severities
    "value.true": {"id": "benar", "en": "true"},
    "value.false": {"id": "salah", "en": "false"},
    "value.empty": {"id": "(kosong)", "en": "(empty)"},
    "severity.error": {"id": "kesalahan", "en": "error"},
    "severity.warning": {"id": "peringatan", "en": "warning"},
    "severity.info": {"id": "info", "en": "info"},
    # Findings of any rule
    "finding.omitted_rule": {
        "id": "{n} temuan lainnya dari aturan {rule} tidak ditampilkan (paling banyak {limit} per aturan dan dataset)",
        "en": "{n} more findings of rule {rule} not shown (at most {limit} per rule and dataset)"},
    "finding.omitted_run": {
        "id": "{n} temuan lainnya tidak ditampilkan (paling banyak {limit} per pemeriksaan)",
        "en": "{n} more findings not shown (at most {limit} per run)"},
    # Table rules without a message of their own (lkjcheck.checks.table)
    "finding.stated": {"id": "{title}: tertulis {actual}, seharusnya {expected}",
                       "en": "{title}: stated {actual}, expected {expected}"},
    # pandera schemas (lkjcheck.model.schema): DAT003, DAT004, DAT008
    "schema.required": {"id": "{table}.{column}: wajib diisi", "en": "{table}.{column}: is required"},
    "schema.isin": {"id": "{table}.{column}: nilai '{v}' tidak termasuk pilihan yang sah: {allowed}",
                    "en": "{table}.{column}: value '{v}' is not one of the allowed values: {allowed}"},
    "schema.nonneg": {"id": "{table}.{column}: tidak boleh negatif (tertulis {v})",
                      "en": "{table}.{column}: must not be negative (found {v})"},
    "schema.range": {"id": "{table}.{column}: di luar rentang yang masuk akal (tertulis {v})",
                     "en": "{table}.{column}: outside the plausible range (found {v})"},
    # Waivers (lkjcheck.run.waivers): LKJ001, LKJ002
    "waiver.expired": {
        "id": "Pengecualian {what} berakhir {until} dan tidak diterapkan; perpanjang atau hapus",
        "en": "Waiver {what} expired on {until} and was not applied; renew or remove it"},
    "waiver.unused": {
        "id": "Pengecualian {what} tidak cocok dengan temuan apa pun; hapus bila temuannya sudah diperbaiki",
        "en": "Waiver {what} matches no finding; remove it if the finding was fixed"},
    # One run (lkjcheck.run.runner)
    "run.text_unchecked": {"id": "teks laporan tidak diperiksa: {why}", "en": "report text not checked: {why}"},
}
