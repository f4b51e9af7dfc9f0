"""Jinja2 templates of the HTML and Markdown working papers.

The default templates ship in ``lkjcheck/report/templates``; an inspectorate
replaces them with its own letterhead by giving a folder with a template of
the same name (``--template DIR``): the folder is searched first, the shipped
templates fill in the rest, so a folder with only ``kkr.html.j2`` works.
Templates run sandboxed: a template from a shared folder cannot reach into
Python objects beyond the data it is given.
"""
from __future__ import annotations

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"


def template_dir_of(result) -> str | None:
    """The folder the run asked for (``RunResult.template_dir``, set by ``--template``), if any."""
    return getattr(result, "template_dir", None)


def environment(template_dir: str | None, autoescape: bool):
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    loaders = [FileSystemLoader(str(template_dir))] if template_dir else []
    loaders.append(FileSystemLoader(str(TEMPLATES)))
    return SandboxedEnvironment(loader=ChoiceLoader(loaders), autoescape=autoescape, undefined=StrictUndefined,
                                trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render_template(name: str, template_dir: str | None, autoescape: bool, filters: dict, **context) -> str:
    from jinja2 import TemplateError

    from lkjcheck.errors import InputError

    env = environment(template_dir, autoescape)
    env.filters.update(filters)
    try:
        return env.get_template(name).render(**context)
    except TemplateError as e:
        where = getattr(e, "filename", None) or name
        line = getattr(e, "lineno", None)
        raise InputError(str(where), line, "report.template_cannot_used", value=e.message or e) from None
