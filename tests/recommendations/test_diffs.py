from recommendations.diffs import Piece, word_diff


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
