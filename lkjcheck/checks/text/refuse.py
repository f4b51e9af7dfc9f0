"""A text rule's parameter refused in the catalogue's words (lkjcheck/messages/checks.yaml).

ParamError itself carries the two texts its callers in the rule compiler read (`id_msg`,
`en_msg`); the check kinds name a key and its values here instead of writing both texts.
"""
from __future__ import annotations

from lkjcheck.checks.text.params import ParamError
from lkjcheck.i18n import say


def param_error(key: str, /, **values) -> ParamError:
    return ParamError(say(key, "id", values.items()), say(key, "en", values.items()))
