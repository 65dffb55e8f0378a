"""Values longer than a column, and uploads larger than allowed: refused or fitted, never a 500,
never a file left with no row. Run on SQLite and PostgreSQL (which, unlike SQLite, enforces
a column's length)."""

from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from recommendations.models import EvidenceFile, ProgressUpdate, Recommendation, ReportingPeriod
from tests import factories
from tests.helpers import review_url

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def officer():
    return factories.OfficerUserFactory()


@pytest.fixture
def recommendation(officer):
    recommendation = factories.RecommendationFactory(ref=10, lead_officer=officer.officer)
    factories.OpenReportingPeriodFactory(review=recommendation.review)
    return recommendation


def update_url(recommendation):
    return review_url("recommendations:recommendation-update", kwargs={"ref": recommendation.ref})


def stored_files():
    return sorted(path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file())


def form_data(**values):
    return {
        "narrative": "Chronologies audited in six schools.",
        "status": "in_progress",
        "rag": "amber",
        "revised_timescale": "",
        "evidence_links": "",
        "version": "0",
        "intent": "draft",
        **values,
    }


def test_an_evidence_file_whose_content_type_is_longer_than_its_column_is_kept(
    client, officer, recommendation
):
    client.force_login(officer)
    content_type = "application/vnd." + "x" * 300
    upload = SimpleUploadedFile("minutes.pdf", PDF, content_type=content_type)

    response = client.post(update_url(recommendation), form_data(evidence_files=[upload]))

    assert response.status_code == 302
    evidence = EvidenceFile.objects.get()
    assert evidence.content_type == content_type[:100]
    assert len(stored_files()) == 1


def test_an_evidence_file_name_longer_than_its_column_is_kept_shortened(client, officer, recommendation):
    client.force_login(officer)
    name = "m" * 400 + ".pdf"
    response = client.post(
        update_url(recommendation),
        form_data(evidence_files=[SimpleUploadedFile(name, PDF, content_type="application/pdf")]),
    )
    assert response.status_code == 302
    assert len(EvidenceFile.objects.get().name) <= 255


