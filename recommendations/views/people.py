"""The People page: the officers the report names, the accounts that sign in, and the links
between them; inviting, deactivating and reactivating accounts."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tracker.errors import WorkflowError
from tracker.models import User
from tracker.permissions import can_manage_account, can_manage_people, require, role_required

from .. import services
from ..forms import InvitationForm, OfficerAccountForm
from ..models import Officer
from .mixins import query_without

PEOPLE_PER_PAGE = 50


def _account_state(account) -> str:
    if not account.is_active:
        return "Deactivated"
    if not account.has_usable_password():
        return "Invited: no password set yet"
    return "Active"


@role_required(can_manage_people)
@require_safe
def people(request):
    """Officers as the report names them, with who signs in as each; then every account: each a
    page at a time (`page`, `accounts_page`), counted by the database."""
    officers = (
        Officer.objects.select_related("user")
        .annotate(
            led_actions=Count("actions", distinct=True),
            recommendations_led=Count("led_recommendations", distinct=True),
        )
        .order_by("name", "pk")
    )
    officer_page = Paginator(officers, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    accounts = User.objects.select_related("officer").order_by(
        "-is_active", "last_name", "first_name", "username", "pk"
    )
    account_page = Paginator(accounts, PEOPLE_PER_PAGE).get_page(request.GET.get("accounts_page"))
    rows = [
        {
            "account": account,
            "state": _account_state(account),
            "invited": account.is_active and not account.has_usable_password(),
            "manageable": can_manage_account(request.user, account),
        }
        for account in account_page.object_list
    ]
    return render(
        request,
        "recommendations/people.html",
        {
            "officers": officer_page.object_list,
            "officer_page": officer_page,
            "officer_pages": _page_range(officer_page),
            "officer_query": query_without(request.GET, "page").urlencode(),
            "accounts": rows,
            "account_page": account_page,
            "account_pages": _page_range(account_page),
            "account_query": query_without(request.GET, "accounts_page").urlencode(),
            "without_account": Officer.objects.filter(user__isnull=True).count(),
        },
    )


def _page_range(page):
    return page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)


@role_required(can_manage_people)
@require_http_methods(["GET", "POST"])
def account_invite(request):
    """A new account, and an email inviting its person to set a password."""
    form = InvitationForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.account_invite(**form.cleaned_data, by=request.user)
        except WorkflowError as error:
            form.refuse(error)
        else:
            messages.success(request, f"{account} has been invited: an email went to {account.email}.")
            return redirect("recommendations:people")
    return render(
        request, "recommendations/account_invite.html", {"form": form, "errors": form.error_links()}
    )


@role_required(can_manage_people)
@require_http_methods(["GET", "POST"])
def officer_account(request, pk):
    """Link an officer the report names to the account that signs in as them, or unlink it."""
    officer = get_object_or_404(Officer.objects.select_related("user"), pk=pk)
    form = OfficerAccountForm(request.POST or None, officer=officer, initial={"account": officer.user_id})
    if request.method == "POST" and form.is_valid():
        account = form.cleaned_data["account"]
        try:
            services.officer_link_account(officer=officer, account=account, by=request.user)
        except WorkflowError as error:
            form.refuse(error)
        else:
            messages.success(
                request,
                f"{account} now signs in as {officer.name_in_full}."
                if account
                else f"No account signs in as {officer.name_in_full} now.",
            )
            return redirect("recommendations:people")
    return render(
        request,
        "recommendations/officer_account.html",
        {"officer": officer, "form": form, "errors": form.error_links()},
    )


ACCOUNT_ACTIONS = {
    "resend": (services.account_invitation_resend, "A new invitation went to {email}."),
    "deactivate": (services.account_deactivate, "{account} can no longer sign in."),
    "reactivate": (services.account_reactivate, "{account} can sign in again."),
}


@role_required(can_manage_people)
@require_POST
def account_change(request, pk, action):
    """Resend an account's invitation, deactivate it or reactivate it."""
    account = get_object_or_404(User, pk=pk)
    require(action in ACCOUNT_ACTIONS and can_manage_account(request.user, account))
    service, said = ACCOUNT_ACTIONS[action]
    try:
        service(account=account, by=request.user)
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, said.format(account=account, email=account.email))
    return redirect("recommendations:people")
