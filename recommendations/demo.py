"""Demo users for development: one per role, the officer linked to the seed's "KSCB manager"."""

from django.db import transaction

from tracker.models import Role, User
from tracker.versioning import save_with_history

from .models import Officer

DEMO_USERS = [
    # username, first name, last name, role, officer they are (the report's name for the post)
    ("officer", "Olivia", "Officer", Role.LEAD_OFFICER, "KSCB manager"),
    ("coordinator", "Colin", "Coordinator", Role.COORDINATOR, None),
    ("panel", "Pat", "Panel-Member", Role.PANEL_MEMBER, None),
    ("admin", "Ada", "Administrator", Role.ADMINISTRATOR, None),
]


@transaction.atomic
def demo_users_create(*, password: str) -> list[User]:
    """Create (or reset) one demo user per role; the officer is linked to a seed officer if loaded."""
    users = []
    for username, first_name, last_name, role, officer_name in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@example.org",
                "role": role,
                "is_staff": role == Role.ADMINISTRATOR,
                "is_superuser": role == Role.ADMINISTRATOR,
            },
        )
        user.set_password(password)
        save_with_history(user, reason="Demo user for development", by=None)
        if officer_name:
            officer = Officer.objects.filter(name=officer_name).first()
            if officer and officer.user_id != user.pk:
                officer.user = user
                save_with_history(officer, reason="Linked to the demo officer account", by=None)
        users.append(user)
    return users
