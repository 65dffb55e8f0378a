"""The import page: administrators only; problems listed; preview; confirm writes once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recommendations.imports.views import SESSION_KEY
from recommendations.models import Recommendation, Review
from tests import factories
from tests.helpers import parse, text_of

from .spreadsheets import csv_file, row, xlsx_file

pytestmark = pytest.mark.django_db

UPLOAD = reverse("imports:review-import")


@pytest.fixture(autouse=True)
def stored_uploads(settings, tmp_path):
    """Where the uploads waiting for confirmation are kept, for this test only."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path / "imports"


@pytest.fixture
def admin_client(client, admin_user_):
    client.force_login(admin_user_)
    return client


def upload(client, content, name="review.csv", **fields):
    data = {"slug": "second", "name": "Second review", **fields}
    data["file"] = SimpleUploadedFile(name, content)
    return client.post(UPLOAD, data)


@pytest.mark.parametrize("role", ["lead_officer", "coordinator", "panel_member"])
def test_only_administrators_may_import(client, role):
    client.force_login(factories.UserFactory(role=role))
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, csv_file([row(1)])).status_code == 403
    assert (
        client.get(reverse("imports:review-import-template", kwargs={"extension": "csv"})).status_code == 403
    )
    assert client.post(reverse("imports:review-import-preview", kwargs={"token": "x"})).status_code == 403
    assert not Review.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(UPLOAD)
    assert response.status_code in (302, 403)
    assert not Review.objects.exists()


def test_a_file_with_problems_lists_each_by_row_and_column_and_saves_nothing(admin_client):
    response = upload(admin_client, csv_file([row(1, timescale="Soonish"), row(2, text="")]))
    assert response.status_code == 200
    page = parse(response.content.decode())
    table = page.by_id("import-problems").following("table")
    cells = [[cell.text for cell in line.find_all("td")] for line in table.find("tbody").find_all("tr")]
    assert cells[0][:2] == ["2", "Timescale (G)"]
    assert cells[1] == ["3", "Recommendation (C)", "is empty: recommendation 2 needs its text."]
    summary = page.find("div", class_="govuk-error-summary")
    assert "Row 3, Recommendation (column C): is empty" in summary.text
    assert not Review.objects.exists()
    assert not admin_client.session.get(SESSION_KEY)


def test_form_errors_are_shown_next_to_their_fields(admin_client):
    response = admin_client.post(UPLOAD, {"slug": "import"})
    text = text_of(response.content.decode())
    assert "Select the spreadsheet to import" in text
    assert '"import" is a reserved word' in text


def test_a_clean_file_is_previewed_then_imported_once_on_confirming(
    admin_client, admin_user_, stored_uploads
):
    response = upload(
        admin_client, xlsx_file([row(1), row(2, "See recommendation 1", theme="Protection")]), "r.xlsx"
    )
    assert response.status_code == 302
    preview = response["Location"]
    page = admin_client.get(preview)
    text = text_of(page.content.decode())
    assert "Check the import of r.xlsx" in text
    assert "Nov 09: due 30 November 2009" in text
    assert not Review.objects.exists()  # nothing written by the preview
    confirmed = admin_client.post(preview)
    assert confirmed.status_code == 302
    review = Review.objects.get(slug="second")
    assert review.recommendations.count() == 2
    assert review.recommendations.get(ref=1).history.get().history_change_reason == (
        f"Imported from r.xlsx by {admin_user_.get_username()}"
    )
    assert list(stored_uploads.iterdir()) == []  # the upload kept for confirming is gone
    assert admin_client.post(preview).status_code == 404  # a second confirmation imports nothing
    assert Recommendation.objects.count() == 2


def test_another_administrators_preview_cannot_be_confirmed(admin_client, client):
    preview = upload(admin_client, csv_file([row(1)]))["Location"]
    other = factories.UserFactory(role="administrator")
    client.force_login(other)
    assert client.post(preview).status_code == 404
    assert not Review.objects.exists()


def test_the_templates_open_with_the_exports_headings(admin_client):
    import io

    from openpyxl import load_workbook

    from recommendations import columns

    response = admin_client.get(reverse("imports:review-import-template", kwargs={"extension": "xlsx"}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert tuple(cell.value for cell in sheet[1]) == columns.CSV_COLUMNS
    response = admin_client.get(reverse("imports:review-import-template", kwargs={"extension": "csv"}))
    assert response.content.decode("utf-8-sig").strip() == ",".join(columns.CSV_COLUMNS)


def test_binary_named_as_a_spreadsheet_is_refused_clearly(admin_client):
    response = upload(admin_client, b"\x00\x01\x02PK garbage", "review.xlsx")
    assert response.status_code == 200
    assert "is not an Excel workbook" in text_of(response.content.decode())
    assert not Review.objects.exists()


def test_a_file_the_review_already_holds_as_it_is_has_nothing_to_import(admin_client):
    admin_client.post(upload(admin_client, csv_file([row(1)]))["Location"])
    preview = upload(admin_client, csv_file([row(1)]))["Location"]
    page = admin_client.get(preview).content.decode()
    assert "Nothing to import: every recommendation in the file is already in Second review" in text_of(page)
    assert parse(page).find("button", class_="govuk-button") is None


def test_an_unknown_template_format_is_not_found(admin_client):
    response = admin_client.get(reverse("imports:review-import-template", kwargs={"extension": "docx"}))
    assert response.status_code == 404


def test_a_new_upload_drops_the_one_left_unconfirmed(admin_client, stored_uploads):
    first = upload(admin_client, csv_file([row(1)]))["Location"]
    second = upload(admin_client, csv_file([row(2)]))["Location"]
    assert len(list(stored_uploads.iterdir())) == 1
    assert admin_client.get(first).status_code == 404
    assert admin_client.get(second).status_code == 200


def test_a_file_over_the_upload_limit_is_named_as_too_large(admin_client, settings):
    settings.FILE_UPLOAD_MAX_BYTES = 1024
    response = upload(admin_client, csv_file([row(ref) for ref in range(1, 50)]))
    assert response.status_code == 200
    assert "The selected file must be smaller than 10 MB" in text_of(response.content.decode())
    assert not Review.objects.exists()
