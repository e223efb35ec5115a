"""A PDF page as a clean, upright, binarised image (pypdfium2 + OpenCV).

Order matters: colour ink (seals, pen) is removed while colour is still known (a red seal
printed over the signature would otherwise read as a paragraph of noise and
hide the print under it), then the page is binarised (Otsu after a light
blur, so JPEG ringing and sensor noise do not become ink) and deskewed (the
angle that makes the rows of ink sharpest, searched on a small copy).
Coordinates stay in the rendered page's frame: pixel / ``scale`` = PDF points.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .settings import OcrSettings


@dataclass
class PageImage:
    number: int  # 1-based page
    gray: np.ndarray  # uint8, 255 = paper, stamp ink removed, deskewed
    ink: np.ndarray  # uint8 mask, 255 = ink (print), deskewed
    scale: float  # pixels per PDF point
    width: float  # page size in points
    height: float
    skew: float  # degrees the scan was turned back by

    def to_points(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        s = self.scale
        return (x0 / s, y0 / s, x1 / s, y1 / s)


def render(pdf, index: int, settings: OcrSettings) -> tuple[np.ndarray, float, float]:
    """Page ``index`` (0-based) of an open pypdfium2 document as RGB pixels, and its size in points."""
    page = pdf[index]
    try:
        width, height = page.get_size()
        bitmap = page.render(scale=settings.scale)
        try:
            rgb = np.asarray(bitmap.to_pil().convert("RGB"))
        finally:
            bitmap.close()
    finally:
        page.close()
    return np.ascontiguousarray(rgb), float(width), float(height)


def drop_colour_ink(rgb: np.ndarray, settings: OcrSettings) -> np.ndarray:
    """Grey page with coloured ink (red seals, blue pen signatures, highlighter) turned into paper.

    Reports are printed in black; colour on a scan is what was added to the
    paper afterwards. Ink multiplies: where a red seal covers print, the red
    channel still shows the print (dark) and the seal alone (light), so a
    coloured pixel takes its brightest channel.
    """
    hi = rgb.max(axis=2)
    chroma = hi.astype(np.int16) - rgb.min(axis=2)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    colour = chroma > settings.colour_margin
    gray[colour] = hi[colour]
    return gray


def binarise(gray: np.ndarray) -> np.ndarray:
    blur = cv2.GaussianBlur(gray, (3, 3), 0)
    _, ink = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


def _sharpness(small: np.ndarray, angle: float) -> float:
    h, w = small.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rot = cv2.warpAffine(small, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = rot.sum(axis=1, dtype=np.float64)
    return float(np.var(np.diff(rows)))


def skew_angle(ink: np.ndarray, settings: OcrSettings) -> float:
    """Degrees to turn the page by so that its lines of print are level (0 when it has little ink)."""
    h, w = ink.shape
    f = min(1.0, 900.0 / max(h, w))
    small = cv2.resize(ink, (int(w * f), int(h * f)), interpolation=cv2.INTER_AREA)
    if cv2.countNonZero(small) < 0.002 * small.size:
        return 0.0
    coarse = np.arange(-settings.max_skew, settings.max_skew + 1e-9, 0.25)
    best = max(coarse, key=lambda a: _sharpness(small, float(a)))
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, settings.skew_step)
    best = max(fine, key=lambda a: _sharpness(small, float(a)))
    return round(float(best), 3)


def rotate(img: np.ndarray, angle: float, fill: int) -> np.ndarray:
    if abs(angle) < 1e-3:
        return img
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill)


def page_image(pdf, index: int, settings: OcrSettings) -> PageImage:
    """Render, drop stamp ink, binarise and deskew page ``index`` (0-based) of an open pypdfium2 document."""
    rgb, width, height = render(pdf, index, settings)
    gray = drop_colour_ink(rgb, settings)
    del rgb
    angle = skew_angle(binarise(gray), settings)
    gray = rotate(gray, angle, 255)
    return PageImage(number=index + 1, gray=gray, ink=binarise(gray), scale=settings.scale, width=width,
                     height=height, skew=angle)
