import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from tests import factories


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` skip on another database, or fail where PostgreSQL is required."""
    if connection.vendor == "postgresql":
        return
    if settings.REQUIRE_POSTGRES:
        raise pytest.UsageError(f"REQUIRE_POSTGRES is set but the database is {connection.vendor}.")
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/name")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """With FAIL_ON_SKIP set (CI), a skipped test is reported as a failure: CI must run them all."""
    report = yield
    if os.environ.get("FAIL_ON_SKIP") and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped where every test must run: {report.longrepr}"
    return report


@pytest.fixture
def appendix(db):
    """The shipped seed data: Appendix 1 and the panel, loaded as `loaddata appendix` does."""
    call_command("loaddata", "appendix", verbosity=0)


@pytest.fixture
def officer_user(db):
    return factories.UserFactory(role="lead_officer")


@pytest.fixture
def coordinator_user(db):
    return factories.UserFactory(role="coordinator")


@pytest.fixture
def panel_member_user(db):
    return factories.UserFactory(role="panel_member")


@pytest.fixture
def admin_user_(db):
    return factories.UserFactory(role="administrator", is_staff=True, is_superuser=True)


@pytest.fixture
def officer_client(client, officer_user):
    client.force_login(officer_user)
    return client


@pytest.fixture
def coordinator_client(client, coordinator_user):
    client.force_login(coordinator_user)
    return client


@pytest.fixture
def panel_member_client(client, panel_member_user):
    client.force_login(panel_member_user)
    return client
