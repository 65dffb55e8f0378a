import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from tests import factories
from tests.scenario import scenario  # noqa: F401  (a fixture: one of everything, for every page)


def pytest_configure(config):
    """Where PostgreSQL is required (CI), a run on another database stops before it starts. This
    runs in the main process, so with pytest-xdist the message is not lost in a worker's crash."""
    if settings.REQUIRE_POSTGRES and connection.vendor != "postgresql":
        raise pytest.UsageError(f"REQUIRE_POSTGRES is set but the database is {connection.vendor}.")


def pytest_collection_modifyitems(config, items):
    check_modules_use_the_appendix_for_every_test_or_none(items)
    skip_postgres_tests_elsewhere(items)


def check_modules_use_the_appendix_for_every_test_or_none(items):
    """The module-wide `appendix` stays loaded until the module's last test, so a test in the same
    module that did not ask for it would see it too: refuse such a module before anything runs. A
    transactional test cannot share the module's transaction either."""
    modules = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::")[0], []).append(item)
    for module, module_items in modules.items():
        with_appendix = [item for item in module_items if uses_the_module_wide_appendix(item)]
        if not with_appendix:
            continue
        without = [item.name for item in module_items if item not in with_appendix]
        transactional = [item.name for item in with_appendix if is_transactional(item)]
        if without or transactional:
            raise pytest.UsageError(
                f"{module} loads the appendix once for all its tests, so every test in it "
                'must use it (pytestmark = pytest.mark.usefixtures("appendix")) and none may be '
                "transactional; move these tests to a module of their own: "
                + ", ".join(without + transactional)
            )


def uses_the_module_wide_appendix(item) -> bool:
    definitions = getattr(item, "_fixtureinfo", None) and item._fixtureinfo.name2fixturedefs.get("appendix")
    return bool(definitions) and definitions[-1].scope == "module"


def is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return (
        "transactional_db" in item.fixturenames
        or "live_server" in item.fixturenames
        or bool(marker and marker.kwargs.get("transaction"))
    )


def skip_postgres_tests_elsewhere(items):
    """Tests marked `postgres` skip on another database (where PostgreSQL is required, the run
    has already stopped: see pytest_configure)."""
    if connection.vendor == "postgresql":
        return
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


@pytest.fixture(scope="module")
def appendix(django_db_setup, django_db_blocker):
    """The shipped seed data: Appendix 1 and the panel, loaded as `loaddata appendix` does, once for
    the module that uses it (loading takes about a second).

    It is loaded inside a transaction that is rolled back after the module's last test. Each test
    still runs in pytest-django's own atomic block, a savepoint inside that transaction, so what a
    test writes is gone before the next one starts. A module uses the appendix for every test or
    for none (checked at collection), so no test that did not ask for it can see it. Browser tests
    need committed rows for the live server and load it per test instead (tests/browser/conftest.py).
    """
    with django_db_blocker.unblock():
        loaded = transaction.atomic()
        loaded.__enter__()
        try:
            call_command("loaddata", "appendix", verbosity=0)
        except BaseException:
            transaction.set_rollback(True)
            loaded.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        loaded.__exit__(None, None, None)


@pytest.fixture
def officer_user(db):
    return factories.UserFactory(role="lead_officer")


@pytest.fixture
def lead_officer_user(db):
    """A lead officer's account linked to its officer record (`lead_officer_user.officer`)."""
    return factories.OfficerUserFactory()


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


class DeliveredMail(list):
    """Django's test outbox as the email worker leaves it: reading it first sends what the
    requests queued (tracker/outbox.py), so tests see the emails that would really go out."""

    def _deliver(self):
        from django.core import mail

        from tracker.outbox import send_queued

        send_queued()
        list.clear(self)
        list.extend(self, mail.outbox)

    def clear(self):
        from django.core import mail

        self._deliver()
        mail.outbox.clear()
        list.clear(self)

    def _delivered(method):
        def reading(self, *args):
            self._deliver()
            return method(self, *args)

        return reading

    __len__ = _delivered(list.__len__)
    __iter__ = _delivered(list.__iter__)
    __getitem__ = _delivered(list.__getitem__)
    __eq__ = _delivered(list.__eq__)
    __contains__ = _delivered(list.__contains__)
    __repr__ = _delivered(list.__repr__)


@pytest.fixture
def mailoutbox(mailoutbox):
    """The emails sent, once the queue is delivered (see DeliveredMail)."""
    return DeliveredMail()
