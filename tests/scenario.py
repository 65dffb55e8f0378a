"""One of everything a page can be about, for the tests that visit every page (the access matrix,
the fuzzing): a recommendation led by an officer with an action, a closed and an open quarter,
an accepted and a submitted update with evidence, a question, a panel recommendation, and one
account of each role."""

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations.models import EvidenceFile
from tests import factories
from tracker.models import Role


@dataclass
class Scenario:
    review: object
    recommendation: object
    action: object
    officer: object
    other_officer: object
    users: dict
    open_period: object
    closed_period: object
    submitted_update: object
    accepted_update: object
    evidence: object
    question: object
    panel_recommendation: object
    panel: object

    @property
    def officer_record(self):
        """The officer the report names whom `officer` signs in as."""
        return self.officer.officer


@pytest.fixture
def scenario(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    review = factories.ReviewFactory(name="Kirklees Safeguarding Commission")
    officer = factories.OfficerUserFactory(username="lhughes")
    other_officer = factories.OfficerUserFactory(username="cparker")
    recommendation = factories.RecommendationFactory(
        theme=factories.ThemeFactory(review=review), ref=7, lead_officer=officer.officer
    )
    action = factories.ProposedActionFactory(recommendation=recommendation, position=1)
    action.lead_officers.add(officer.officer)
    closed_period = factories.ClosedReportingPeriodFactory(review=review)
    open_period = factories.OpenReportingPeriodFactory(review=review)
    accepted = factories.AcceptedUpdateFactory(
        recommendation=recommendation, period=closed_period, author=officer
    )
    # Waiting for review, on another recommendation the officer leads (7's form stays open).
    submitted = factories.SubmittedUpdateFactory(
        recommendation=factories.RecommendationFactory(
            theme=recommendation.theme, ref=8, lead_officer=officer.officer
        ),
        period=open_period,
        author=officer,
    )
    evidence = EvidenceFile.objects.create(
        update=submitted,
        file=SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes"),
        name="minutes.pdf",
        size=16,
        content_type="application/pdf",
        uploaded_by=officer,
    )
    panel_member = factories.UserFactory(username="cllr", role=Role.PANEL_MEMBER)
    users = {
        "officer": officer,
        "other_officer": other_officer,
        "coordinator": factories.UserFactory(username="coord", role=Role.COORDINATOR),
        "panel_member": panel_member,
        "administrator": factories.UserFactory(
            username="admin", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True
        ),
    }
    return Scenario(
        review=review,
        recommendation=recommendation,
        action=action,
        officer=officer,
        other_officer=other_officer,
        users=users,
        open_period=open_period,
        closed_period=closed_period,
        submitted_update=submitted,
        accepted_update=accepted,
        evidence=evidence,
        question=factories.QuestionFactory(recommendation=recommendation, asked_by=panel_member),
        panel_recommendation=(panel_recommendation := factories.RespondedPanelRecommendationFactory()),
        panel=panel_recommendation.report.panel,
    )
