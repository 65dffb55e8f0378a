import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from recommendations.models import Officer
from tests import factories
from tracker.models import Role, User

pytestmark = pytest.mark.django_db


def test_demo_users_one_per_role_can_sign_in(client):
    call_command("create_demo_users", "--password", "a-demo-password", verbosity=0)
    assert set(User.objects.values_list("username", "role")) == {
        ("officer", Role.LEAD_OFFICER),
        ("coordinator", Role.COORDINATOR),
        ("panel", Role.PANEL_MEMBER),
        ("admin", Role.ADMINISTRATOR),
    }
    signed_in = client.post(reverse("login"), {"username": "coordinator", "password": "a-demo-password"})
    assert signed_in.status_code == 302
    assert int(client.session["_auth_user_id"]) == User.objects.get(username="coordinator").pk
    assert User.objects.get(username="admin").is_superuser


@pytest.mark.parametrize("password", ["short", "password123", "12345678901"])
def test_demo_users_refuse_a_password_the_validators_refuse(password):
    with pytest.raises(CommandError, match="That password is refused"):
        call_command("create_demo_users", "--password", password, verbosity=0)
    assert not User.objects.exists()


def test_demo_users_twice_creates_no_duplicates():
    call_command("create_demo_users", verbosity=0)
    call_command("create_demo_users", verbosity=0)
    assert User.objects.count() == 4


def test_demo_officer_is_linked_to_the_seed_officer():
    factories.OfficerFactory(name="Head of Service")
    factories.OfficerFactory(name="KSCB manager")

    call_command("create_demo_users", verbosity=0)

    assert Officer.objects.get(name="KSCB manager").user.username == "officer"


def test_demo_users_are_refused_where_not_allowed(settings):
    settings.DEMO_USERS_ALLOWED = False
    with pytest.raises(CommandError, match="development only"):
        call_command("create_demo_users", verbosity=0)
    assert not User.objects.exists()


def test_demo_user_changes_are_recorded_in_history():
    call_command("create_demo_users", verbosity=0)
    officer = User.objects.get(username="officer")
    assert officer.history.first().history_change_reason == "Demo user for development"
