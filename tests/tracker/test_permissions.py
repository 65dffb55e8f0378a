"""Each rule of the access table (docs/access.md), for every role."""

import pytest

from recommendations.models import Question
from tests.factories import OfficerFactory, ProposedActionFactory, RecommendationFactory, UserFactory
from tracker import permissions
from tracker.models import Role

pytestmark = pytest.mark.django_db

ROLES = [Role.LEAD_OFFICER, Role.COORDINATOR, Role.PANEL_MEMBER, Role.ADMINISTRATOR]


def user_with(role, officer_name=None):
    user = UserFactory(role=role)
    if officer_name:
        OfficerFactory(name=officer_name, user=user)
    return user


@pytest.mark.parametrize(
    ("rule", "allowed"),
    [
        (permissions.can_review_updates, {Role.COORDINATOR, Role.ADMINISTRATOR}),
        (permissions.can_manage_periods, {Role.COORDINATOR, Role.ADMINISTRATOR}),
        (permissions.can_assign_lead_officers, {Role.COORDINATOR, Role.ADMINISTRATOR}),
        (permissions.can_ask_questions, {Role.PANEL_MEMBER, Role.ADMINISTRATOR}),
        (
            permissions.can_record_panel_recommendations,
            {Role.PANEL_MEMBER, Role.COORDINATOR, Role.ADMINISTRATOR},
        ),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_rules_of_the_role_alone(rule, allowed):
    for role in ROLES:
        assert rule(user_with(role)) is (role in allowed), (rule.__name__, role)


def test_anonymous_users_may_do_nothing(rf):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    recommendation = RecommendationFactory()
    assert not permissions.can_review_updates(anonymous)
    assert not permissions.can_ask_questions(anonymous)
    assert not permissions.can_write_update(anonymous, recommendation)


def test_lead_officer_writes_updates_for_the_recommendation_they_lead():
    officer = user_with(Role.LEAD_OFFICER, "Head of Service")
    led = RecommendationFactory(lead_officer=officer.officer)
    other = RecommendationFactory()
    assert permissions.can_write_update(officer, led)
    assert not permissions.can_write_update(officer, other)


def test_lead_officer_writes_updates_for_an_action_they_lead_only():
    officer = user_with(Role.LEAD_OFFICER, "KSCB manager")
    theirs = ProposedActionFactory()
    theirs.lead_officers.add(officer.officer)
    someone_elses = ProposedActionFactory(recommendation=theirs.recommendation, position=2)
    assert permissions.can_write_update(officer, theirs.recommendation, theirs)
    assert not permissions.can_write_update(officer, theirs.recommendation, someone_elses)
    # Leading one action lets them report on the recommendation as a whole too.
    assert permissions.can_write_update(officer, theirs.recommendation)


def test_the_recommendations_lead_writes_updates_for_all_its_actions():
    officer = user_with(Role.LEAD_OFFICER, "Head of Service")
    action = ProposedActionFactory(recommendation=RecommendationFactory(lead_officer=officer.officer))
    assert permissions.can_write_update(officer, action.recommendation, action)


def test_officer_cannot_edit_another_officers_action():
    officer = user_with(Role.LEAD_OFFICER, "LH")
    action = ProposedActionFactory()
    action.lead_officers.add(OfficerFactory(name="CP"))
    assert not permissions.can_write_update(officer, action.recommendation, action)


def test_an_officer_without_an_officer_record_leads_nothing():
    officer = user_with(Role.LEAD_OFFICER)
    action = ProposedActionFactory()
    assert not permissions.can_write_update(officer, action.recommendation, action)


def test_panel_members_never_write_updates_even_if_linked_to_an_officer():
    user = user_with(Role.PANEL_MEMBER, "Linked post")
    recommendation = RecommendationFactory(lead_officer=user.officer)
    assert not permissions.can_write_update(user, recommendation)


def test_the_coordinator_records_any_update_on_its_lead_officers_behalf():
    coordinator = user_with(Role.COORDINATOR)
    action = ProposedActionFactory()
    assert permissions.can_write_update(coordinator, action.recommendation)
    assert permissions.can_write_update(coordinator, action.recommendation, action)
    assert permissions.writes_on_behalf(coordinator, action.recommendation, action)


def test_administrator_writes_any_update_and_answers_any_question():
    admin = user_with(Role.ADMINISTRATOR)
    recommendation = RecommendationFactory()
    question = Question(recommendation=recommendation, text="?", asked_by=admin)
    assert permissions.can_write_update(admin, recommendation)
    assert permissions.can_answer_question(admin, question)


def test_only_the_lead_officer_answers_questions_on_their_recommendation():
    officer = user_with(Role.LEAD_OFFICER, "Head of Service")
    other_officer = user_with(Role.LEAD_OFFICER, "Another post")
    panel_member = user_with(Role.PANEL_MEMBER)
    recommendation = RecommendationFactory(lead_officer=officer.officer)
    question = Question(recommendation=recommendation, text="?", asked_by=panel_member)
    assert permissions.can_answer_question(officer, question)
    assert not permissions.can_answer_question(other_officer, question)
    assert not permissions.can_answer_question(panel_member, question)
    assert not permissions.can_answer_question(user_with(Role.COORDINATOR), question)


def test_role_required_answers_403_for_a_forbidden_role(rf):
    from django.core.exceptions import PermissionDenied
    from django.http import HttpResponse

    view = permissions.role_required(permissions.can_review_updates)(lambda request: HttpResponse("ok"))
    request = rf.get("/review/")
    request.user = user_with(Role.PANEL_MEMBER)
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = user_with(Role.COORDINATOR)
    assert view(request).content == b"ok"
