"""East-Asian text: one rule for a character's width and the project's line breaking for
Chinese and English: :func:`wrap_text` by measured width (the PDF's text), :func:`break_label`
by columns (the web and print charts' titles and labels).

A character is *wide* when Unicode gives it the East-Asian width W or F (Chinese
characters, full-width punctuation); it takes two Latin columns.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable


def is_wide(ch: str) -> bool:
    """True for a character two Latin columns wide (Unicode East-Asian width W or F)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def display_width(text: str) -> int:
    """Width of ``text`` in Latin columns (a wide character counts two)."""
    return sum(2 if is_wide(c) else 1 for c in text)


def tidy_zh_spaces(text: str) -> str:
    """Drop each space between two wide characters: never right in Chinese; it appears
    when a value ending in a Chinese unit ("29 万元") meets a template space."""
    if " " not in text:
        return text
    return "".join(c for i, c in enumerate(text)
                   if not (c == " " and 0 < i < len(text) - 1 and is_wide(text[i - 1]) and is_wide(text[i + 1])))


def column_tokens(text: str) -> list[str]:
    """``text`` as tokens for column-counted wrapping: each wide character alone, runs of
    spaces, and runs of anything else (a Latin word or a number stays whole)."""
    out: list[str] = []
    last = ""
    for ch in text:
        kind = "w" if is_wide(ch) else "s" if ch.isspace() else "o"
        if out and kind != "w" and kind == last:
            out[-1] += ch
        else:
            out.append(ch)
        last = kind
    return out


# --------------------------------------------------------------------------- line breaking (PDF)

#: Line breaking: these may not start a line (they hang at the end of the previous one) ...
NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’,.;:?!)]}%…·")
#: ... and these may not end one.
NO_LINE_END = frozenset("（《「『【〔〈“‘([{")
#: Latin words and numbers stay whole ("14,200", "HLA", "20-30"), a minus sign with its amount
#: ("-19,764", "-USD 5": never a line ending in "-", which reads, and is extracted, as a
#: hyphenated word); anything else breaks per character.
_TOKEN = re.compile(r"(?:-(?=[A-Za-z0-9]))?[A-Za-z0-9](?:[A-Za-z0-9'’_.,/%+\-]*[A-Za-z0-9%])?|.", re.DOTALL)


def wrap_text(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (``measure`` gives a string's width).

    Works for Chinese and English alike: breaks between Chinese characters and at spaces,
    keeps Latin words and numbers whole (unless one is wider than a line), lets closing
    punctuation hang at the end of a line instead of starting the next (Chinese line
    breaking rules), and keeps explicit line breaks. Nothing is dropped except the spaces
    at a wrapped line break.
    """
    lines: list[str] = []
    for para in text.split("\n"):
        cur, wrapped = "", False
        stack = _TOKEN.findall(para)[::-1]
        while stack:
            tok = stack.pop()
            if tok == " " and wrapped and not cur:  # spaces at a wrapped line's start
                continue
            if measure(tok) > width and len(tok) > 1:  # a word wider than a line: break it
                stack.extend(list(tok)[::-1])
                continue
            if not cur or measure(cur + tok) <= width or tok in NO_LINE_START:
                cur += tok
                continue
            wrapped = True
            if tok == " ":
                lines.append(cur.rstrip(" "))
                cur = ""
                continue
            carry = ""
            while cur and cur[-1] in NO_LINE_END and len(cur) > 1:
                carry, cur = cur[-1] + carry, cur[:-1]
            lines.append(cur.rstrip(" "))
            cur = carry + tok
        lines.append(cur)
    return lines


# --------------------------------------------------------------------------- chart labels


def break_label(text: str, width: int) -> list[str]:
    """A chart title or label on lines of about ``width`` Latin columns (a wide character counts
    two), the one breaker of the web and the print charts. Breaks fall between words or between
    Chinese characters, never inside a number; nothing is cut. No line starts with
    :data:`NO_LINE_START` or ends with :data:`NO_LINE_END`, and a last line is never one Chinese
    character alone ("…脐带 / 血"): the character before it goes down with it."""
    lines, line, used = [], "", 0
    for tok in column_tokens(text):
        w = display_width(tok)
        if used + w > width and line.strip():
            lines.append(line.rstrip())
            line, used = ("", 0) if tok.isspace() else (tok, w)
            continue
        line, used = line + tok, used + w
    lines.append(line.rstrip())
    for i in range(1, len(lines)):
        if lines[i - 1][-1:] in NO_LINE_END and len(lines[i - 1]) > 1:  # an opening bracket goes down
            lines[i - 1], lines[i] = lines[i - 1][:-1].rstrip(), lines[i - 1][-1] + lines[i]
        prev = column_tokens(lines[i - 1])
        if lines[i][:1] in NO_LINE_START and len(prev) > 1 and display_width(prev[-1] + lines[i]) <= width:
            lines[i - 1], lines[i] = "".join(prev[:-1]).rstrip(), prev[-1] + lines[i]
        elif lines[i][:1] in NO_LINE_START and len(lines[i]) > 1:  # no room below: the mark hangs
            lines[i - 1], lines[i] = lines[i - 1] + lines[i][0], lines[i][1:]
    if len(lines) > 1:
        body = lines[-1].rstrip("".join(NO_LINE_START))
        prev = column_tokens(lines[-2])
        if len(body) == 1 and display_width(body) == 2 and len(prev) > 1 and display_width(prev[-1]) == 2:
            lines[-2], lines[-1] = "".join(prev[:-1]).rstrip(), prev[-1] + lines[-1]
    return lines
