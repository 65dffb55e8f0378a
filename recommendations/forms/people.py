"""Inviting an account and linking an officer to one."""

from django import forms
from django.db.models import Q

from tracker.forms import GovukFormMixin
from tracker.models import Role, User
from tracker.permissions import roles_user_may_give

from ..models import Officer

NAME_MAX_LENGTH = 150  # Django's User.first_name and last_name


class OfficerLabelField(forms.ModelChoiceField):
    def label_from_instance(self, officer):
        return officer.name_in_full


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, account):
        name = account.get_full_name()
        return f"{name} ({account.username})" if name else account.username


class InvitationForm(GovukFormMixin, forms.Form):
    """A new account: who, their email address (also their username), their role, and the officer
    the report names whom they sign in as."""

    first_name = forms.CharField(
        label="First name",
        max_length=NAME_MAX_LENGTH,
        error_messages={
            "required": "Enter their first name",
            "max_length": f"First name must be {NAME_MAX_LENGTH} characters or fewer",
        },
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=NAME_MAX_LENGTH,
        error_messages={
            "required": "Enter their last name",
            "max_length": f"Last name must be {NAME_MAX_LENGTH} characters or fewer",
        },
    )
    email = forms.EmailField(
        label="Email address",
        max_length=150,  # it is also the username
        help_text="The invitation goes here, and it is their username.",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 150 characters or fewer",
        },
    )
    role = forms.ChoiceField(
        label="What will they do?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what they will do",
            "invalid_choice": "Select a role from the list",
        },
    )
    officer = OfficerLabelField(
        queryset=Officer.objects.none(),
        required=False,
        empty_label="None: they lead nothing the report names",
        label="Which lead officer in the report are they?",
        help_text="Only officers without an account are listed.",
        error_messages={"invalid_choice": "Select an officer from the list"},
    )

    field_options = {
        "email": {"spellcheck": "false"},
        "role": {"legend_class": "govuk-fieldset__legend--s"},
    }

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = roles_user_may_give(by)
        self.fields["role"].choices = [(value, label) for value, label in Role.choices if value in allowed]
        self.fields["officer"].queryset = Officer.objects.filter(user__isnull=True).order_by("name")


class OfficerAccountForm(GovukFormMixin, forms.Form):
    """The account that signs in as an officer, or none."""

    account = AccountChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label="No account",
        label="Who signs in as this officer?",
        help_text="Active accounts not already linked to another officer.",
        error_messages={"invalid_choice": "Select an account from the list"},
    )
    field_options = {"account": {"label_class": "govuk-label--m"}}

    def __init__(self, *args, officer: Officer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = User.objects.filter(is_active=True).filter(
            Q(officer__isnull=True) | Q(officer=officer)
        )
