"""A compact Unicode bidirectional algorithm (UAX #9) for one line of printed text.

ReportLab's own bidi support needs ``rlbidi``, which is not on PyPI, so the printing layer
orders text itself and lets HarfBuzz shape each directional run (see ``printing/text.py``).

What is implemented: the weak-type rules W1-W7, the neutral rules N0 (for the ASCII bracket
pairs), N1 and N2, the implicit levels
I1-I2 and the reordering rule L2, for a line whose base direction the caller knows (the
document's language). Explicit embeddings and isolates (LRE, RLO, LRI, PDI ...) are not
interpreted: they are dropped like other boundary-neutral characters. LRM/RLM/ALM count as
strong marks and are removed from the output. That covers what documents print: Persian text
with numbers, dates, codes and Latin words inside, and Latin text with the odd Persian name.

Mirroring of brackets in right-to-left runs is left to HarfBuzz, which mirrors when it shapes
a run with direction ``rtl``.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Bidi control characters: marks (kept as strong types while resolving, dropped afterwards)
# and explicit embeddings/isolates (not interpreted, dropped).
_MARKS = {"\u200e": "L", "\u200f": "R", "\u061c": "AL"}
_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_STRIP = frozenset(_MARKS) | _CONTROLS
_NEUTRAL = frozenset({"B", "S", "WS", "ON"})
_OPENING = {"(": ")", "[": "]", "{": "}"}
_CLOSING = frozenset(_OPENING.values())

Run = tuple[str, bool]  # (text in logical order, right-to-left?)


def _first_strong_rtl(text: str) -> bool | None:
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return None


def base_is_rtl(text: str, default: bool) -> bool:
    """Rule P2/P3: the direction of the first strong character, else ``default``."""
    found = _first_strong_rtl(text)
    return default if found is None else found


def needs_bidi(text: str) -> bool:
    """True if the text holds right-to-left characters or bidi controls."""
    return any(ch in _STRIP or unicodedata.bidirectional(ch) in ("R", "AL", "AN") for ch in text)


def _resolve_types(text: str, rtl: bool) -> list[str]:
    sos = "R" if rtl else "L"
    types: list[str] = []
    for ch in text:
        if ch in _MARKS:
            types.append(_MARKS[ch])
        elif ch in _CONTROLS:
            types.append("BN")
        else:
            types.append(unicodedata.bidirectional(ch) or "L")
    n = len(types)

    # W1: non-spacing marks (and boundary neutrals such as ZWNJ) take the type before them.
    prev = sos
    for i, t in enumerate(types):
        if t in ("NSM", "BN"):
            types[i] = prev
        else:
            prev = t
    # W2: European numbers after Arabic letters become Arabic numbers. W3: AL -> R.
    last_strong = sos
    for i, t in enumerate(types):
        if t in ("L", "R", "AL"):
            last_strong = t
        elif t == "EN" and last_strong == "AL":
            types[i] = "AN"
    types = ["R" if t == "AL" else t for t in types]
    # W4: a single separator between two numbers of the same kind joins them.
    for i in range(1, n - 1):
        t = types[i]
        before, after = types[i - 1], types[i + 1]
        if t == "ES" and before == after == "EN":
            types[i] = "EN"
        elif t == "CS" and before == after and before in ("EN", "AN"):
            types[i] = before
    # W5: terminators (%, currency signs) next to European numbers become numbers.
    i = 0
    while i < n:
        if types[i] == "ET":
            j = i
            while j < n and types[j] == "ET":
                j += 1
            if (i > 0 and types[i - 1] == "EN") or (j < n and types[j] == "EN"):
                for k in range(i, j):
                    types[k] = "EN"
            i = j
        else:
            i += 1
    # W6: remaining separators and terminators are neutral.
    types = ["ON" if t in ("ES", "ET", "CS") else t for t in types]
    # W7: European numbers after a left-to-right letter are left-to-right.
    last_strong = sos
    for i, t in enumerate(types):
        if t in ("L", "R"):
            last_strong = t
        elif t == "EN" and last_strong == "L":
            types[i] = "L"
    # N0: a bracket pair takes the direction of what it encloses and of what precedes it.
    _resolve_brackets(text, types, sos)
    # N1/N2: runs of neutrals take the direction around them, or the base direction.
    i = 0
    while i < n:
        if types[i] in _NEUTRAL:
            j = i
            while j < n and types[j] in _NEUTRAL:
                j += 1
            before = sos if i == 0 else ("L" if types[i - 1] == "L" else "R")
            after = sos if j == n else ("L" if types[j] == "L" else "R")
            fill = before if before == after else sos
            for k in range(i, j):
                types[k] = fill
            i = j
        else:
            i += 1
    return types


def _strong(t: str) -> str | None:
    """The strong direction of a resolved type for N0/N1 (numbers count as right-to-left)."""
    if t == "L":
        return "L"
    if t in ("R", "EN", "AN"):
        return "R"
    return None


def _resolve_brackets(text: str, types: list[str], sos: str) -> None:
    """Rule N0 for the ASCII bracket pairs: without it "جریمه (ماده ۱۰۰)" in a left-to-right
    line would show its closing bracket on the wrong side."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if types[i] != "ON":
            continue
        if ch in _OPENING:
            if len(stack) >= 63:
                break
            stack.append((_OPENING[ch], i))
        elif ch in _CLOSING:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    for start, end in sorted(pairs):
        inside = {_strong(t) for t in types[start + 1 : end]} - {None}
        if not inside:
            continue
        if sos in inside:
            direction = sos
        else:
            direction = sos
            for k in range(start - 1, -2, -1):
                before = sos if k < 0 else _strong(types[k])
                if before is not None:
                    direction = before
                    break
        types[start] = types[end] = direction


