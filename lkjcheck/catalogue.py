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
    # Labels of the reports (lkjcheck.report.common.label)
    "label.report_title": {"id": "Hasil Reviu Data Laporan Kinerja", "en": "Performance Report Data Review"},
    "label.kkr_title": {"id": "Kertas Kerja Reviu", "en": "Review Working Paper"},
    "label.kkr_subtitle": {
        "id": "Reviu atas Laporan Kinerja (LKj) Instansi Pemerintah",
        "en": "Review of the Government Agency Performance Report (LKj)",
    },
    "label.coverage": {"id": "Cakupan pemeriksaan", "en": "What was checked"},
    "label.agency": {"id": "Instansi", "en": "Agency"},
    "label.year": {"id": "Tahun", "en": "Year"},
    "label.dataset": {"id": "Dataset", "en": "Dataset"},
    "label.datasets": {"id": "Dataset", "en": "Datasets"},
    "label.path": {"id": "Lokasi berkas", "en": "Path"},
    "label.generated": {"id": "Tanggal dibuat", "en": "Date generated"},
    "label.tool_version": {"id": "Versi lkjcheck", "en": "lkjcheck version"},
    "label.fail_on": {"id": "Gagal pada tingkat", "en": "Fails on"},
    "label.summary": {"id": "Ringkasan", "en": "Summary"},
    "label.by_severity": {"id": "Menurut tingkat", "en": "By severity"},
    "label.by_family": {"id": "Menurut kelompok aturan", "en": "By rule family"},
    "label.family": {"id": "Kelompok", "en": "Family"},
    "label.total": {"id": "Jumlah", "en": "Total"},
    "label.findings": {"id": "Temuan", "en": "Findings"},
    "label.no_findings": {"id": "Tidak ada temuan.", "en": "No findings."},
    "label.waived": {"id": "Dikecualikan", "en": "Waived"},
    "label.waived_findings": {"id": "Temuan yang dikecualikan", "en": "Waived findings"},
    "label.no": {"id": "No", "en": "No"},
    "label.rule": {"id": "ID", "en": "ID"},
    "label.severity": {"id": "Tingkat", "en": "Severity"},
    "label.where": {"id": "Lokasi", "en": "Where"},
    "label.expected": {"id": "Yang diharapkan", "en": "Expected"},
    "label.found": {"id": "Yang ditemukan", "en": "Found"},
    "label.message": {"id": "Uraian", "en": "Message"},
    "label.regulation": {"id": "Dasar", "en": "Regulation"},
    "label.response": {"id": "Tanggapan / tindak lanjut", "en": "Response / follow-up"},
    "label.justification": {"id": "Alasan", "en": "Justification"},
    "label.waived_by": {"id": "Oleh", "en": "By"},
    "label.waived_until": {"id": "Berlaku sampai", "en": "Valid until"},
    "label.table": {"id": "tabel", "en": "table"},
    "label.row": {"id": "baris", "en": "row"},
    "label.field": {"id": "kolom", "en": "field"},
    "label.cell": {"id": "sel", "en": "cell"},
    "label.line": {"id": "baris", "en": "line"},
    "label.quote": {"id": "kutipan", "en": "quote"},
    "label.expected_short": {"id": "diharapkan", "en": "expected"},
    "label.found_short": {"id": "ditemukan", "en": "found"},
    "label.reference_short": {"id": "dasar", "en": "reference"},
    "label.signatures": {"id": "Pengesahan", "en": "Sign-off"},
    "label.prepared_by": {"id": "Disusun oleh (Anggota Tim)", "en": "Prepared by (team member)"},
    "label.reviewed_by": {"id": "Direviu oleh (Ketua Tim / Pengendali Teknis)", "en": "Reviewed by (team leader / supervisor)"},
    "label.name": {"id": "Nama", "en": "Name"},
    "label.nip": {"id": "NIP", "en": "NIP (staff no.)"},
    "label.date": {"id": "Tanggal", "en": "Date"},
    "label.signature": {"id": "Tanda tangan", "en": "Signature"},
    "label.footer": {
        "id": "Dibuat oleh lkjcheck {version} pada {date}. Temuan adalah hasil pemeriksaan data secara "
              "otomatis dan perlu dikonfirmasi oleh reviu.",
        "en": "Generated by lkjcheck {version} on {date}. Findings come from automated data checks and "
              "must be confirmed by the reviewer.",
    },
    "label.passed": {"id": "tidak ada temuan", "en": "no findings"},
    "label.n_findings": {"id": "{n} temuan", "en": "{n} finding(s)"},
    "label.n_waived": {"id": "{n} temuan dikecualikan", "en": "{n} waived finding(s)"},
    "label.waived_note": {"id": "dikecualikan", "en": "waived"},
    # The working paper (lkjcheck.report.kkr)
    "kkr.title": {"id": "Kertas Kerja Reviu", "en": "Review Working Paper"},
    "kkr.subtitle": {"id": "Reviu atas Laporan Kinerja Instansi Pemerintah",
                     "en": "Review of the Government Agency Performance Report"},
    "kkr.agency": {"id": "Instansi", "en": "Agency"},
    "kkr.year": {"id": "Tahun laporan", "en": "Report year"},
    "kkr.dataset": {"id": "Berkas yang direviu", "en": "Reviewed files"},
    "kkr.generated": {"id": "Dibuat", "en": "Generated"},
    "kkr.version": {"id": "Versi lkjcheck", "en": "lkjcheck version"},
    "kkr.kkr_no": {"id": "Nomor KKR", "en": "Working paper no."},
    "kkr.index": {"id": "Indeks Kertas Kerja", "en": "Index"},
    "kkr.s.ringkasan": {"id": "Ringkasan", "en": "Summary"},
    "kkr.s.dasar": {"id": "Dasar Hukum", "en": "Legal basis"},
    "kkr.s.tujuan": {"id": "Tujuan Reviu", "en": "Purpose of the review"},
    "kkr.s.data_umum": {"id": "Data Umum", "en": "General data"},
    "kkr.s.hasil": {"id": "Hasil Reviu", "en": "Review results"},
    "kkr.s.perhatian": {"id": "Hal-hal yang Perlu Diperhatikan", "en": "Matters requiring attention"},
    "kkr.s.simpulan": {"id": "Simpulan", "en": "Conclusion"},
    "kkr.s.rekomendasi": {"id": "Rekomendasi", "en": "Recommendations"},
    "kkr.s.temuan": {"id": "Daftar Temuan", "en": "List of issues"},
    "kkr.s.cakupan": {"id": "Cakupan Pemeriksaan", "en": "What was checked"},
    "kkr.s.pengesahan": {"id": "Pengesahan", "en": "Sign-off"},
    "kkr.aspect": {"id": "Aspek", "en": "Aspect"},
    "kkr.criterion": {"id": "Kriteria", "en": "Criterion"},
    "kkr.state": {"id": "Status", "en": "Status"},
    "kkr.auto": {"id": "Pemeriksaan otomatis", "en": "Automated check"},
    "kkr.auto.ya": {"id": "ya", "en": "yes"},
    "kkr.auto.sebagian": {"id": "sebagian", "en": "partly"},
    "kkr.auto.tidak": {"id": "tidak", "en": "no"},
    "kkr.checked": {"id": "Yang diperiksa lkjcheck", "en": "What lkjcheck checked"},
    "kkr.not_checked": {"id": "Yang dinilai pereviu", "en": "Left to the reviewer"},
    "kkr.reviewer_note": {"id": "Catatan pereviu", "en": "Reviewer's note"},
    "kkr.status.memadai": {"id": "memadai", "en": "adequate"},
    "kkr.status.tidak_memadai": {"id": "tidak memadai", "en": "not adequate"},
    "kkr.status.manual": {"id": "tidak dapat diperiksa otomatis", "en": "cannot be checked automatically"},
    "kkr.temuan": {"id": "Temuan", "en": "Issues"},
    "kkr.temuan_id": {"id": "No. temuan", "en": "Issue no."},
    "kkr.severity": {"id": "Tingkat", "en": "Severity"},
    "kkr.description": {"id": "Uraian", "en": "Description"},
    "kkr.where": {"id": "Lokasi dalam laporan", "en": "Where in the report"},
    "kkr.where_machine": {"id": "Berkas:baris", "en": "File:line"},
    "kkr.expected": {"id": "Seharusnya", "en": "Expected"},
    "kkr.found": {"id": "Tertulis", "en": "Written"},
    "kkr.rule": {"id": "Aturan", "en": "Rule"},
    "kkr.message": {"id": "Keterangan", "en": "Message"},
    "kkr.quote": {"id": "kutipan", "en": "quote"},
    "kkr.reference": {"id": "Dasar", "en": "Basis"},
    "kkr.response": {"id": "Tanggapan / Tindak lanjut", "en": "Response / follow-up"},
    "kkr.recommendation": {"id": "Rekomendasi", "en": "Recommendation"},
    "kkr.places": {"id": "{n} tempat", "en": "{n} places"},
    "kkr.none": {"id": "Tidak ada temuan.", "en": "No issues."},
    "kkr.count": {"id": "Jumlah", "en": "Count"},
    "kkr.waived": {"id": "dikecualikan", "en": "waived"},
    "kkr.waived_list": {"id": "Temuan yang dikecualikan (pengecualian yang disetujui)",
                        "en": "Waived issues (approved waivers)"},
    "kkr.justification": {"id": "Alasan", "en": "Justification"},
    "kkr.outside": {"id": "Temuan di luar kriteria reviu", "en": "Issues outside the review criteria"},
    "kkr.warnings": {"id": "Temuan tingkat peringatan (perlu dikonfirmasi)",
                     "en": "Warning-level issues (to be confirmed)"},
    "kkr.manual_list": {"id": "Kriteria yang harus dinilai sendiri oleh pereviu",
                        "en": "Criteria the reviewer must judge"},
    "kkr.files": {"id": "Berkas yang dibaca", "en": "Files read"},
    "kkr.rules_run": {"id": "Aturan yang dijalankan", "en": "Rules run"},
    "kkr.rules_no_data": {"id": "Aturan yang dilewati karena datanya tidak ada",
                          "en": "Rules skipped for want of data"},
    "kkr.rules_deselected": {"id": "Aturan yang tidak dipilih", "en": "Rules not selected"},
    "kkr.rows_read": {"id": "Baris data yang dibaca", "en": "Data rows read"},
    "kkr.text_read": {"id": "Teks laporan yang dibaca", "en": "Report text read"},
    "kkr.missing": {"id": "Bagian wajib yang tidak ada", "en": "Mandatory parts missing"},
    "kkr.cov_source": {"id": "Sumber cakupan", "en": "Coverage source"},
    "kkr.prepared": {"id": "Disusun oleh", "en": "Prepared by"},
    "kkr.reviewed": {"id": "Direviu oleh", "en": "Reviewed by"},
    "kkr.name": {"id": "Nama", "en": "Name"},
    "kkr.nip": {"id": "NIP", "en": "NIP"},
    "kkr.date": {"id": "Tanggal", "en": "Date"},
    "kkr.paraf": {"id": "Paraf", "en": "Initials"},
    "kkr.page_of": {"id": "Halaman {x} dari {y}", "en": "Page {x} of {y}"},
    "kkr.page": {"id": "hlm. {n}", "en": "p. {n}"},
    "kkr.line": {"id": "baris {n}", "en": "line {n}"},
    "kkr.table": {"id": "tabel {name}", "en": "table {name}"},
    "kkr.row": {"id": "baris \u201c{name}\u201d", "en": "row \u201c{name}\u201d"},
    "kkr.column": {"id": "kolom {name}", "en": "column {name}"},
    "kkr.sheet_cell": {"id": "lembar {sheet}, sel {cell}", "en": "sheet {sheet}, cell {cell}"},
    "kkr.text_file": {"id": "teks laporan", "en": "report text"},
    "kkr.tool_note": {
        "id": "Disusun dengan bantuan lkjcheck. Temuan berasal dari pemeriksaan otomatis atas data laporan dan "
              "harus dikonfirmasi pereviu; simpulan adalah rancangan untuk disunting pereviu.",
        "en": "Prepared with lkjcheck. Issues come from automated checks of the report's data and must be "
              "confirmed by the reviewer; the conclusion is a draft for the reviewer to edit.",
    },
    "kkr.summary_line": {
        "id": "Reviu otomatis menghasilkan {n} temuan ({e} kesalahan, {w} peringatan, {i} informasi) dari {f} "
              "ketidaksesuaian yang terdeteksi; {x} temuan dikecualikan.",
        "en": "The automated review produced {n} issues ({e} errors, {w} warnings, {i} info) from {f} "
              "detected differences; {x} issues waived.",
    },
    "kkr.criteria_line": {
        "id": "Dari {n} kriteria reviu: {ok} memadai, {bad} tidak memadai, {man} harus dinilai pereviu.",
        "en": "Of {n} review criteria: {ok} adequate, {bad} not adequate, {man} to be judged by the reviewer.",
    },
    "kkr.concl.bad": {
        "id": "Berdasarkan reviu atas Laporan Kinerja {agency} Tahun {year}, kami menemukan {n} kesalahan yang "
              "mempengaruhi keakuratan dan keandalan informasi kinerja, pada kriteria {crit}. Oleh karena itu, kami "
              "belum dapat memberikan keyakinan terbatas bahwa Laporan Kinerja telah menyajikan informasi yang akurat, "
              "andal dan valid, sampai temuan tersebut diperbaiki. Pernyataan Telah Direviu belum dapat diterbitkan.",
        "en": "Based on the review of the performance report of {agency} for {year}, we found {n} errors affecting the "
              "accuracy and reliability of the performance information, in criteria {crit}. We therefore cannot yet "
              "give limited assurance that the report presents accurate, reliable and valid information until they "
              "are corrected. The review statement cannot yet be issued.",
    },
    "kkr.concl.warn": {
        "id": "Berdasarkan reviu atas Laporan Kinerja {agency} Tahun {year}, tidak ditemukan kesalahan pada kriteria "
              "yang dapat diperiksa otomatis; terdapat {w} hal yang perlu dikonfirmasi. Setelah hal tersebut dan "
              "kriteria yang dinilai pereviu ({man}) disimpulkan, pereviu dapat memberikan keyakinan terbatas "
              "bahwa Laporan Kinerja telah menyajikan informasi yang akurat, andal dan valid.",
        "en": "Based on the review of the performance report of {agency} for {year}, no errors were found in the "
              "criteria that can be checked automatically; {w} matters need confirmation. Once these and the criteria "
              "left to the reviewer ({man}) are concluded, the reviewer can give limited assurance that the report "
              "presents accurate, reliable and valid information.",
    },
    "kkr.concl.ok": {
        "id": "Berdasarkan reviu atas Laporan Kinerja {agency} Tahun {year}, pemeriksaan otomatis tidak menemukan "
              "ketidaksesuaian pada kriteria yang dapat diperiksa. Simpulan atas kriteria yang dinilai pereviu "
              "({man}) dilengkapi pereviu sebelum Pernyataan Telah Direviu diterbitkan.",
        "en": "Based on the review of the performance report of {agency} for {year}, the automated checks found no "
              "differences in the criteria they can check. The reviewer completes the conclusion on the criteria "
              "left to the reviewer ({man}) before the review statement is issued.",
    },
    "kkr.rec_for": {"id": "untuk temuan {ids}", "en": "for issues {ids}"},
    "kkr.statement_title": {"id": "Rancangan Pernyataan Telah Direviu", "en": "Draft review statement"},
    "kkr.statement": {
        "id": "Kami telah mereviu Laporan Kinerja {agency} Tahun {year}. Substansi informasi yang dimuat dalam "
              "Laporan Kinerja menjadi tanggung jawab manajemen {agency}. Reviu bertujuan memberikan keyakinan "
              "terbatas mengenai akurasi, keandalan dan keabsahan informasi kinerja dalam Laporan Kinerja. "
              "Berdasarkan reviu kami, tidak terdapat kondisi atau hal-hal yang menimbulkan perbedaan dalam "
              "meyakini keandalan informasi yang disajikan dalam Laporan Kinerja ini.",
        "en": "We have reviewed the performance report of {agency} for {year}. Its content is the responsibility "
              "of the management of {agency}. The review aims to give limited assurance on the accuracy, "
              "reliability and validity of the performance information in the report. Based on our review, "
              "nothing came to our attention that causes us to doubt the reliability of the information presented.",
    },
    # The command line (lkjcheck.cli)
    "cli.progress": {"id": "memeriksa {done}/{total} {name}", "en": "checking {done}/{total} {name}"},
    "cli.no_dataset": {"id": "tidak ada dataset di antara berkas ini; tidak ada yang diperiksa",
                       "en": "no dataset among these files; nothing checked"},
    # Text checks (lkjcheck.checks.text): a percentage worked out from the figures
    "teks.rumus_persen": {"id": "{jumlah} / {pagu} × 100", "en": "{jumlah} / {pagu} × 100"},
    # Value kinds of the rule language (lkjcheck.lang)
    "kind.num": {"id": "bilangan", "en": "number"},
    "kind.money": {"id": "rupiah", "en": "money"},
    "kind.text": {"id": "teks", "en": "text"},
    "kind.date": {"id": "tanggal", "en": "date"},
    "kind.bool": {"id": "nilai logika", "en": "boolean"},
    # libyaml's complaints, as it words them (lkjcheck.read.yamlsafe)
    "yaml.did not find expected node content": {"id": "isi simpul yang diharapkan tidak ditemukan",
                                                "en": "did not find expected node content"},
    "yaml.found unexpected end of stream": {"id": "berkas berakhir sebelum waktunya (tanda kutip belum ditutup?)",
                                            "en": "found unexpected end of stream"},
    "yaml.mapping values are not allowed in this context": {
        "id": "nilai pemetaan tidak boleh di sini (titik dua di tempat yang salah?)",
        "en": "mapping values are not allowed in this context"},
    "yaml.could not find expected ':'": {"id": "titik dua yang diharapkan tidak ditemukan",
                                         "en": "could not find expected ':'"},
    "yaml.did not find expected key": {"id": "kunci yang diharapkan tidak ditemukan (indentasi tidak rata?)",
                                       "en": "did not find expected key"},
    "yaml.did not find expected '-' indicator": {"id": "tanda '-' yang diharapkan tidak ditemukan",
                                                 "en": "did not find expected '-' indicator"},
    "yaml.found character that cannot start any token": {"id": "ada karakter yang tidak dapat mengawali unsur YAML",
                                                         "en": "found character that cannot start any token"},
    "yaml.found unknown escape character": {"id": "ada karakter escape yang tidak dikenal",
                                            "en": "found unknown escape character"},
    # One run (lkjcheck.run.runner)
    "run.text_unchecked": {"id": "teks laporan tidak diperiksa: {why}", "en": "report text not checked: {why}"},
}
