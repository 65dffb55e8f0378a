"""Differences between two versions of a narrative: word by word, within a bound of work.

Comparing word by word costs about the product of the two texts' word counts. Past
`WORD_DIFF_MAX_WORK` the texts are compared line by line instead, and past `LINE_DIFF_MAX_WORK`
lines as wholes (all of the old deleted, all of the new inserted); either way the pieces begin
with a "note" piece that says so, so a reader knows why the marks are coarser. No pair of texts,
however long, makes a page slow.
"""

import difflib
import os
import re
from dataclasses import dataclass

# Words carry the whitespace before them, so text added after a word leaves that word unchanged
# and a changed run of words is one piece; the pieces join back into the original text.
WORD = re.compile(r"\s*\S+|\s+")
LINE = re.compile(r"[^\n]*\n|[^\n]+")
LEADING_SPACE = re.compile(r"\s*")

# Word pairs compared at most: two narratives of 1,000 words each (the usual is a few hundred).
WORD_DIFF_MAX_WORK = 1_000_000
LINE_DIFF_MAX_WORK = 250_000
TOO_LONG_FOR_WORDS = "These versions are too long to compare word by word: changed lines are marked."
TOO_LONG_FOR_LINES = (
    "These versions are too long to compare: the earlier text is shown deleted, the later inserted."
)


@dataclass(frozen=True)
class Piece:
    """A run of text that is unchanged, inserted or deleted; or a "note" about the comparison."""

    kind: str  # "equal", "insert", "delete" or "note"
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """The pieces that turn `old` into `new`, compared word by word (or coarser, with a note,
    when that would be too much work)."""
    old, new = old or "", new or ""
    old_words = WORD.findall(old)
    new_words = WORD.findall(new)
    if len(old_words) * len(new_words) <= WORD_DIFF_MAX_WORK:
        return _diff(old_words, new_words)
    old_lines, new_lines = LINE.findall(old), LINE.findall(new)
    if len(old_lines) * len(new_lines) <= LINE_DIFF_MAX_WORK:
        return [Piece("note", TOO_LONG_FOR_WORDS), *_diff(old_lines, new_lines)]
    pieces = [Piece("note", TOO_LONG_FOR_LINES)]
    _add(pieces, "delete", old)
    _add(pieces, "insert", new)
    return pieces


def _diff(old_parts: list[str], new_parts: list[str]) -> list[Piece]:
    matcher = difflib.SequenceMatcher(a=old_parts, b=new_parts, autojunk=False)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        deleted = "".join(old_parts[i1:i2])
        inserted = "".join(new_parts[j1:j2])
        if tag == "equal":
            _add(pieces, "equal", deleted)
            continue
        # The space before a changed run is unchanged: keep it outside the marked-up change.
        changed = [text for text in (deleted, inserted) if text]
        space = os.path.commonprefix([LEADING_SPACE.match(text).group() for text in changed])
        _add(pieces, "equal", space)
        _add(pieces, "delete", deleted[len(space) :])
        _add(pieces, "insert", inserted[len(space) :])
    return pieces


def _add(pieces: list[Piece], kind: str, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].kind == kind:
        pieces[-1] = Piece(kind, pieces[-1].text + text)
    else:
        pieces.append(Piece(kind, text))
