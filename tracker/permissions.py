"""Who may do what: the access table of docs/access.md, in one place.

Each rule is a function of the user (and the record); views call them through `require()` or the
`role_required` decorator, so the server checks every request, whatever a page shows or hides.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

from .models import Role


def is_administrator(user) -> bool:
    return user.is_authenticated and user.role == Role.ADMINISTRATOR


def has_role(user, *roles) -> bool:
    """Signed in with one of `roles`; administrators have every role."""
    return is_administrator(user) or (user.is_authenticated and user.role in roles)


def officer_of(user):
    """The officer record the user signs in as, or None."""
    return getattr(user, "officer", None) if user.is_authenticated else None


def leads(user, recommendation, action=None) -> bool:
    """Whether the user is the lead officer of the recommendation, or of the action if given."""
    officer = officer_of(user)
    if officer is None:
        return False
    if recommendation.lead_officer_id == officer.pk:
        return True
    if action is not None:
        return officer.pk in {lead.pk for lead in action.lead_officers.all()}
    if "actions" in getattr(recommendation, "_prefetched_objects_cache", {}):
        # The page read the actions with their lead officers: no need to ask the database again.
        return any(
            officer.pk in {lead.pk for lead in each.lead_officers.all()}
            for each in recommendation.actions.all()
        )
    return recommendation.actions.filter(lead_officers=officer).exists()


def can_write_update(user, recommendation, action=None) -> bool:
    """Lead officers write updates for what they lead; the coordinator records one for any item on
    its lead officer's behalf (the council's process: updates gathered "through regular liaison
    with the service"); administrators write any."""
    return has_role(user, Role.COORDINATOR) or (
        has_role(user, Role.LEAD_OFFICER) and leads(user, recommendation, action)
    )


def can_read_update(user, update) -> bool:
    """A draft, never yet submitted, is its writer's own: its author and the item's lead officers
    read it, and the coordinators (administrators among them) when one of them entered it on a lead
    officer's behalf. Nobody else reads or writes over it in the service. Once submitted (then
    accepted or returned) it is part of the record, read by anyone signed in."""
    if not user.is_authenticated:
        return False
    if update.state != update.State.DRAFT or update.author_id == user.pk:
        return True
    if update.on_behalf_of_id is not None and has_role(user, Role.COORDINATOR):
        return True
    return leads(user, update.recommendation, update.action)


def writes_on_behalf(user, recommendation, action=None) -> bool:
    """Whether the user records this item's update for its lead officer rather than as its lead."""
    return has_role(user, Role.COORDINATOR) and not leads(user, recommendation, action)


def can_review_updates(user) -> bool:
    """Accept or return submitted updates and verify completions."""
    return has_role(user, Role.COORDINATOR)


def can_manage_reviews(user) -> bool:
    """Set up a review (its title, themes), correct it and archive it."""
    return has_role(user, Role.COORDINATOR, Role.ADMINISTRATOR)


def can_manage_periods(user) -> bool:
    """Open and close reporting quarters."""
    return has_role(user, Role.COORDINATOR)


def can_assign_lead_officers(user) -> bool:
    """Assign a lead officer to a recommendation."""
    return has_role(user, Role.COORDINATOR)


def can_ask_questions(user) -> bool:
    """Put a question to the lead officer on a recommendation."""
    return has_role(user, Role.PANEL_MEMBER)


def can_answer_question(user, question) -> bool:
    """The recommendation's lead officers answer its questions (and administrators)."""
    return is_administrator(user) or (
        has_role(user, Role.LEAD_OFFICER) and leads(user, question.recommendation)
    )


def can_record_panel_recommendations(user) -> bool:
    """Record the panel's own recommendations and their responses."""
    return has_role(user, Role.PANEL_MEMBER, Role.COORDINATOR)


def can_manage_people(user) -> bool:
    """See the People page: invite accounts, link officers to them, deactivate them."""
    return has_role(user, Role.COORDINATOR)


def roles_user_may_give(user) -> list[str]:
    """The roles `user` may give an account: administrators any; the coordinator any but
    administrator, so no one gives themselves more than they have."""
    if is_administrator(user):
        return list(Role.values)
    if can_manage_people(user):
        return [role for role in Role.values if role != Role.ADMINISTRATOR]
    return []


def can_manage_account(user, account) -> bool:
    """Resend an invitation to, deactivate or reactivate `account`: never one's own, and only an
    administrator may touch an administrator's account."""
    return (
        can_manage_people(user)
        and account.pk != user.pk
        and (is_administrator(user) or account.role != Role.ADMINISTRATOR)
    )


def require(allowed: bool) -> None:
    """Answer 403 unless the rule allows it."""
    if not allowed:
        raise PermissionDenied


def role_required(rule):
    """Decorate a view with a rule of the user alone (e.g. `can_review_updates`)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require(rule(request.user))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