@lru_cache(maxsize=8192)
def visual_runs(text: str, rtl: bool) -> tuple[Run, ...]:
    """Split one line into directional runs, in visual order (left to right on the page).

    Each run's text stays in logical order; a run marked right-to-left is drawn reversed
    (HarfBuzz does that when it shapes it with direction ``rtl``). Bidi marks are removed.
    """
    if not text:
        return ()
    if not rtl and not needs_bidi(text):
        return ((text, False),)
    types = _resolve_types(text, rtl)
    base = 1 if rtl else 0
    levels: list[int] = []
    for t in types:
        if base == 0:
            levels.append(0 if t == "L" else 1 if t == "R" else 2)
        else:
            levels.append(1 if t == "R" else 2)
    # L1: whitespace at the end of the line goes back to the base level.
    k = len(text) - 1
    while k >= 0 and text[k].isspace():
        levels[k] = base
        k -= 1
    # Group into runs of equal level, dropping bidi controls.
    runs: list[tuple[int, str]] = []
    buf: list[str] = []
    level = levels[0]
    for ch, lv in zip(text, levels, strict=True):
        if lv != level:
            if buf:
                runs.append((level, "".join(buf)))
            buf, level = [], lv
        if ch not in _STRIP:
            buf.append(ch)
    if buf:
        runs.append((level, "".join(buf)))
    if not runs:
        return ()
    # L2: from the highest level down to the lowest odd level, reverse every sequence of runs
    # at that level or above.
    highest = max(lv for lv, _ in runs)
    lowest_odd = min((lv for lv, _ in runs if lv % 2), default=highest + 1)
    for target in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(runs):
            if runs[i][0] >= target:
                j = i
                while j < len(runs) and runs[j][0] >= target:
                    j += 1
                runs[i:j] = runs[i:j][::-1]
                i = j
            else:
                i += 1
    return tuple((s, lv % 2 == 1) for lv, s in runs)


def visual_text(text: str, rtl: bool) -> str:
    """The characters of a line in visual order (for tests and plain-text output; no mirroring)."""
    return "".join(s[::-1] if r else s for s, r in visual_runs(text, rtl))
