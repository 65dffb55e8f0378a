"""The People page: officers and accounts, invitations, linking, deactivating."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from recommendations import services
from recommendations.models import Officer
from tests import factories
from tests.helpers import error_summary, officer_with_account, parse, select_options, text_of
from tracker.errors import WorkflowError
from tracker.models import Role, User

pytestmark = pytest.mark.django_db

PEOPLE = reverse("recommendations:people")
INVITE = reverse("recommendations:account-invite")


def invite(client, **fields):
    data = {
        "first_name": "Erin",
        "last_name": "Collins",
        "email": "Erin.Collins@kirklees.example",
        "role": "lead_officer",
    }
    return client.post(INVITE, {**data, **fields})


def change(client, account, action):
    return client.post(reverse("recommendations:account-change", args=[account.pk, action]))


def test_people_page_lists_officers_in_full_with_who_signs_in_and_every_account(coordinator_client):
    factories.OfficerFactory(
        name="EC", full_name="Safeguarding Officer for Schools", full_name_source="Rec 31, Lead Officer cell"
    )
    officer_with_account("LH", username="lhughes", first_name="Lynne", last_name="Hughes")

    page = coordinator_client.get(PEOPLE)

    assert page.status_code == 200
    officers = [text_of(row.markup) for row in parse(page).find_all("tbody")[0].find_all("tr")]
    assert officers[0].startswith(
        "EC Safeguarding Officer for Schools From the report: Rec 31, Lead Officer cell"
    )
    assert "No account Link an account to EC" in officers[0]
    assert "Lynne Hughes" in officers[1]
    accounts = text_of(parse(page).find_all("tbody")[1].markup)
    assert "Lynne Hughes lhughes, lhughes@example.org Signs in as LH Lead officer Active" in accounts


@pytest.mark.parametrize("role", ["lead_officer", "panel_member"])
def test_only_the_coordinator_and_administrators_see_people_or_change_accounts(client, role):
    other = factories.UserFactory(role=Role.LEAD_OFFICER)
    client.force_login(factories.UserFactory(role=role))

    assert client.get(PEOPLE).status_code == 403
    assert client.get(INVITE).status_code == 403
    assert invite(client).status_code == 403
    assert change(client, other, "deactivate").status_code == 403
    other.refresh_from_db()
    assert other.is_active
    assert not User.objects.filter(email__iexact="erin.collins@kirklees.example").exists()
    assert mail.outbox == []


def test_coordinator_invites_an_officer_who_gets_a_link_to_set_a_password(
    coordinator_client, coordinator_user, django_capture_on_commit_callbacks
):
    ec = factories.OfficerFactory(name="EC", full_name="Safeguarding Officer for Schools")

    with django_capture_on_commit_callbacks(execute=True):
        response = invite(coordinator_client, officer=ec.pk)

    assert response.status_code == 302
    account = User.objects.get(username="erin.collins@kirklees.example")
    assert (account.role, account.email, account.get_full_name()) == (
        Role.LEAD_OFFICER,
        "Erin.Collins@kirklees.example",
        "Erin Collins",
    )
    assert not account.has_usable_password(), "nobody but Erin chooses her password"
    assert Officer.objects.get(pk=ec.pk).user == account
    assert account.history.first().history_user == coordinator_user
    (email,) = mail.outbox
    assert email.to == ["Erin.Collins@kirklees.example"]
    assert '"EC – Safeguarding Officer for Schools"' in email.body
    assert "username: erin.collins@kirklees.example" in email.body
    link = re.search(r"http://\S+/accounts/password/set/\S+/", email.body).group(0)
    assert link.startswith("http://127.0.0.1:8000/") or link.startswith("http://testserver/")


def test_an_invitation_to_an_email_already_used_is_refused_next_to_the_field(coordinator_client):
    factories.UserFactory(username="erin", email="erin.collins@kirklees.example")

    response = invite(coordinator_client)

    assert response.status_code == 200
    assert error_summary(response.content.decode()) == [
        (
            "#id_email",
            "An account already uses that email address: resend its invitation from the People page",
        )
    ]
    assert User.objects.filter(email__iexact="erin.collins@kirklees.example").count() == 1
    assert mail.outbox == []


def test_bad_invitation_input_says_what_is_wrong_and_keeps_what_was_typed(coordinator_client):
    response = invite(coordinator_client, first_name="", email="not an email", role="emperor")

    html = response.content.decode()
    assert dict(error_summary(html)) == {
        "#id_first_name": "Enter their first name",
        "#id_email": "Enter an email address in the correct format, like name@example.com",
        "#id_role": "Select a role from the list",
    }
    assert 'value="Collins"' in html
    assert not User.objects.filter(last_name="Collins").exists()


def test_the_coordinator_cannot_make_an_administrator(coordinator_client, coordinator_user):
    response = invite(coordinator_client, role="administrator")

    assert dict(error_summary(response.content.decode()))["#id_role"] == "Select a role from the list"
    with pytest.raises(WorkflowError):
        services.account_invite(
            first_name="A",
            last_name="B",
            email="a@b.example",
            role=Role.ADMINISTRATOR,
            officer=None,
            by=coordinator_user,
        )
    assert not User.objects.filter(role=Role.ADMINISTRATOR).exists()


def test_officers_already_linked_are_not_offered_to_a_new_account(coordinator_client):
    officer_with_account("LH", username="lhughes")
    free = factories.OfficerFactory(name="CP")

    options = select_options(coordinator_client.get(INVITE).content.decode(), "id_officer")

    assert [label for _, _, label in options] == ["None: they lead nothing the report names", free.name]


def test_coordinator_links_an_officer_to_an_account_and_unlinks_it(coordinator_client):
    officer = factories.OfficerFactory(name="CP")
    account = factories.UserFactory(
        role=Role.LEAD_OFFICER, first_name="Chris", last_name="Parker", username="cparker"
    )
    url = reverse("recommendations:officer-account", args=[officer.pk])

    assert coordinator_client.post(url, {"account": account.pk}).status_code == 302
    officer.refresh_from_db()
    assert officer.user == account
    assert officer.history.first().history_change_reason == "Account linked: cparker"

    coordinator_client.post(url, {"account": ""})
    officer.refresh_from_db()
    assert officer.user is None


def test_an_account_signing_in_as_another_officer_is_not_offered_and_refused(
    coordinator_client, coordinator_user
):
    taken = officer_with_account("LH", username="lhughes")
    officer = factories.OfficerFactory(name="CP")
    url = reverse("recommendations:officer-account", args=[officer.pk])

    labels = [
        label for _, _, label in select_options(coordinator_client.get(url).content.decode(), "id_account")
    ]
    assert not any("lhughes" in label for label in labels)
    response = coordinator_client.post(url, {"account": taken.user.pk})
    assert dict(error_summary(response.content.decode()))["#id_account"] == "Select an account from the list"
    with pytest.raises(WorkflowError, match="already signs in as LH"):
        services.officer_link_account(officer=officer, account=taken.user, by=coordinator_user)
    officer.refresh_from_db()
    assert officer.user is None


def test_coordinator_deactivates_and_reactivates_an_account(coordinator_client, client):
    officer = officer_with_account("LH", username="lhughes")
    account = officer.user

    change(coordinator_client, account, "deactivate")
    account.refresh_from_db()
    assert not account.is_active
    assert account.history.first().history_change_reason == "Deactivated"
    assert not client.login(username="lhughes", password="correct horse battery staple")
    assert Officer.objects.get(pk=officer.pk).user == account, "the link stays for when they return"

    change(coordinator_client, account, "reactivate")
    account.refresh_from_db()
    assert account.is_active


def test_no_one_deactivates_themselves_and_only_administrators_an_administrator(
    coordinator_client, coordinator_user, admin_user_
):
    assert change(coordinator_client, coordinator_user, "deactivate").status_code == 403
    assert change(coordinator_client, admin_user_, "deactivate").status_code == 403
    assert change(coordinator_client, admin_user_, "promote").status_code == 403
    coordinator_user.refresh_from_db()
    admin_user_.refresh_from_db()
    assert coordinator_user.is_active
    assert admin_user_.is_active


def test_resending_an_invitation_sends_a_fresh_link_only_while_no_password_is_set(
    coordinator_client, django_capture_on_commit_callbacks
):
    invite(coordinator_client)
    account = User.objects.get(username="erin.collins@kirklees.example")

    with django_capture_on_commit_callbacks(execute=True):
        change(coordinator_client, account, "resend")
    assert len(mail.outbox) == 1

    account.set_password("a password of her own")
    account.save()
    mail.outbox.clear()
    page = coordinator_client.post(
        reverse("recommendations:account-change", args=[account.pk, "resend"]), follow=True
    )
    assert "has set a password already" in page.content.decode()
    assert mail.outbox == []
