"""A fast reader for the block-style YAML that reports are written in.

Why it exists: libyaml parses a report in a tenth of the time the located tree
takes to build, because every event it gives comes to Python as an object
with two mark objects, and turning 130 000 of them into Scalars costs more
than the parse itself; no library gives located values any faster. The YAML
that `lkjcheck init`, benchmarks/generate.py and people write is a small
subset (block mappings and sequences, one-line scalars, one-line flow
mappings of scalars, comments), and a line-by-line reader with an explicit
stack reads that subset in one linear pass.

Why it is safe: it never guesses. Whatever it does not know for certain how
libyaml reads (anchors, aliases, tags, block scalars, multi-line or escaped
scalars, flow collections inside flow collections, tabs, documents markers,
odd indentation, unusual characters) and every error condition (duplicate
keys, merge keys, depth or node limits, unresolvable tags) makes it decline:
`read_block` returns None and the caller builds the tree from libyaml's events
as before, with the very errors that builder gives. tests/test_yamlblock.py
compares the two readers field by field on fixtures, rule files, generated
reports and generated documents.
"""
from __future__ import annotations

import re

from lkjcheck.read.yamlvalues import SHORT_TAGS as _SHORT, Mapping, Scalar, Sequence, resolve_plain

# Anything outside libyaml's printable set, a BOM, a lone CR and the Unicode
# line breaks (NEL, LS, PS, which libyaml counts as new lines) or a tab: declined.
# That is everything but LF, U+0020-U+007E, U+00A0-U+2027, U+202A-U+D7FF, U+E000-U+FEFE,
# U+FF00-U+FFFD and U+10000-U+10FFFF, written as what is left out: `re` compiles the
# negated form of those wide ranges in 4 ms, this in 0.3 ms (a test holds them equal).
_ODD = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
# What of ASCII is not odd: an ASCII text (every report lkjcheck writes) is
# odd only where a byte is left when these are deleted (_odd).
_ASCII_PLAIN = b"\n" + bytes(range(0x20, 0x7f))
# A plain scalar cannot start with these (or "-", "?", ":" before a space);
# the ones that may start something else (anchors, tags, block scalars) decline.
_NOT_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")

# One-line flow collections of scalars. Plain scalars there take no ":" and
# no "#" at all (libyaml's rules for them differ between versions), and double
# quotes no backslash: such text declines.
_FLOW_PLAIN = r"(?:[^ ,\[\]{}#:&*!|>'\"%@`?\-]|-(?=[^ ,\[\]{}#:]))[^ ,\[\]{}#:]*(?: +[^ ,\[\]{}#:]+)*"
_FLOW_SCALAR = rf"(?:\"([^\"\\]*)\"|'((?:[^']|'')*)'|({_FLOW_PLAIN}))"
_FLOW_ENTRY = re.compile(rf" *{_FLOW_SCALAR} *: +{_FLOW_SCALAR} *([,}}])")
# the same groups as an entry's, the key's three never taking part
_FLOW_ITEM = re.compile(rf"(?:(?!)()()())? *{_FLOW_SCALAR} *([,\]])")
# Longest simple key libyaml looks for its ":" across.
_MAX_KEY = 1000
# A block line "key: value" that _key and _value take without a second look:
# a word for key, then a double-quoted scalar with no backslash or a plain one
# that starts as no indicator does and holds no ":" or "#" at all, and nothing
# after it. Anything else goes the long way, which decides as it always did.
_SIMPLE_LINE = re.compile(
    r"([A-Za-z0-9_]{1,200}): +(?:\"([^\"\\]*)\"|([^ \-?:,\[\]{}#&*!|>'\"%@`][^:#]*(?<! )))\Z").match


_new = object.__new__


class _Decline(Exception):
    pass