def test_a_refused_evidence_row_leaves_no_file_behind(officer, recommendation, monkeypatch):
    from django.db import DatabaseError

    from recommendations import services
    from recommendations.services import evidence as attaching

    def refuse(instance, **kwargs):
        instance.file.save(instance.file.name, instance.file.file, save=False)
        raise DatabaseError("value too long for type character varying(100)")

    monkeypatch.setattr(
        attaching, "save_with_history", lambda instance, **kw: _save_or_refuse(instance, refuse, kw)
    )
    with pytest.raises(DatabaseError):
        services.progress_update_save(
            recommendation=recommendation,
            action=None,
            period=ReportingPeriod.objects.get(),
            by=officer,
            narrative="x",
            status="in_progress",
            rag="amber",
            revised_timescale="",
            evidence_links="",
            evidence_files=[SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")],
        )
    assert stored_files() == []


def _save_or_refuse(instance, refuse, kwargs):
    from tracker.versioning import save_with_history

    if isinstance(instance, EvidenceFile):
        return refuse(instance, **kwargs)
    return save_with_history(instance, **kwargs)


def test_a_lead_officer_with_a_long_name_is_assigned(client, recommendation):
    coordinator = factories.UserFactory(role="coordinator")
    client.force_login(coordinator)
    long_named = factories.OfficerFactory(name="Assistant Director for Support & Protection, " * 4)
    assert len(long_named.name) > 77

    response = client.post(
        review_url("recommendations:lead-officer-assign", kwargs={"ref": recommendation.ref}),
        {"officer": long_named.pk, "version": recommendation.version},
    )

    assert response.status_code == 302
    recommendation = Recommendation.objects.get(pk=recommendation.pk)
    assert recommendation.lead_officer == long_named
    reason = recommendation.history.first().history_change_reason
    assert reason.startswith("Lead officer assigned: Assistant Director")
    assert len(reason) <= 100


def test_an_update_on_behalf_of_an_officer_with_a_long_name_is_saved(client, recommendation):
    long_named = factories.OfficerFactory(name="Head of Safeguarding and Quality Assurance Services " * 3)
    recommendation.lead_officer = long_named
    recommendation.save()
    client.force_login(factories.UserFactory(role="coordinator"))
    response = client.post(update_url(recommendation), form_data(on_behalf_of=long_named.pk))
    assert response.status_code == 302
    assert ProgressUpdate.objects.get().on_behalf_of == long_named


def test_a_file_over_the_limit_is_refused_without_reading_the_rest_of_the_request(
    client, officer, recommendation, settings
):
    settings.EVIDENCE_MAX_BYTES = settings.FILE_UPLOAD_MAX_BYTES = 256 * 1024
    client.force_login(officer)
    big = SimpleUploadedFile("huge.pdf", PDF + b"0" * (4 * 1024 * 1024), content_type="application/pdf")
    body = encode_multipart(BOUNDARY, form_data(narrative="Typed before the file.", evidence_files=[big]))
    stream = CountingStream(body)

    response = client.generic(
        "POST",
        update_url(recommendation),
        data=b"",  # the body is the stream, as a server hands it over
        **{"wsgi.input": stream, "CONTENT_LENGTH": str(len(body)), "CONTENT_TYPE": MULTIPART_CONTENT},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "“huge.pdf” must be 256 KB or smaller" in page
    assert "Typed before the file." in page  # what was typed is shown again
    assert stream.read_bytes < 1024 * 1024  # stopped soon after the limit, not 4 MB on
    assert not ProgressUpdate.objects.exists()
    assert stored_files() == []


class CountingStream(BytesIO):
    """A request body that counts how much of it the server read."""

    read_bytes = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size=-1):
        line = super().readline(size)
        self.read_bytes += len(line)
        return line


def maximum_narrative(prefix: str) -> str:
    """The longest narrative allowed, in words that never repeat, twelve to a line."""
    from recommendations.models import NARRATIVE_MAX_LENGTH

    lines, length, number = [], 0, 0
    while True:
        line = " ".join(f"{prefix}{number + offset}" for offset in range(12))
        if length + len(line) + 1 > NARRATIVE_MAX_LENGTH:
            return "\n".join(lines)
        lines.append(line)
        length += len(line) + 1
        number += 12


def test_two_maximum_length_narratives_render_the_review_page_compared_line_by_line(client):
    from recommendations.diffs import TOO_LONG_FOR_WORDS
    from tests.helpers import text_of

    recommendation = factories.RecommendationFactory(ref=10)
    closed = factories.ClosedReportingPeriodFactory(review=recommendation.review)
    factories.AcceptedUpdateFactory(
        recommendation=recommendation, period=closed, narrative=maximum_narrative("a")
    )
    submitted = factories.SubmittedUpdateFactory(
        recommendation=recommendation, narrative=maximum_narrative("b")
    )
    client.force_login(factories.UserFactory(role="coordinator"))

    review = client.get(reverse("recommendations:review-update", kwargs={"pk": submitted.pk}))

    assert review.status_code == 200
    assert TOO_LONG_FOR_WORDS in text_of(review.content.decode())


def test_files_together_over_the_total_are_refused_without_reading_the_rest_of_the_request(
    client, officer, recommendation, settings
):
    settings.EVIDENCE_MAX_BYTES = settings.FILE_UPLOAD_MAX_BYTES = 256 * 1024
    settings.FILE_UPLOAD_MAX_TOTAL_BYTES = 512 * 1024
    client.force_login(officer)
    files = [
        SimpleUploadedFile(f"part{number}.pdf", PDF + b"0" * (200 * 1024), content_type="application/pdf")
        for number in (1, 2, 3, 4, 5, 6)
    ]  # each under the limit of one file; together 1.2 MB
    body = encode_multipart(BOUNDARY, form_data(narrative="Typed before the files.", evidence_files=files))
    stream = CountingStream(body)

    response = client.generic(
        "POST",
        update_url(recommendation),
        data=b"",
        **{"wsgi.input": stream, "CONTENT_LENGTH": str(len(body)), "CONTENT_TYPE": MULTIPART_CONTENT},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "“part3.pdf” was not sent: the files of one save must be 512 KB or smaller together" in page
    assert "Typed before the files." in page
    assert stream.read_bytes < 800 * 1024  # stopped at the third file, not 1.2 MB on
    assert not ProgressUpdate.objects.exists()
    assert stored_files() == []
