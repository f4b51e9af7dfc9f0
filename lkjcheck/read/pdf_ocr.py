"""OCR of a PDF page without a text layer: Tesseract's Indonesian model, lines kept as lines.

Used only when the `[ocr]` extra and tesseract-ocr-ind are installed; the
figures it reads reach the number guards as printed, never repaired.
"""
from __future__ import annotations

from lkjcheck.read.pdf_page import _Line, _Page, _page_error

OCR_DPI = 300
OCR_LANG = "ind"


def _ocr_engine():
    """pytesseract, when it and Tesseract's Indonesian model are installed."""
    try:
        import pytesseract
    except ImportError:
        return None
    try:
        if OCR_LANG not in pytesseract.get_languages(config=""):
            return None
    except Exception:  # tesseract binary missing or broken
        return None
    return pytesseract


def _without_rules(image):
    """The page image with the ruling lines of its tables whitened: Tesseract
    reads a ruled table as noise, and the same rows without rules as lines."""
    import numpy as np
    from PIL import Image

    pixels = np.asarray(image)
    dark = pixels < 200
    longest = int(OCR_DPI * 0.25)          # a quarter inch: longer than any stroke of a letter
    mask = _long_runs(dark, longest) | _long_runs(dark.T, longest).T
    mask[1:] |= mask[:-1]
    mask[:, 1:] |= mask[:, :-1]
    out = pixels.copy()
    out[mask] = 255
    return Image.fromarray(out)


def _long_runs(dark, length: int):
    """Pixels on a vertical run of dark pixels at least ``length`` long."""
    import numpy as np

    run = np.zeros(dark.shape[1], np.int32)
    runs = np.empty(dark.shape, np.int32)
    for i in range(dark.shape[0]):
        run = (run + 1) * dark[i]
        runs[i] = run
    out = np.zeros(dark.shape, bool)
    flag = np.zeros(dark.shape[1], bool)
    for i in range(dark.shape[0] - 1, -1, -1):
        flag = dark[i] & ((runs[i] >= length) | flag)
        out[i] = flag
    return out


def _ocr_page(engine, image, p: _Page, display: str) -> None:
    try:
        # psm 6: the page as one block of lines, so that the cells of a table
        # row stay on one line instead of becoming separate columns of text.
        data = engine.image_to_data(image, lang=OCR_LANG, config="--psm 6",
                                    output_type=engine.Output.DICT, timeout=120)
    except RuntimeError:
        raise _page_error(display, "read.page_ocr_timed_out", number=p.number)
    except Exception as e:
        raise _page_error(display, "read.page_ocr_failed", number=p.number, error=type(e).__name__)
    scale = 72 / OCR_DPI
    words: dict[tuple, list] = {}
    for k, text in enumerate(data["text"]):
        if text and text.strip():
            key = (data["block_num"][k], data["par_num"][k], data["line_num"][k])
            words.setdefault(key, []).append((data["left"][k], data["top"][k], data["width"][k], data["height"][k], text.strip()))
    lines = []
    for ws in words.values():
        ws.sort()
        height = sorted(w[3] for w in ws)[len(ws) // 2] or 1
        parts = [ws[0][4]]
        for prev, w in zip(ws, ws[1:]):
            parts.append("\t" if w[0] - (prev[0] + prev[2]) > 2.5 * height else " ")
            parts.append(w[4])
        top = min(w[1] for w in ws) * scale
        bottom = max(w[1] + w[3] for w in ws) * scale
        lines.append(_Line(top, bottom, ws[0][0] * scale, "".join(parts)))
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    for n, ln in enumerate(lines, 1):
        ln.number = n
    p.height = image.height * scale
    p.lines = lines
    p.all_tops = [ln.top for ln in lines]
    p.ocr = True
    p.textless = False
