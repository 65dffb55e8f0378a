"""Every model is in the Django admin; tracked models keep their history there."""

import pytest
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from recommendations.models import Recommendation
from tests.factories import ProposedActionFactory

pytestmark = pytest.mark.django_db

TRACKED = [m for m in admin.site._registry if hasattr(m, "history")]


def test_every_domain_model_is_registered():
    from django.apps import apps

    for app in ["tracker", "recommendations", "panels"]:
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            assert model in admin.site._registry, model._meta.label


@pytest.mark.parametrize("model", TRACKED, ids=lambda m: m._meta.label)
def test_tracked_models_use_the_history_admin(model):
    assert isinstance(admin.site._registry[model], SimpleHistoryAdmin)


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_admin_list_and_add_pages_open(client, admin_user_, model):
    client.force_login(admin_user_)
    opts = model._meta
    ProposedActionFactory()
    for name in ["changelist", "add"]:
        response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}"))
        assert response.status_code == 200, (opts.label, name)


def test_an_admin_edit_records_who_changed_it(client, admin_user_):
    client.force_login(admin_user_)
    action = ProposedActionFactory()
    recommendation = action.recommendation
    url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
    response = client.get(url)
    form = response.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        text="Revised wording",
        assignees=[],
        cross_references=[],
        lead_officer="",
        **{
            "actions-TOTAL_FORMS": "1",
            "actions-INITIAL_FORMS": "1",
            "actions-0-id": str(action.pk),
            "actions-0-recommendation": str(recommendation.pk),
            "actions-0-position": str(action.position),
            "actions-0-text": action.text,
            "actions-0-status": action.status,
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = Recommendation.objects.get(pk=recommendation.pk).history.first()
    assert latest.text == "Revised wording"
    assert latest.history_user == admin_user_


def test_admin_history_page_opens(client, admin_user_):
    client.force_login(admin_user_)
    recommendation = ProposedActionFactory().recommendation
    url = reverse("admin:recommendations_recommendation_history", args=[recommendation.pk])
    assert client.get(url).status_code == 200
