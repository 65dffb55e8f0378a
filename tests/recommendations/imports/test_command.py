"""import_review FILE --review SLUG [--dry-run]."""

import pytest
from django.core.management import CommandError, call_command

from recommendations.models import Recommendation, Review

from .spreadsheets import csv_file, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def review_file(tmp_path):
    path = tmp_path / "review.csv"
    path.write_bytes(csv_file([row(1), row(2, "Second", theme="Protection")]))
    return path


def test_import_review_creates_the_review(review_file, capsys):
    call_command("import_review", str(review_file), "--review", "second-review", "--name", "Second review")
    review = Review.objects.get(slug="second-review")
    assert review.name == "Second review"
    assert review.recommendations.count() == 2
    assert "Imported 2 recommendation(s) and 2 proposed action(s)" in capsys.readouterr().out
    history = review.recommendations.get(ref=1).history.get()
    assert history.history_change_reason == "Imported from review.csv by the import_review command"


def test_a_dry_run_describes_and_writes_nothing(review_file, capsys):
    call_command("import_review", str(review_file), "--review", "second-review", "--dry-run")
    out = capsys.readouterr().out
    assert "2 recommendation(s), 2 proposed action(s)" in out
    assert "Dry run: nothing was written." in out
    assert not Review.objects.exists()


def test_a_file_with_problems_lists_them_and_writes_nothing(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_file([row(1, timescale="Soonish"), row(1, "Again", theme="Other")]))
    with pytest.raises(CommandError) as refusal:
        call_command("import_review", str(path), "--review", "bad")
    message = str(refusal.value)
    assert "Nothing was imported: bad.csv has 2 problem(s)" in message
    assert "Row 2, Timescale (column G)" in message
    assert "Row 3, Ref (column B): 1 is already used at row 2" in message
    assert not Recommendation.objects.exists()


def test_a_missing_file_and_a_bad_slug_are_refused_clearly(tmp_path, review_file):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_review", str(tmp_path / "missing.csv"), "--review", "x")
    with pytest.raises(CommandError, match="is not a review slug"):
        call_command("import_review", str(review_file), "--review", "Not A Slug")
