"""The check kinds of text rules, one module each (as yamllint keeps its rules).

A kind's module declares:

* ``NAME``: what a rule writes after ``check:``;
* ``PARAMS``: each parameter as ``name: (type, default)`` (the types are those of
  ``lkjcheck.checks.text.params.convert``; a default of ``REQUIRED`` means the rule
  must give it);
* ``GROUPS`` (optional): the named groups every pattern of ``patterns`` must have;
* ``validate(params)`` (optional): the checks that need more than one parameter,
  raising ``ParamError`` with a key of messages/checks.yaml;
* ``run(rule, ctx)``: the findings of one rule on one report;

and its docstring says what the kind judges. A new kind is a module here and one
line in ``_MODULES``; the rule compiler and the runner know nothing of any kind.
"""
from __future__ import annotations

from lkjcheck.checks.text.kinds import (
    besaran_janggal, fakta_angka, fakta_indikator, format_angka, kenaikan_persen, klaim, konsisten, pemisah_desimal,
    persen_pagu, regulasi, rincian, tabel_teks, tahun_janggal, tahun_ke, tahun_kosong, tahun_periode,
    tanggal_dalam_tahun, tanggal_reviu, tanggal_tanda_tangan, terbilang)

_MODULES = (
    tahun_periode, tahun_kosong, tahun_janggal, tanggal_tanda_tangan, tanggal_reviu, tanggal_dalam_tahun, terbilang,
    kenaikan_persen, persen_pagu, fakta_angka, format_angka, besaran_janggal, klaim, tahun_ke, regulasi,
    pemisah_desimal, konsisten, fakta_indikator, tabel_teks, rincian,
)

KINDS = {m.NAME: m for m in _MODULES}
