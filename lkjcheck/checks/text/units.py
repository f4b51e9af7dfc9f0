"""Bounded pieces of a report text: paragraphs (for regex work) and sentences (for claims).

Every check searches one unit at a time, never the whole document, so the work
is linear in the document's length and a time budget can be given per unit: a
40 MB text costs about forty times a 1 MB one, and no correct rule runs out of
time because the document is large.

The sentence segmenter is written for Indonesian report prose rather than
taken from a library: the maintained segmenters on offer (pysbd, Punkt) have
no Indonesian model, and the cases that matter here are local conventions —
abbreviations such as "s.d.", "Rp.", "No.", "Kab.", "dll." and figures such
as "89.57" or "Rp.\\n2.405" broken at the end of a line. It is a single pass
over the characters; no regex sees more than one paragraph.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from lkjcheck.read.textdoc import offset_array

# A paragraph longer than this is cut at the last line break (or space) before
# the limit, so one unit never holds more than this many characters. A real
# paragraph is a few hundred characters; the limit only matters for text that
# has no blank lines at all (a converted table, a hostile file).
MAX_UNIT = 20_000
# A sentence longer than this is cut too: claims are short, and the grammar's
# patterns are then bounded by the sentence, not by the text.
MAX_SENTENCE = 1_500

# Words that end with a dot without ending the sentence (lower case, without
# the final dot). The rule file may add more (`abbreviations:`).
ABBREVIATIONS = frozenset("""
s.d s/d sd a.n u.p u.b dll dsb dst dkk tsb ybs yth rp no nomor kab kec kel prov kot jl jln tel telp hp
drs dr ir prof h hj st sh se mm mt msi mpd spd skm amd s.h s.e s.pd s.sos s.kom m.si m.m m.pd m.kes m.t
nip nrp nik tgl thn bln hal vol kpts kep perpres permen pp uu ri pt cv tbk bab ps psl ayat
""".split())


@dataclass(frozen=True)
class Unit:
    start: int          # offset of the unit in the document text
    text: str


def paragraphs(text: str, limit: int = MAX_UNIT):
    """Units of at most ``limit`` characters that end at a blank line when the text has one."""
    for start, end in paragraph_bounds(text, limit):
        yield Unit(start, text[start:end])


def paragraph_bounds(text: str, limit: int = MAX_UNIT):
    """(start, end) of each of ``paragraphs``: they tile the text, each unit starting where the last ended."""
    n, pos = len(text), 0
    while pos < n:
        end = text.find("\n\n", pos, pos + limit + 1)
        if end < 0:
            end = pos + limit if pos + limit < n else n
            if end < n:
                cut = text.rfind("\n", pos + limit // 2, end)
                if cut < 0:
                    cut = text.rfind(" ", pos + limit // 2, end)
                if cut > pos:
                    end = cut
        else:
            # The blank lines belong to the unit they close, so a pattern that
            # looks for a paragraph end ("\n\n") still finds it.
            while end < n and text[end] in "\n \t":
                end += 1
        yield pos, end
        pos = end


class Spans:
    """The paragraph units of a text as (start, end) pairs, held as one array of starts.

    Units tile the text, so a unit ends where the next begins; a list of tuples
    cost about 120 bytes a unit, and one-word paragraphs make a unit every three
    characters.
    """

    __slots__ = ("starts", "end")

    def __init__(self, text: str, limit: int = MAX_UNIT):
        n = len(text)
        self.starts = offset_array(n, (s for s, _ in paragraph_bounds(text, limit)))
        self.end = n

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i: int) -> tuple[int, int]:
        starts = self.starts
        n = len(starts)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
        return starts[i], (starts[i + 1] if i + 1 < n else self.end)

    def __iter__(self):
        starts = self.starts
        yield from zip(starts, starts[1:])
        if starts:
            yield starts[-1], self.end


_STOP = re.compile(r"[.!?]|\n(?=\n)")


class Sentence:
    """One sentence: its span in the document and its text on one line.

    The text is made when asked for, from the document text the sentence points
    into, so a list of all the sentences of a large report does not hold a
    second copy of the report.
    """

    __slots__ = ("start", "end", "offsets", "length", "_text", "_src")

    def __init__(self, start: int, end: int, text: str | None, offsets: tuple, src: str | None = None,
                 length: int | None = None):
        self.start = start              # offset in the document text
        self.end = end
        # breakpoints (i, offset): text[i:] starts at that document offset; () = the document's own text
        self.offsets = offsets
        self._text, self._src = text, src
        self.length = len(text) if text is not None else (length if length is not None else end - start)

    @property
    def text(self) -> str:
        """One line: breaks inside the sentence joined, figures broken at a line end rejoined."""
        if self._text is not None:
            return self._text
        raw = self._src[self.start:self.end]
        return _normalise(raw, self.start)[0] if self.offsets else raw

    def doc_offset(self, i: int) -> int:
        i = min(max(i, 0), max(self.length - 1, 0))
        if not self.offsets:            # nothing was joined: the text is the document's own
            return self.start + i
        k = bisect.bisect_right(self.offsets, (i, float("inf"))) - 1
        at, off = self.offsets[k]
        return off + (i - at)

    def __repr__(self) -> str:
        return f"Sentence({self.start}, {self.end}, {self.text!r})"


def _word_before(text: str, i: int) -> str:
    """The word ending just before position ``i`` (the dot at ``i`` excluded), lower case."""
    j = i
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "./"):
        j -= 1
        if i - j > 12:
            break
    return text[j:i].lower().strip(".")


def _ends_here(text: str, i: int, abbreviations) -> bool:
    """Does the stop at ``text[i]`` end a sentence?"""
    n = len(text)
    nxt = i + 1
    if nxt < n and not text[nxt].isspace():
        # "… kategori Baik .Angka Kematian …": a stop set off by a space before a
        # capitalised word is a sentence end that lost its space to OCR.
        return (i > 0 and text[i - 1] == " " and text[nxt].isupper() and nxt + 1 < n and text[nxt + 1].islower())
        # otherwise "89.57", "s.d", "M.PANRB", "dll.)" do not end a sentence
    k = nxt
    while k < n and text[k] in " \t":
        k += 1
    if k < n and text[k] == "\n":
        k2 = k + 1
        while k2 < n and text[k2] in " \t":
            k2 += 1
        if k2 < n and text[k2] == "\n":
            return True                   # a blank line ends it whatever precedes
        k = k2
    if k >= n:
        return True
    if (i > 0 and text[i - 1].isdigit() and "\n" in text[nxt:k] and text[k:k + 3].isdigit()
            and (k + 3 >= n or not text[k + 3].isdigit())):
        return False                      # "Rp 12.450.\n000": a figure broken at the line end
    if text[i] != ".":
        return text[k].isupper() or text[k].isdigit() or text[k] in "\"'“("
    word = _word_before(text, i)
    if word in abbreviations or (len(word) == 1 and word.isalpha()):
        return False                      # "Rp. 5", "s.d. Desember", "Ir. Adi", initials
    if word.isdigit() and len(word) <= 2 and text[k].isdigit():
        return False                      # list numbers "1. 2." are not sentence ends we need
    # A sentence starts with a capital, a digit or a quote; a stop before a
    # lower-case word is an abbreviation we do not know, or OCR noise.
    return text[k].isupper() or text[k].isdigit() or text[k] in "\"'“(•-"


_BREAK = re.compile(r"[ \t\r]*[\n\t\r][ \t\r\n]*")
_BROKEN_FIGURE = re.compile(r"\d[.,]$")


def _normalise(text: str, base: int) -> tuple[str, tuple]:
    """Join the lines of a sentence; rejoin a figure broken at a line end ("12.450.\\n000").

    Returns the joined text and its offset map as breakpoints ((i, offset), ...):
    from text[i] on, characters sit at offset + (position − i) in the document.
    """
    joined, marks, _ = _join(text, base)
    return joined, marks


def _join(text: str, base: int) -> tuple[str, tuple, bool]:
    """``_normalise``, and whether its last line break was closed up (a broken figure rejoined)."""
    if "\n" not in text and "\t" not in text and "\r" not in text:
        return text, (), False
    parts, marks, pos, length, joined = [], [(0, base)], 0, 0, False
    for m in _BREAK.finditer(text):
        piece = text[pos:m.start()]
        parts.append(piece)
        length += len(piece)
        joined = bool("\n" in m.group() and _BROKEN_FIGURE.search(piece) and text[m.end():m.end() + 3].isdigit())
        if not joined:
            parts.append(" ")
            length += 1
        marks.append((length, base + m.end()))
        pos = m.end()
    parts.append(text[pos:])
    return "".join(parts), tuple(marks), joined


def sentences(unit: Unit, abbreviations=ABBREVIATIONS, limit: int = MAX_SENTENCE):
    """The sentences of one paragraph unit, in order."""
    text, n = unit.text, len(unit.text)
    start = 0
    i = 0
    while i < n:
        # Jump to the next place a sentence could end; the scan itself runs in C.
        m = _STOP.search(text, i, min(n, start + limit + 1))
        if m is None:
            if start + limit >= n:
                break
            i = start + limit
            c = ""
        else:
            i = m.start()
            c = text[i]
        cut = False
        if c and c in ".!?" and _ends_here(text, i, abbreviations):
            end = i + 1
            cut = True
        elif c == "\n" and i + 1 < n and text.find("\n", i + 1, i + 2) >= 0:
            end = i
            cut = True
        elif i - start >= limit:
            sp = text.rfind(" ", start + limit // 2, i)
            end = sp if sp > start else i
            cut = True
        if cut:
            piece = text[start:end]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                s = unit.start + start + lead
                norm, offs = _normalise(piece.strip(), s)
                yield Sentence(s, unit.start + start + len(piece.rstrip()), norm, offs)
            start = end
            i = end if end > i else i + 1
            continue
        i += 1
    piece = text[start:]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        s = unit.start + start + lead
        norm, offs = _normalise(piece.strip(), s)
        yield Sentence(s, unit.start + start + len(piece.rstrip()), norm, offs)


def _continues(prev: "_Chain", nxt: Sentence, text: str) -> bool:
    """Is ``nxt`` the rest of ``prev``, cut by a blank line that PDF conversion put inside a sentence?

    A sentence that stops without a stop, a colon or a semicolon and a paragraph
    that begins in lower case or with a figure ("… dibagikan dengan target
    sebesar⏎⏎0,16% …") is one sentence; a heading ends with no stop too, but the
    text after it begins with a capital. (A sentence's text begins and ends with
    the first and last character of its span: its ends are stripped.)
    """
    if text[prev.end - 1] in ".!?:;" or text[prev.start] == "#":
        return False
    first = nxt.text[0]
    return (first.islower() or first.isdigit() or first == "(") and prev.length + nxt.length < 2 * MAX_SENTENCE


def _chains(text: str, abbreviations):
    """The sentences of a document as chains (a sentence and the paragraphs that continue it)."""
    chain: _Chain | None = None
    for unit in paragraphs(text):
        first = True
        for sent in sentences(unit, abbreviations):
            if first and chain is not None and _continues(chain, sent, text):
                chain.extend(sent, text)
            else:
                if chain is not None:
                    yield chain
                chain = _Chain(sent)
            first = False
    if chain is not None:
        yield chain


def document_sentences(text: str, abbreviations=ABBREVIATIONS):
    """The sentences of a document; each keeps a reference to ``text``, not a copy of its part."""
    for chain in _chains(text, abbreviations):
        yield chain.sentence(text)


class SentenceTable:
    """The sentences of a document, held as arrays; a ``Sentence`` is made when one is read.

    A list of Sentence objects cost about 200 bytes a sentence (the object, its
    ints, its offset map as tuples), and a text of one-word paragraphs has a
    sentence every three characters: 40 MB of it would have held gigabytes.
    Here a sentence is its start, its end and where its offset map begins in
    two shared arrays (the map's breakpoints), about 12 bytes plus 8 a
    breakpoint. Its length is the map's last breakpoint plus the characters
    after it. Indexing, slicing and iterating give the same Sentences the
    list held; ``starts`` and ``ends`` are the sentences' offsets, in order.
    """

    __slots__ = ("text", "starts", "ends", "first_mark", "mark_at", "mark_offset")

    def __init__(self, text: str, abbreviations=ABBREVIATIONS):
        n = len(text)
        self.text = text
        self.starts, self.ends, self.first_mark = offset_array(n), offset_array(n), offset_array(n, (0,))
        self.mark_at, self.mark_offset = offset_array(n), offset_array(n)
        for chain in _chains(text, abbreviations):
            self.starts.append(chain.start)
            self.ends.append(chain.end)
            for at, off in chain.offsets():
                self.mark_at.append(at)
                self.mark_offset.append(off)
            self.first_mark.append(len(self.mark_at))

    def __len__(self) -> int:
        return len(self.starts)

    def _make(self, k: int) -> Sentence:
        start, end = self.starts[k], self.ends[k]
        a, b = self.first_mark[k], self.first_mark[k + 1]
        if a == b:
            return Sentence(start, end, None, (), src=self.text, length=end - start)
        at, off = self.mark_at, self.mark_offset
        return Sentence(start, end, None, tuple(zip(at[a:b], off[a:b])), src=self.text,
                        length=at[b - 1] + end - off[b - 1])

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self._make(i) for i in range(*k.indices(len(self.starts)))]
        n = len(self.starts)
        if k < 0:
            k += n
        if not 0 <= k < n:
            raise IndexError(k)
        return self._make(k)

    def __iter__(self):
        make = self._make
        for k in range(len(self.starts)):
            yield make(k)


class _Chain:
    """A sentence and the paragraphs that continue it, normalised one piece at a time.

    Normalising the whole span again at each join made a text of many one-word
    paragraphs ("x\\n\\nx\\n\\n…") quadratic. A line break's fate depends only
    on the piece before it and the three characters after it, so a join
    re-normalises from the chain's last break on; the one earlier decision the
    join can change is that last break's, when its three characters ran into
    the chain's end. The joined text itself is made when asked for, from the span.
    """

    __slots__ = ("start", "end", "marks", "own", "length", "tail", "tail_joined")

    def __init__(self, sent: Sentence):
        self.start, self.end, self.length = sent.start, sent.end, sent.length
        self.own = sent.offsets                # the first sentence's map, while it is alone
        self.marks: list | None = None         # None until the first join: then the chain's map
        self.tail, self.tail_joined = sent.start, False

    def extend(self, sent: Sentence, text: str) -> None:
        if self.marks is None:
            _, marks, self.tail_joined = _join(text[self.start:self.end], self.start)
            self.marks = list(marks) or [(0, self.start)]
            self.tail = self.marks[-1][1]
        at, tail = self.marks[-1]
        if self.tail_joined and tail + 3 > self.end:
            # "…5,⏎1" then a blank line: the digits after the break are now followed
            # by the blank line, not by more digits, so the break is a space after all.
            at += 1
            self.marks[-1] = (at, tail)
        _, marks, joined = _join(text[tail:sent.end], tail)
        if marks:
            self.marks.extend((i + at, off) for i, off in marks[1:])
            self.tail, self.tail_joined = marks[-1][1], joined
        self.end = sent.end
        # After the last break the normalised text is the span's own characters.
        self.length = self.marks[-1][0] + (self.end - self.marks[-1][1])

    def offsets(self) -> tuple:
        if self.marks is None:
            return self.own
        return tuple(self.marks) if len(self.marks) > 1 else ()

    def sentence(self, text: str) -> Sentence:
        return Sentence(self.start, self.end, None, self.offsets(), src=text, length=self.length)