def read_block(text: str, max_nodes: int, max_depth: int):
    """The located tree of `text`, or None when the text is not plainly in the subset."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if _odd(text):
        return None
    try:
        return _read(text, max_nodes, max_depth)
    except _Decline:
        return None


def _odd(text: str) -> bool:
    """Whether `text` holds a character that _ODD finds.

    For an ASCII text bytes.translate says it in one pass in C, eight times
    faster than the search (which was 1 % of checking a generated report).
    """
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _ASCII_PLAIN))
    return _ODD.search(text) is not None


def _scalar(text: str, tag: str, line: int, column: int, quoted: bool) -> Scalar:
    """Scalar(text, tag, line, column, quoted) without Scalar.__init__, which costs twice as much."""
    out = _new(Scalar)
    out.text = text
    out.tag = tag
    out.line = line
    out.column = column
    out.quoted = quoted
    return out


def _tail_ok(s: str, i: int) -> bool:
    """Nothing after index i but spaces and a comment that a space sets off."""
    t = s[i:]
    u = t.lstrip(" ")
    return not u or (u[0] == "#" and len(u) < len(t))


def _single_end(s: str) -> int:
    """Index of the quote closing a single-quoted scalar at s[0]; '' is a quote inside."""
    j = s.find("'", 1)
    while j >= 0 and s[j + 1:j + 2] == "'":
        j = s.find("'", j + 2)
    if j < 0:
        raise _Decline
    return j


def _key(s: str):
    """(key, index of its ":") when the line s is a "key:" line, None when it holds a value."""
    c = s[0]
    if c == '"' or c == "'":
        if c == '"':
            j = s.find('"', 1)
            if j < 0:
                raise _Decline
            key = s[1:j]
            if "\\" in key:
                raise _Decline
        else:
            j = _single_end(s)
            key = s[1:j].replace("''", "'")
        k = j + 1
        while s[k:k + 1] == " ":
            k += 1
        if s[k:k + 1] != ":":
            return None
        if k + 1 < len(s) and s[k + 1] != " ":
            raise _Decline
    elif c in _NOT_PLAIN_START:
        if c == "{" or c == "[" or (c == "-" and s[1:2] not in ("", " ")):
            return None
        raise _Decline
    else:
        k = s.find(": ")
        if k < 0:
            if s[-1] != ":":
                return None
            k = len(s) - 1
        h = s.find(" #")
        if 0 <= h < k:
            return None
        key = s[:k].rstrip(" ")
        if key == "<<":
            raise _Decline
    if k > _MAX_KEY:
        raise _Decline
    return key, k


def _value(v: str, col: int, n: int, keys: dict, depth: int, max_depth: int, lines, ind: int):
    """The scalar or flow collection written at v (column col, 0-based): (value, its nodes, lines it took beyond n)."""
    c = v[0]
    if c == '"':
        j = v.find('"', 1)
        if j < 0 or "\\" in v[1:j] or not _tail_ok(v, j + 1):
            raise _Decline
        return Scalar(v[1:j], "str", n, col + 1, True), 1, 0
    if c == "'":
        j = _single_end(v)
        if not _tail_ok(v, j + 1):
            raise _Decline
        return Scalar(v[1:j].replace("''", "'"), "str", n, col + 1, True), 1, 0
    if c == "{" or c == "[":
        if depth >= max_depth:
            raise _Decline
        return _flow(v, col, n, keys, lines, ind)
    if c in _NOT_PLAIN_START and (c != "-" or v[1:2] in ("", " ")):
        raise _Decline
    h = v.find(" #")
    text = (v if h < 0 else v[:h]).rstrip(" ")
    if ": " in text or text[-1] == ":":
        raise _Decline
    short = _SHORT.get(text) or resolve_plain(text)[1]
    if short is None:
        raise _Decline
    return Scalar(text, short, n, col + 1, False), 1, 0


def _next_line(v: str, pos: int, lines, ind: int):
    """The line a flow collection goes on to after a "," that ends v: (line, its indent).

    Only a break right after an entry's comma, onto a line indented deeper than
    the block holding the collection: no scalar ever spans lines here.
    """
    if v[pos - 1] != "," or v[pos:].strip(" "):
        raise _Decline
    line = next(lines, None)
    if line is None:
        raise _Decline
    s = line.lstrip(" ")
    if not s or s[0] == "#" or len(line) - len(s) <= ind:
        raise _Decline
    return line, len(line) - len(s)


def _flow(v: str, col: int, n: int, keys: dict, lines, ind: int):
    """A flow mapping or sequence of scalars at v[0] (column col, 0-based), on this line and maybe the next.

    The hottest loop of a report (its tables are rows of flow mappings), so
    mappings have a loop of their own, which makes an entry's value itself
    (what _flow_scalar makes for a sequence's items): the call and
    Scalar.__init__ were about 5 % of reading a report.
    """
    if v[0] == "[":
        return _flow_seq(v, col, n, lines, ind)
    out = Mapping()
    out.line = first = n
    rest = v[1:].lstrip(" ")
    pos = 1
    if rest[:1] == "}":
        pos = len(v) - len(rest) + 1
    else:
        match = _FLOW_ENTRY.match
        intern = keys.setdefault
        later = None                # keys written on the lines after the first
        while True:
            m = match(v, pos)
            if m is None:
                v, pos = _next_line(v, pos, lines, ind)
                col = 0
                n += 1
                if later is None:
                    later = {}
                continue
            kd, ks, kp, vd, vs, vp, end = m.groups()
            # _flow_scalar's Scalars, made here without a call and without
            # Scalar.__init__ (half the cost of each): 480,000 per 1,000 reports
            value = _new(Scalar)
            value.line = n
            if vd is not None:
                value.text = vd
                value.tag = "str"
                value.column = col + m.start(4)
                value.quoted = True
            elif vp is not None:
                short = _SHORT.get(vp) or resolve_plain(vp)[1]
                if short is None:
                    raise _Decline
                value.text = vp
                value.tag = short
                value.column = col + m.start(6) + 1
                value.quoted = False
            else:
                value.text = vs.replace("''", "'")
                value.tag = "str"
                value.column = col + m.start(5)
                value.quoted = True
            if kp is not None:
                if kp == "<<":
                    raise _Decline
                key = intern(kp, kp)
            elif kd is not None:
                key = intern(kd, kd)
            else:
                key = ks.replace("''", "'")
                key = intern(key, key)
            if key in out:          # a duplicate key: the event builder says where
                raise _Decline
            out[key] = value
            if later is not None:
                later[key] = n
            pos = m.end()
            if end == "}":
                break
        out.key_lines = dict.fromkeys(out, first)
        out.scalars_only = True     # a collection inside a flow collection declines
        if later:
            out.key_lines.update(later)
    if not _tail_ok(v, pos):
        raise _Decline
    return out, len(out) + 1, n - first


def _flow_scalar(m, vd, vs, vp, n: int, col: int) -> Scalar:
    """The value of one flow entry or item: double-quoted (group 4), single-quoted (5) or plain (6)."""
    if vd is not None:
        return Scalar(vd, "str", n, col + m.start(4), True)
    if vp is not None:
        short = _SHORT.get(vp) or resolve_plain(vp)[1]
        if short is None:
            raise _Decline
        return Scalar(vp, short, n, col + m.start(6) + 1, False)
    return Scalar(vs.replace("''", "'"), "str", n, col + m.start(5), True)


def _flow_seq(v: str, col: int, n: int, lines, ind: int):
    """_flow of a flow sequence."""
    out = Sequence()
    out.line = first = n
    rest = v[1:].lstrip(" ")
    pos = 1
    if rest[:1] == "]":
        pos = len(v) - len(rest) + 1
    else:
        match = _FLOW_ITEM.match
        while True:
            m = match(v, pos)
            if m is None:
                v, pos = _next_line(v, pos, lines, ind)
                col = 0
                n += 1
                continue
            _, _, _, vd, vs, vp, end = m.groups()
            out.append(_flow_scalar(m, vd, vs, vp, n, col))
            pos = m.end()
            if end == "]":
                break
    if not _tail_ok(v, pos):
        raise _Decline
    return out, len(out) + 1, n - first


def _put(cur, dash: bool, key, line: int, value) -> None:
    """The waiting value into its collection: an item after "-", else the value of key."""
    if dash:
        cur.append(value)
    else:
        cur[key] = value
        cur.key_lines[key] = line


def _read(text: str, max_nodes: int, max_depth: int):
    keys: dict[str, str] = {}      # one object for the same key text in row after row
    stack: list = []               # the enclosing (collection, indent, is mapping, is indentless) frames
    cur = None                     # the collection being read; None before the root
    cur_ind, cur_map, cur_indentless = -1, False, False
    root = None
    # The value waiting after "key:" or "-" with nothing behind it: a block on
    # the next lines, or an empty (null) scalar at the mark libyaml gives it.
    # The root is the value waiting at indent -1.
    pending, pend_ind, pend_dash, pend_key, pend_line, pend_col = True, -1, True, None, 0, 0
    used = 0
    n = 0
    lines = iter(text.split("\n"))
    for line in lines:
        n += 1
        s = line.lstrip(" ")
        if not s or s[0] == "#":
            continue
        ind = len(line) - len(s)
        item = s[0] == "-" and (len(s) == 1 or s[1] == " ")
        if ind == 0 and (s.startswith("---") or s.startswith("...")):
            raise _Decline
        if pending:
            pending = False
            if ind > pend_ind or (ind == pend_ind and item and not pend_dash):
                if len(stack) >= max_depth:
                    raise _Decline
                new = Sequence() if item else Mapping()
                new.line = n
                used += 1
                if cur is None:
                    root = new
                else:
                    _put(cur, pend_dash, pend_key, pend_line, new)
                stack.append((cur, cur_ind, cur_map, cur_indentless))
                cur, cur_ind, cur_map, cur_indentless = new, ind, not item, ind == pend_ind
            else:
                _put(cur, pend_dash, pend_key, pend_line, Scalar("", "null", pend_line, pend_col, False))
                used += 1
        while ind < cur_ind or (cur_indentless and ind == cur_ind and not item):
            cur, cur_ind, cur_map, cur_indentless = stack.pop()
        if ind != cur_ind or cur is None:
            raise _Decline
        col = ind
        if item:
            if cur_map:
                raise _Decline
            rest = s[1:].lstrip(" ")
            if not rest or rest[0] == "#":
                pending, pend_ind, pend_dash, pend_line, pend_col = True, ind, True, n, ind + 2
                continue
            col = ind + len(s) - len(rest)
            s = rest
            if s[0] == "{" or s[0] == "[":
                # a table row: what _key and _value would come to, without them
                if len(stack) >= max_depth:
                    raise _Decline
                value, nodes, more = _flow(s, col, n, keys, lines, ind)
                cur.append(value)
                used += nodes
                n += more
                continue
            found = _key(s)
            if found is None:
                value, nodes, more = _value(s, col, n, keys, len(stack), max_depth, lines, ind)
                cur.append(value)
                used += nodes
                n += more
                continue
            # "- key: ...": a mapping opens inside the item, at the key's column
            if len(stack) >= max_depth:
                raise _Decline
            new = Mapping()
            new.line = n
            used += 1
            cur.append(new)
            stack.append((cur, cur_ind, cur_map, cur_indentless))
            cur, cur_ind, cur_map, cur_indentless = new, col, True, False
        else:
            if not cur_map:
                raise _Decline
            m = _SIMPLE_LINE(s)
            if m is not None:
                # "key: value" at its plainest (most lines of a report): what
                # _key and _value would come to, in one match
                key, quoted, plain = m.groups()
                key = keys.setdefault(key, key)
                if key in cur:
                    raise _Decline
                if quoted is None:
                    short = _SHORT.get(plain) or resolve_plain(plain)[1]
                    if short is None:
                        raise _Decline
                    value = _scalar(plain, short, n, col + m.start(3) + 1, False)
                else:
                    value = _scalar(quoted, "str", n, col + m.start(2), True)
                cur[key] = value
                cur.key_lines[key] = n
                used += 1
                continue
            found = _key(s)
            if found is None:
                raise _Decline
        key, k = found
        key = keys.setdefault(key, key)
        if key in cur:
            raise _Decline
        v = s[k + 1:].lstrip(" ")
        if not v or v[0] == "#":
            pending, pend_ind, pend_dash, pend_key, pend_line, pend_col = True, col, False, key, n, col + k + 2
            continue
        value, nodes, more = _value(v, col + len(s) - len(v), n, keys, len(stack), max_depth, lines, cur_ind)
        cur[key] = value
        cur.key_lines[key] = n
        used += nodes
        n += more
    if pending:
        if cur is None:
            raise _Decline          # no document at all: the event builder says None
        _put(cur, pend_dash, pend_key, pend_line, Scalar("", "null", pend_line, pend_col, False))
        used += 1
    if used > max_nodes or root is None:
        raise _Decline
    return root
