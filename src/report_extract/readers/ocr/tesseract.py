"""The only module that calls Tesseract (through pytesseract): words with boxes and confidences.

Tesseract runs as a child process per call, single-threaded
(``OMP_THREAD_LIMIT=1``: batch already runs one document per core, and the
output is then the same on every run), and each call has a time limit.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import numpy as np

from .settings import OcrSettings


class OcrFailed(Exception):
    """Tesseract could not read an image (it crashed, timed out, or is not installed)."""


@dataclass
class Word:
    text: str
    conf: float  # 0..1
    left: int  # pixels in the image given to Tesseract
    top: int
    width: int
    height: int
    line: tuple[int, int, int]  # (block, paragraph, line) numbers: words of one printed line share it

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


def _pytesseract(settings: OcrSettings):
    import pytesseract

    pytesseract.pytesseract.tesseract_cmd = settings.tesseract
    return pytesseract


@lru_cache(maxsize=4)
def _probe(cmd: str) -> tuple[Optional[str], tuple[str, ...], Optional[str]]:
    """(version, languages, why not usable) of one tesseract binary."""
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        return None, (), "pytesseract is not installed (from the checkout: pip install -e '.[ocr]')"
    pt = _pytesseract(OcrSettings(tesseract=cmd))
    try:
        version = str(pt.get_tesseract_version()).split()[0]
        langs = tuple(pt.get_languages(config=""))
    except Exception as e:  # TesseractNotFoundError, OSError, a broken install
        return None, (), f"tesseract is not installed ({type(e).__name__}); apt-get install tesseract-ocr tesseract-ocr-chi-sim"
    return version, langs, None


def unavailable(settings: OcrSettings) -> Optional[str]:
    """Why OCR cannot run here, or None when it can."""
    version, langs, why = _probe(settings.tesseract)
    if why:
        return why
    missing = [lang for lang in (settings.label_lang, settings.digit_lang) if lang not in langs]
    if missing:
        return f"tesseract has no {'/'.join(missing)} language data (apt-get install tesseract-ocr-chi-sim)"
    return None


def method(settings: OcrSettings) -> str:
    """The provenance name of values read by OCR: ``ocr:tesseract-<version>``."""
    return f"ocr:tesseract-{_probe(settings.tesseract)[0]}"


def read_words(image: np.ndarray, settings: OcrSettings, lang: str, psm: int, chars: Optional[str] = None,
               dpi: Optional[int] = None) -> list[Word]:
    """Words Tesseract finds in a grey image (255 = paper), in reading order."""
    pt = _pytesseract(settings)
    config = f"--psm {psm} --dpi {dpi or settings.dpi} -c preserve_interword_spaces=1"
    if chars:
        config += f" -c tessedit_char_whitelist={chars}"
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        data = pt.image_to_data(image, lang=lang, config=config, output_type=pt.Output.DICT,
                                timeout=settings.call_timeout)
    except Exception as e:  # RuntimeError on timeout, TesseractError on a crash
        raise OcrFailed(f"{type(e).__name__}: {str(e).strip()[:120]}") from None
    out = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        out.append(Word(text, conf / 100.0, int(data["left"][i]), int(data["top"][i]), int(data["width"][i]),
                        int(data["height"][i]), (int(data["block_num"][i]), int(data["par_num"][i]),
                                                 int(data["line_num"][i]))))
    return out
