import difflib

from recommendations import diffs
from recommendations.diffs import Piece, word_diff
from recommendations.models import NARRATIVE_MAX_LENGTH


def joined(pieces, *kinds):
    return "".join(p.text for p in pieces if p.kind in kinds)


def test_unchanged_text_is_one_equal_piece():
    assert word_diff("Roll out now required.", "Roll out now required.") == [
        Piece("equal", "Roll out now required.")
    ]


def test_a_changed_word_is_deleted_and_inserted_in_place():
    pieces = word_diff("Timescale not achieved", "Timescale now achieved")
    assert pieces == [
        Piece("equal", "Timescale "),
        Piece("delete", "not"),
        Piece("insert", "now"),
        Piece("equal", " achieved"),
    ]


def test_text_added_at_the_end_leaves_the_last_word_unchanged():
    pieces = word_diff("Completed.", "Completed. Audit report attached.")
    assert pieces == [Piece("equal", "Completed. "), Piece("insert", "Audit report attached.")]


def test_the_pieces_rebuild_both_versions():
    old = "Procedures to be updated to ensure chronologies are completed at key points."
    new = "Procedures updated. Chronologies are completed at key points and audited.\nCompleted"
    pieces = word_diff(old, new)
    assert joined(pieces, "equal", "delete") == old
    assert joined(pieces, "equal", "insert") == new


def test_from_nothing_everything_is_inserted():
    assert word_diff("", "New narrative") == [Piece("insert", "New narrative")]
    assert word_diff(None, "") == []


# Bounded work ------------------------------------------------------------------------------


def distinct_words(count: int, prefix: str) -> str:
    return " ".join(f"{prefix}{number}" for number in range(count))


def maximum_narrative(prefix: str, *, per_line: int | None = None) -> str:
    """A narrative of the longest length allowed, of words that never repeat."""
    words = (f"{prefix}{number}" for number in range(NARRATIVE_MAX_LENGTH))
    text = ""
    for number, word in enumerate(words):
        separator = "\n" if per_line and number and number % per_line == 0 else " "
        if len(text) + len(separator) + len(word) > NARRATIVE_MAX_LENGTH:
            return text
        text = f"{text}{separator}{word}" if text else word
    return text


def count_comparisons(monkeypatch) -> list[int]:
    """The work each SequenceMatcher was given (word or line pairs)."""
    work = []
    real = difflib.SequenceMatcher

    def counting(*args, a, b, **kwargs):
        work.append(len(a) * len(b))
        return real(*args, a=a, b=b, **kwargs)

    monkeypatch.setattr(diffs.difflib, "SequenceMatcher", counting)
    return work


def test_texts_within_the_limit_are_compared_word_by_word_with_no_note(monkeypatch):
    work = count_comparisons(monkeypatch)
    old, new = distinct_words(1000, "a"), distinct_words(1000, "b")
    pieces = word_diff(old, new)
    assert work == [1000 * 1000]
    assert all(piece.kind != "note" for piece in pieces)


def test_two_maximum_length_narratives_are_compared_line_by_line_with_a_note(monkeypatch):
    work = count_comparisons(monkeypatch)
    old, new = maximum_narrative("a", per_line=12), maximum_narrative("b", per_line=12)
    assert len(old) > NARRATIVE_MAX_LENGTH - 10

    pieces = word_diff(old, new)

    assert pieces[0] == Piece("note", diffs.TOO_LONG_FOR_WORDS)
    assert all(comparisons <= diffs.LINE_DIFF_MAX_WORK for comparisons in work)
    assert joined(pieces, "equal", "delete") == old
    assert joined(pieces, "equal", "insert") == new


def test_texts_with_too_many_lines_are_shown_whole_with_a_note(monkeypatch):
    work = count_comparisons(monkeypatch)
    old, new = "\n".join(["a"] * 2000), "\n".join(["b"] * 2000)

    pieces = word_diff(old, new)

    assert work == []
    assert pieces == [Piece("note", diffs.TOO_LONG_FOR_LINES), Piece("delete", old), Piece("insert", new)]


def test_the_limit_is_on_the_product_of_the_word_counts():
    just_over = distinct_words(1001, "a"), distinct_words(1000, "b")
    assert word_diff(*just_over)[0].kind == "note"
    within = distinct_words(1000, "a"), distinct_words(1000, "b")
    assert word_diff(*within)[0].kind != "note"
