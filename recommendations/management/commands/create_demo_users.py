from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from recommendations.demo import demo_users_create


class Command(BaseCommand):
    help = (
        "Create one demo user per role (officer, coordinator, panel, admin) with the given password. "
        "Development only: refused where settings.DEMO_USERS_ALLOWED is false (production)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", default="tracker-demo", help="Password for every demo user.")

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_USERS_ALLOWED", False):
            raise CommandError("Demo users are for development only; this environment does not allow them.")
        try:
            # The same password rules as everywhere else (AUTH_PASSWORD_VALIDATORS).
            validate_password(options["password"])
        except ValidationError as refused:
            raise CommandError("That password is refused: " + " ".join(refused.messages)) from refused
        users = demo_users_create(password=options["password"])
        for user in users:
            self.stdout.write(f"{user.username:12} {user.get_role_display()}")
