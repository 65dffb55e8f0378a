"""Every model is in the Django admin; tracked models keep their history there."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from panels.models import PanelRecommendationUpdate
from recommendations import services
from recommendations.models import (
    EvidenceFile,
    ProgressUpdate,
    Question,
    Reminder,
    ReportingPeriod,
    SnapshotRow,
)
from tests.factories import (
    OfficerFactory,
    ProgressUpdateFactory,
    ProposedActionFactory,
    ReviewFactory,
    ThemeFactory,
    UserFactory,
)
from tracker.admin import RecordAdmin
from tracker.errors import ConflictError
from tracker.models import QueuedEmail, Role

pytestmark = pytest.mark.django_db

TRACKED = [m for m in admin.site._registry if hasattr(m, "history")]
WRITTEN_BY_THE_WORKFLOW_ONLY = {
    ReportingPeriod,
    SnapshotRow,
    Reminder,
    ProgressUpdate,
    EvidenceFile,
    Question,
    PanelRecommendationUpdate,
}
# Sign-in attempts are written by django-axes as people sign in; the admin reads and deletes them.
WRITTEN_BY_SIGNING_IN = {AccessAttempt, AccessFailureLog, AccessLog}
# Emails are queued by the workflow; the admin reads them and tries failed ones again.
WRITTEN_BY_THE_WORKFLOW_ONLY.add(QueuedEmail)


def test_every_domain_model_is_registered():
    from django.apps import apps

    for app in ["tracker", "recommendations", "panels"]:
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            assert model in admin.site._registry, model._meta.label


@pytest.mark.parametrize("model", TRACKED, ids=lambda m: m._meta.label)
def test_tracked_models_use_the_record_admin(model):
    assert isinstance(admin.site._registry[model], RecordAdmin)


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_admin_list_and_add_pages_open(client, admin_user_, model):
    client.force_login(admin_user_)
    opts = model._meta
    ProposedActionFactory()
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = admin_user_
    adding = model_admin.has_add_permission(request)
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    add_page = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    # Records only the workflow writes (updates, quarters, questions, snapshots) are never added here.
    assert add_page.status_code == (200 if adding else 403), opts.label
    assert adding == (model not in WRITTEN_BY_THE_WORKFLOW_ONLY | WRITTEN_BY_SIGNING_IN), opts.label


def test_an_admin_edit_records_who_changed_it(client, admin_user_):
    client.force_login(admin_user_)
    action = ProposedActionFactory()
    recommendation = action.recommendation
    url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
    response = client.get(url)
    form = response.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(admin_form_data(recommendation, action, text="Revised wording"))
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    recommendation.refresh_from_db()
    latest = recommendation.history.first()
    assert latest.text == "Revised wording"
    assert latest.history_user == admin_user_
    assert latest.history_change_reason == "Edited in the admin"
    assert recommendation.version == 2


def admin_form_data(recommendation, action, **changes):
    return {
        "review": recommendation.review_id,
        "theme": recommendation.theme_id,
        "ref": recommendation.ref,
        "text": recommendation.text,
        "assigned_to_text": recommendation.assigned_to_text,
        "opened_version": recommendation.version,
        "assignees": [],
        "cross_references": [],
        "lead_officer": "",
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "1",
        "actions-0-id": str(action.pk),
        "actions-0-recommendation": str(recommendation.pk),
        "actions-0-position": str(action.position),
        "actions-0-text": action.text,
        "actions-0-lead_officer_text": action.lead_officer_text,
        "actions-0-opened_version": str(action.version),
        **changes,
    }


def test_an_admin_edit_refuses_another_reviews_theme_next_to_the_field(client, admin_user_):
    client.force_login(admin_user_)
    action = ProposedActionFactory()
    recommendation = action.recommendation
    elsewhere = ThemeFactory(review=ReviewFactory(name="Adult Care Review"), name="Carers")
    url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])

    response = client.post(url, admin_form_data(recommendation, action, theme=elsewhere.pk, text="Moved"))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["theme"] == [
        f"Carers is a theme of Adult Care Review: choose one of {recommendation.review}'s themes."
    ]
    recommendation.refresh_from_db()
    assert (recommendation.theme, recommendation.text) != (elsewhere, "Moved")


def test_an_admin_edit_on_an_out_of_date_page_is_refused_and_changes_nothing(client, admin_user_):
    client.force_login(admin_user_)
    action = ProposedActionFactory()
    recommendation = action.recommendation
    opened = admin_form_data(recommendation, action, text="The admin's wording")
    services.recommendation_assign_lead_officer(
        recommendation=recommendation, officer=OfficerFactory(), by=UserFactory(role=Role.COORDINATOR)
    )

    url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
    response = client.post(url, opened)

    assert response.status_code == 200
    assert (
        "Someone saved a newer version of this record while you were editing it" in response.content.decode()
    )
    recommendation.refresh_from_db()
    assert recommendation.text != "The admin's wording"
    assert recommendation.lead_officer is not None


def test_an_admin_edit_raises_the_version_so_a_form_opened_before_it_meets_a_conflict(client, admin_user_):
    client.force_login(admin_user_)
    action = ProposedActionFactory()
    recommendation = action.recommendation
    opened_on = recommendation.version
    url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
    client.post(url, admin_form_data(recommendation, action, text="Corrected in the admin"))

    with pytest.raises(ConflictError):
        services.recommendation_assign_lead_officer(
            recommendation=recommendation,
            officer=OfficerFactory(),
            by=UserFactory(role=Role.COORDINATOR),
            expected_version=opened_on,
        )


def test_the_workflow_fields_are_read_only_in_the_admin(client, admin_user_):
    client.force_login(admin_user_)
    action = ProposedActionFactory()
    recommendation = action.recommendation
    url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])

    client.post(url, admin_form_data(recommendation, action, status="completed", progress="Done"))

    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.progress) == ("not_assessed", "")


@pytest.mark.parametrize("state", ["accepted", "submitted", "draft"])
def test_progress_updates_cannot_be_changed_or_deleted_in_the_admin(client, admin_user_, state):
    client.force_login(admin_user_)
    update = ProgressUpdateFactory(state=state, narrative="As reported")
    change = reverse("admin:recommendations_progressupdate_change", args=[update.pk])
    delete = reverse("admin:recommendations_progressupdate_delete", args=[update.pk])

    page = client.get(change)
    edited = client.post(change, {"narrative": "Rewritten", "state": "draft"})
    deleted = client.post(delete, {"post": "yes"})

    assert page.status_code == 200  # readable
    assert 'name="narrative"' not in page.content.decode()
    assert edited.status_code == 403
    assert deleted.status_code == 403
    update.refresh_from_db()
    assert (update.narrative, update.state) == ("As reported", state)


def test_evidence_of_updates_cannot_be_deleted_in_the_admin(client, admin_user_):
    client.force_login(admin_user_)
    update = ProgressUpdateFactory(state="accepted")
    evidence = EvidenceFile.objects.create(
        update=update,
        file="evidence/x.pdf",
        name="x.pdf",
        size=1,
        content_type="application/pdf",
        uploaded_by=admin_user_,
    )
    delete = reverse("admin:recommendations_evidencefile_delete", args=[evidence.pk])

    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert EvidenceFile.objects.filter(pk=evidence.pk).exists()


def test_history_cannot_be_reverted_from_the_admin(client, admin_user_):
    client.force_login(admin_user_)
    action = ProposedActionFactory()
    recommendation = action.recommendation
    first = recommendation.history.earliest()
    recommendation.text = "Later words"
    recommendation.save()
    revert = reverse(
        "admin:recommendations_recommendation_simple_history", args=[recommendation.pk, first.history_id]
    )

    assert client.get(revert).status_code == 200
    response = client.post(revert, admin_form_data(recommendation, action, text=first.text))

    assert response.status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.text == "Later words"


def test_admin_history_page_opens(client, admin_user_):
    client.force_login(admin_user_)
    recommendation = ProposedActionFactory().recommendation
    url = reverse("admin:recommendations_recommendation_history", args=[recommendation.pk])
    assert client.get(url).status_code == 200
