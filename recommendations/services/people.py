"""Accounts and the officers they sign in as: inviting, linking, deactivating.

An account is made without a password; its invitation email links to the page where the person
sets one (Django's password-reset token, `tracker.passwords.invitation_link`), so no password is
ever chosen by someone else or sent by email.
"""

from django.db import transaction

from tracker.errors import WorkflowError
from tracker.models import User
from tracker.permissions import can_manage_account, roles_user_may_give
from tracker.versioning import save_with_history

from .. import notifications
from ..models import Officer


def _refuse_unless_may_manage(account: User, by: User) -> None:
    if not can_manage_account(by, account):
        raise WorkflowError(f"You cannot change the account of {account}.")


@transaction.atomic
def account_invite(
    *, first_name: str, last_name: str, email: str, role: str, officer: Officer | None, by: User
) -> User:
    """Make an account (its username the email address) with no password, link it to the officer
    the report names, and email the person a link to set their password."""
    email = email.strip()
    if role not in roles_user_may_give(by):
        raise WorkflowError("You cannot give an account that role.", field="role")
    if (
        User.objects.filter(email__iexact=email).exists()
        or User.objects.filter(username__iexact=email).exists()
    ):
        raise WorkflowError(
            "An account already uses that email address: resend its invitation from the People page",
            field="email",
        )
    account = User(
        username=email.lower(),
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=role,
    )
    account.set_unusable_password()
    save_with_history(account, reason="Invited", by=by)
    if officer is not None:
        officer_link_account(officer=officer, account=account, by=by)
    transaction.on_commit(lambda: notifications.invitation_send(account=account, by=by), robust=True)
    return account


@transaction.atomic
def account_invitation_resend(*, account: User, by: User) -> None:
    """Email the invitation again: a fresh link; an earlier one still works until a password is set."""
    _refuse_unless_may_manage(account, by)
    if not account.is_active:
        raise WorkflowError(f"{account}'s account is deactivated: reactivate it first.")
    if account.has_usable_password():
        raise WorkflowError(f"{account} has set a password already: they can reset it from the sign-in page.")
    transaction.on_commit(lambda: notifications.invitation_send(account=account, by=by), robust=True)


@transaction.atomic
def account_deactivate(*, account: User, by: User) -> User:
    """Stop an account signing in; what it did stays, and so does its link to its officer."""
    account = User.objects.select_for_update().get(pk=account.pk)
    _refuse_unless_may_manage(account, by)
    if not account.is_active:
        raise WorkflowError(f"{account}'s account is deactivated already.")
    account.is_active = False
    save_with_history(account, reason="Deactivated", by=by)
    return account


@transaction.atomic
def account_reactivate(*, account: User, by: User) -> User:
    """Let a deactivated account sign in again."""
    account = User.objects.select_for_update().get(pk=account.pk)
    _refuse_unless_may_manage(account, by)
    if account.is_active:
        raise WorkflowError(f"{account}'s account is active already.")
    account.is_active = True
    save_with_history(account, reason="Reactivated", by=by)
    return account


@transaction.atomic
def officer_link_account(*, officer: Officer, account: User | None, by: User) -> Officer:
    """Say which account signs in as the officer the report names (or none): that account then
    sees and reports on what the officer leads."""
    officer = Officer.objects.select_for_update().get(pk=officer.pk)
    if account is not None:
        taken = Officer.objects.filter(user=account).exclude(pk=officer.pk).first()
        if taken is not None:
            raise WorkflowError(
                f"{account} already signs in as {taken.name_in_full}: unlink them there first",
                field="account",
            )
    officer.user = account
    save_with_history(
        officer, reason=f"Account linked: {account.username}" if account else "Account unlinked", by=by
    )
    return officer
