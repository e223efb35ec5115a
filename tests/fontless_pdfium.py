"""Run as a script: extract PDFs on the PDFium route as a machine without any font installed would.

    python tests/fontless_pdfium.py FILE.pdf ...   # one JSON line per file: {"path", "report"|"error"}

PDFium looks up fonts a PDF does not embed among the machine's fonts (on Linux
by scanning /usr/share/fonts); an empty system font info (FPDF_SetSystemFontInfo)
makes it find none, as on a bare container. This must happen before any font
is loaded, so it runs in a process of its own.
"""
from __future__ import annotations

import ctypes
import json
import os
import sys


def no_system_fonts():
    """Install a system font info that knows no font; the returned object must be kept alive."""
    import pypdfium2  # noqa: F401  (initialises the library)
    import pypdfium2.raw as raw

    kinds = dict(raw.FPDF_SYSFONTINFO._fields_)
    info = raw.FPDF_SYSFONTINFO()
    info.version = 1
    nothing = {"Release": None, "EnumFonts": None, "MapFont": None, "GetFont": None, "GetFontData": 0,
               "GetFaceName": 0, "GetFontCharset": 0, "DeleteFont": None}
    for name, result in nothing.items():
        setattr(info, name, kinds[name](lambda *args, _r=result: _r))
    raw.FPDF_SetSystemFontInfo(ctypes.byref(info))
    return info


def main(paths: list[str]) -> None:
    _info = no_system_fonts()  # alive until the process leaves
    from report_extract import extract
    from report_extract.model import ReaderError

    for path in paths:
        try:
            out = {"path": path, "report": extract(path, pdf_engine="pdfium", narrative=False).to_json()}
        except ReaderError as e:
            out = {"path": path, "error": e.kind}
        print(json.dumps(out, ensure_ascii=False))
    sys.stdout.flush()
    # PDFium calls the font info's Release when the library is destroyed at exit, after Python has
    # begun to free the callbacks: leave without that
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
