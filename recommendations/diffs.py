"""Word-by-word differences between two versions of a narrative."""

import difflib
import os
import re
from dataclasses import dataclass

# Words carry the whitespace before them, so text added after a word leaves that word unchanged
# and a changed run of words is one piece; the pieces join back into the original text.
WORD = re.compile(r"\s*\S+|\s+")
LEADING_SPACE = re.compile(r"\s*")


@dataclass(frozen=True)
class Piece:
    """A run of text that is unchanged, inserted or deleted."""

    kind: str  # "equal", "insert" or "delete"
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """The pieces that turn `old` into `new`, compared word by word."""
    old_words = WORD.findall(old or "")
    new_words = WORD.findall(new or "")
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        deleted = "".join(old_words[i1:i2])
        inserted = "".join(new_words[j1:j2])
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
