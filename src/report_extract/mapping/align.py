"""Monotonic alignment of printed rows to a template's rows.

Reports print the official rows in the official order, so each printed row is
matched by meaning (label similarity) *and* by position: a dynamic programme
picks the order-preserving assignment with the best total similarity. This is
what lets a row with lost glyphs, or a bare ``3.其他``, land on the right key.
"""
from __future__ import annotations

from .labels import best_match

THRESHOLD = 0.6


def align(labels: list[str], template: list[list[str]], threshold: float = THRESHOLD) -> dict[int, tuple[int, float]]:
    """Map printed row index -> (template row index, similarity)."""
    n, m = len(labels), len(template)
    sim = [[best_match(labels[i], template[j]) for j in range(m)] for i in range(n)]
    # best[i][j]: best score using printed rows < i and template rows < j
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            cands = []
            if i > 0:
                cands.append((best[i - 1][j], 1))  # printed row unmatched
            if j > 0:
                cands.append((best[i][j - 1], 2))  # template row unmatched
            if i > 0 and j > 0 and sim[i - 1][j - 1] >= threshold:
                cands.append((best[i - 1][j - 1] + sim[i - 1][j - 1], 3))
            # ties resolved by preference order: match, then skip template, then skip printed
            score, mv = max(cands, key=lambda t: (round(t[0], 9), t[1]))
            best[i][j], move[i][j] = score, mv
    out: dict[int, tuple[int, float]] = {}
    i, j = n, m
    while i > 0 or j > 0:
        mv = move[i][j]
        if mv == 3:
            out[i - 1] = (j - 1, sim[i - 1][j - 1])
            i, j = i - 1, j - 1
        elif mv == 1:
            i -= 1
        else:
            j -= 1
    return out
