"""`lkjcheck rules`: the rule catalogue, and `rules explain ID`."""
from __future__ import annotations


import click

from lkjcheck.cli.common import _fail, _fail_key
from lkjcheck.cli.helptext import Argument, Command, Group


@click.group(cls=Group, invoke_without_command=True, help="help.rules")
@click.option("--family", help="help.rules.family")
@click.option("--severity", type=click.Choice(["error", "warning", "info"]), help="help.rules.severity")
@click.option("--search", "text", help="help.rules.search")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", help="help.rules.lang")
@click.option("--rules", "rules", multiple=True, type=click.Path(), help="help.opt.rules")
@click.pass_context
def rules(ctx, family, severity, text, lang, rules):
    """The rule catalogue (help.rules of lkjcheck/messages/help.yaml)."""
    ctx.ensure_object(dict)
    ctx.obj.update(lang=lang, rules=rules)
    if ctx.invoked_subcommand:
        return
    meta = _catalogue(rules, lang)
    rows = []
    for m in sorted(meta.values(), key=lambda m: m.id):
        if family and m.family != family:
            continue
        if severity and m.severity != severity:
            continue
        title = m.title_in(lang)
        if text and text.lower() not in (title + " " + m.id + " " + m.title_in("id")).lower():
            continue
        rows.append([m.id, m.severity, m.family, title])
    from lkjcheck.safety.text import visible

    # Titles come from rule files anyone may contribute: no escape sequence reaches the terminal.
    from lkjcheck.cli.helptext import help_text

    # The column heads are read with the help texts (help.yaml alone): the whole catalogue is not needed here.
    heads = ["ID"] + [help_text(f"help.rules.head.{c}", lang) for c in ("severity", "family", "title")]
    # report/plaintable lays the list out without importing tabulate (a fifth of this command once)
    from lkjcheck.report.plaintable import tabulate

    click.echo(visible(tabulate(rows, heads, "simple")))


def _catalogue(extra_dirs, lang="id", examples=False):
    from lkjcheck.checks.rules import load_pack, pack_folders
    from lkjcheck.errors import InputError

    try:
        dirs = pack_folders(extra_dirs)
        pack = load_pack(dirs, compile_rules=False)
        if examples:
            # a rule's example is its first case (rules/<pack>/cases/)
            from lkjcheck.checks.cases import attach_examples
            for d in dirs:
                attach_examples(pack, d)
        return pack.meta
    except InputError as e:
        _fail(e.text(lang))
    except Exception as e:  # rule files are untrusted: a bug they reach must not print a traceback either
        _fail_key("cli.internal_error_rules", lang, kind=type(e).__name__, error=e)


@rules.command(cls=Command, help="help.rules_explain")
@click.argument("rule_id", cls=Argument)
@click.option("--lang", "lang_here", type=click.Choice(["id", "en"]), default=None, help="help.rules.explain_lang")
@click.pass_context
def explain(ctx, rule_id, lang_here):
    """One rule, explained (help.rules_explain)."""
    from lkjcheck.errors import suggest

    lang = lang_here or ctx.obj.get("lang", "id")
    meta = _catalogue(ctx.obj.get("rules"), lang, examples=True)
    m = meta.get(rule_id.upper())
    if m is None:
        _fail_key("cli.no_rule", lang, rule=rule_id, suggest=suggest(rule_id.upper(), meta))
    out = [f"{m.id}: {m.title_in(lang)}", ""]
    out.append(_label("cli.explain_kind", lang, severity=m.severity, family=m.family, kind=m.kind))
    if m.reference:
        out.append(_label("cli.explain_reference", lang, reference=m.reference))
    out.append("")
    if m.rationale_in(lang):
        out += [m.rationale_in(lang), ""]
    out += _explain_reviu(m, lang, ctx.obj.get("rules"))
    for key, text in (("cli.explain_expression", m.expression), ("cli.explain_bad", m.example_bad),
                      ("cli.explain_good", m.example_good)):
        if text:
            out += [_label(key, lang), *("    " + ln for ln in text.splitlines()), ""]
    out.append(_label("cli.explain_source", lang, source=m.source))
    from lkjcheck.safety.text import visible

    click.echo(visible("\n".join(out)))


def _explain_reviu(m, lang, extra_dirs=None) -> list[str]:
    """The reviu criteria a rule serves and its recommendation (the pack's reviu.yaml)."""
    from lkjcheck.checks.rules import pack_folders
    from lkjcheck.errors import InputError
    from lkjcheck.report.reviu import guide_of_packs

    try:
        guide = guide_of_packs(pack_folders(extra_dirs))
    except InputError as e:
        _fail(e.text(lang))
    if guide is None:
        return []
    r, crit = guide.for_rule(m.id, m.family), guide.criteria
    out = []
    if r.criteria:
        names = [f"{c} {crit[c].title.get(lang) or crit[c].title.get('id')}" for c in r.criteria if c in crit]
        out += [_label("cli.explain_criteria", lang), *("    " + n for n in names)]
    rec = r.recommendation.get(lang) or r.recommendation.get("id")
    if rec:
        out.append(_label("cli.explain_recommendation", lang, recommendation=rec))
    return out + [""] if out else []


def _label(key: str, lang: str, **values) -> str:
    """A line of `rules explain` (lkjcheck/messages/cli.yaml); the rule's own texts go in whole."""
    from lkjcheck.i18n import say

    return say(key, lang, values.items())


