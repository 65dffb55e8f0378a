"""Every URL of the site, asked by every kind of visitor, GET and POST, against docs/access.md.

The rules are in one table, `RULES`, one entry per URL name. A URL pattern with no rule fails the
test (so a new page cannot be added without saying who may use it), and so does a rule whose URL
no longer exists. A refused request (sign in, 403, 405) must change nothing in the database.

Adding a page: add its URL name to RULES with `Rule(get=..., post=...)`, each one of the
shorthands below (or a dict naming what each identity gets), and `pk=` naming the scenario record
its <int:pk> refers to. URL arguments are filled by name from `ARGUMENTS`.
"""

from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

IDENTITIES = (
    "anonymous",
    "public",
    "officer",
    "other_officer",
    "coordinator",
    "panel_member",
    "administrator",
)
SIGNED_IN = ("officer", "other_officer", "coordinator", "panel_member", "administrator")

OK = "ok"  # allowed: 200, or a redirect that is not to the sign-in page
LOGIN = "login"  # sent to sign in
FORBIDDEN = 403
NOT_ALLOWED = 405  # the method is not one this page answers
BAD_REQUEST = 400  # a post no form of the page could send (the review's decision missing)
NOT_FOUND = 404  # allowed, but the address names nothing (an import preview's unknown token)
REFUSED = {LOGIN, FORBIDDEN, NOT_ALLOWED, BAD_REQUEST, NOT_FOUND}
SIGNED_OUT = LOGIN  # signing out lands on the sign-in page


def access(default, **identities) -> dict:
    """What each identity gets: `default` for the signed-in ones unless named; anonymous visitors
    (and the public view, unless named) are sent to sign in."""
    answers = {"anonymous": LOGIN, "public": LOGIN, **dict.fromkeys(SIGNED_IN, default)}
    answers.update(identities)
    if "anonymous" in identities and "public" not in identities:
        answers["public"] = identities["anonymous"]
    return answers


def only(*allowed, refused=FORBIDDEN) -> dict:
    """Allowed to the named identities; every other signed-in one refused."""
    return access(refused, **dict.fromkeys(allowed, OK))


SIGNED_IN_READ = access(OK)
PUBLIC_READ = access(OK, public=OK)
SIGNED_IN_ONLY_GETS = access(NOT_ALLOWED)
COORDINATOR = only("coordinator", "administrator")
ANYONE = access(OK, anonymous=OK)


@dataclass(frozen=True)
class Rule:
    get: dict
    post: dict
    pk: str | None = None  # the scenario's record that <int:pk> names (a dotted path)
    query: dict = field(default_factory=dict)


RULES = {
    # tracker
    "login": Rule(get=ANYONE, post=ANYONE),
    "logout": Rule(get=access(NOT_ALLOWED), post=access(SIGNED_OUT)),
    "health-check": Rule(get=ANYONE, post=access(NOT_ALLOWED, anonymous=NOT_ALLOWED)),
    "password_change": Rule(get=SIGNED_IN_READ, post=SIGNED_IN_READ),
    "password_reset": Rule(get=ANYONE, post=ANYONE),
    "password_reset_done": Rule(get=ANYONE, post=access(NOT_ALLOWED, anonymous=NOT_ALLOWED)),
    "password_reset_confirm": Rule(get=ANYONE, post=ANYONE),  # an unknown link: said so, nothing set
    "help": Rule(get=SIGNED_IN_READ, post=SIGNED_IN_ONLY_GETS),
    "glossary": Rule(get=ANYONE, post=access(NOT_ALLOWED, anonymous=NOT_ALLOWED)),
    "accessibility": Rule(get=ANYONE, post=access(NOT_ALLOWED, anonymous=NOT_ALLOWED)),
    "privacy": Rule(get=ANYONE, post=access(NOT_ALLOWED, anonymous=NOT_ALLOWED)),
    "contact": Rule(get=ANYONE, post=access(NOT_ALLOWED, anonymous=NOT_ALLOWED)),
    # reporting
    "reporting:home": Rule(get=PUBLIC_READ, post=SIGNED_IN_ONLY_GETS),
    "reporting:first-review-redirect": Rule(get=ANYONE, post=access(308, anonymous=308)),  # moved for good
    "reporting:dashboard": Rule(get=PUBLIC_READ, post=SIGNED_IN_ONLY_GETS),
    "reporting:papers": Rule(get=SIGNED_IN_READ, post=SIGNED_IN_ONLY_GETS),
    "reporting:appendix": Rule(get=SIGNED_IN_READ, post=SIGNED_IN_ONLY_GETS),
    "reporting:appendix-download": Rule(get=SIGNED_IN_READ, post=SIGNED_IN_ONLY_GETS),
    "reporting:change-report": Rule(get=SIGNED_IN_READ, post=SIGNED_IN_ONLY_GETS),
    "reporting:change-report-download": Rule(get=SIGNED_IN_READ, post=SIGNED_IN_ONLY_GETS),
    "reporting:action-plan": Rule(get=SIGNED_IN_READ, post=SIGNED_IN_ONLY_GETS),
    "reporting:action-plan-download": Rule(get=SIGNED_IN_READ, post=SIGNED_IN_ONLY_GETS),
    # reviews
    "recommendations:review-list": Rule(get=PUBLIC_READ, post=SIGNED_IN_ONLY_GETS),
    "recommendations:review-create": Rule(get=COORDINATOR, post=COORDINATOR),
    "recommendations:review-edit": Rule(get=COORDINATOR, post=COORDINATOR),
    "recommendations:review-archive": Rule(get=COORDINATOR, post=COORDINATOR),  # refused: a quarter is open
    "imports:review-import": Rule(get=only("administrator"), post=only("administrator")),
    "imports:review-import-template": Rule(
        get=only("administrator"), post={**only("administrator"), "administrator": NOT_ALLOWED}
    ),
    # An upload that is not in this session: not found.
    "imports:review-import-preview": Rule(
        get={**only("administrator"), "administrator": 404},
        post={**only("administrator"), "administrator": 404},
    ),
    # people
    "recommendations:people": Rule(
        get=COORDINATOR, post={**COORDINATOR, "coordinator": NOT_ALLOWED, "administrator": NOT_ALLOWED}
    ),
    "recommendations:account-invite": Rule(get=COORDINATOR, post=COORDINATOR),
    "recommendations:officer-account": Rule(get=COORDINATOR, post=COORDINATOR, pk="officer_record"),
    "recommendations:account-change": Rule(
        get={**COORDINATOR, "coordinator": NOT_ALLOWED, "administrator": NOT_ALLOWED},
        post=COORDINATOR,
        pk="other_officer",
    ),
    # recommendations: reading
    "recommendations:recommendation-list": Rule(get=PUBLIC_READ, post=SIGNED_IN_ONLY_GETS),
    "recommendations:recommendation-export": Rule(get=PUBLIC_READ, post=SIGNED_IN_ONLY_GETS),
    "recommendations:recommendation-detail": Rule(get=PUBLIC_READ, post=SIGNED_IN_ONLY_GETS),
    "recommendations:recommendation-compare": Rule(get=SIGNED_IN_READ, post=SIGNED_IN_ONLY_GETS),
    "recommendations:my-work": Rule(get=SIGNED_IN_READ, post=SIGNED_IN_ONLY_GETS),
    "recommendations:what-i-lead": Rule(get=SIGNED_IN_READ, post=SIGNED_IN_ONLY_GETS),
    "recommendations:my-past-updates": Rule(get=SIGNED_IN_READ, post=SIGNED_IN_ONLY_GETS),
    "recommendations:evidence-download": Rule(get=SIGNED_IN_READ, post=SIGNED_IN_ONLY_GETS, pk="evidence"),
    "recommendations:period-list": Rule(get=SIGNED_IN_READ, post=SIGNED_IN_ONLY_GETS),
    # recommendations: questions
    "recommendations:question-ask": Rule(get=SIGNED_IN_ONLY_GETS, post=only("panel_member", "administrator")),
    "recommendations:question-answer": Rule(
        get=SIGNED_IN_ONLY_GETS, post=only("officer", "administrator"), pk="question"
    ),
    # recommendations: updates (the coordinator on behalf of the lead officer)
    "recommendations:recommendation-update": Rule(
        get=only("officer", "coordinator", "administrator"),
        post=only("officer", "coordinator", "administrator"),
    ),
    "recommendations:action-update": Rule(
        get=only("officer", "coordinator", "administrator"),
        post=only("officer", "coordinator", "administrator"),
    ),
    # recommendations: the coordinator's work
    "recommendations:lead-officer-assign": Rule(get=COORDINATOR, post=COORDINATOR),
    "recommendations:period-open": Rule(get=COORDINATOR, post=COORDINATOR),
    "recommendations:period-edit": Rule(get=COORDINATOR, post=COORDINATOR, pk="open_period"),
    "recommendations:period-delete": Rule(get=COORDINATOR, post=COORDINATOR, pk="open_period"),
    "recommendations:period-start": Rule(get=COORDINATOR, post=COORDINATOR, pk="open_period"),
    "recommendations:period-close": Rule(get=COORDINATOR, post=COORDINATOR, pk="open_period"),
    "recommendations:period-reopen": Rule(get=COORDINATOR, post=COORDINATOR, pk="closed_period"),
    "recommendations:period-chase": Rule(get=COORDINATOR, post=COORDINATOR, pk="open_period"),
    "recommendations:review-queue": Rule(
        get=COORDINATOR, post={**COORDINATOR, "coordinator": NOT_ALLOWED, "administrator": NOT_ALLOWED}
    ),
    "recommendations:review-queue-in-review": Rule(
        get=COORDINATOR, post={**COORDINATOR, "coordinator": NOT_ALLOWED, "administrator": NOT_ALLOWED}
    ),
    "recommendations:chasing": Rule(
        get=COORDINATOR, post={**COORDINATOR, "coordinator": NOT_ALLOWED, "administrator": NOT_ALLOWED}
    ),
    "recommendations:review-together": Rule(
        get={**COORDINATOR, "coordinator": NOT_ALLOWED, "administrator": NOT_ALLOWED}, post=COORDINATOR
    ),
    "recommendations:review-update": Rule(
        get=COORDINATOR,
        post={**COORDINATOR, "coordinator": BAD_REQUEST, "administrator": BAD_REQUEST},
        pk="submitted_update",
    ),
    "recommendations:correct-update": Rule(get=COORDINATOR, post=COORDINATOR, pk="accepted_update"),
    # panels
    "panels:panel-detail": Rule(get=SIGNED_IN_READ, post=SIGNED_IN_ONLY_GETS, pk="panel"),
    "panels:review-panel": Rule(get=SIGNED_IN_READ, post=SIGNED_IN_ONLY_GETS),
    "panels:panel-recommendation-list": Rule(get=SIGNED_IN_READ, post=SIGNED_IN_ONLY_GETS),
    "panels:panel-recommendation-detail": Rule(
        get=SIGNED_IN_READ, post=SIGNED_IN_ONLY_GETS, pk="panel_recommendation"
    ),
    "panels:panel-recommendation-create": Rule(
        get=only("panel_member", "coordinator", "administrator"),
        post=only("panel_member", "coordinator", "administrator"),
    ),
    "panels:panel-recommendation-response": Rule(
        get=only("panel_member", "coordinator", "administrator"),
        post=only("panel_member", "coordinator", "administrator"),
        pk="panel_recommendation",
    ),
    "panels:panel-recommendation-progress": Rule(
        get=only("panel_member", "coordinator", "administrator"),
        post=only("panel_member", "coordinator", "administrator"),
        pk="panel_recommendation",
    ),
}
# The Django admin has its own rules (staff only), checked once below, not page by page.
OWN_RULES = {"admin"}

# How each URL argument is filled from the scenario, by the argument's name.
ARGUMENTS = {
    "ref": lambda scenario, rule: scenario.recommendation.ref,
    "position": lambda scenario, rule: scenario.action.position,
    "slug": lambda scenario, rule: scenario.review.slug,
    "review": lambda scenario, rule: scenario.review.slug,
    "path": lambda scenario, rule: "recommendations/",
    "extension": lambda scenario, rule: "csv",
    "action": lambda scenario, rule: "deactivate",
    "token": lambda scenario, rule: "no-such-upload",
    "uidb64": lambda scenario, rule: "MQ",
    "token_": None,  # an address from before reviews had their own
    "pk": lambda scenario, rule: getattr(scenario, rule.pk).pk,
}


def attribute(record, path: str):
    """The scenario's record at a dotted path ("officer.officer": the lead officer's officer record)."""
    for name in path.split("."):
        record = getattr(record, name)
    return record


def url_patterns(resolver=None, namespace="", converters=None):
    """(URL name, argument names) for every named URL pattern of the site."""
    resolver = resolver or get_resolver()
    converters = converters or {}
    for pattern in resolver.url_patterns:
        found = {**converters, **getattr(pattern.pattern, "converters", {})}
        regex_groups = getattr(getattr(pattern.pattern, "regex", None), "groupindex", {})
        if not getattr(pattern.pattern, "converters", None) and regex_groups:  # a re_path's groups
            found.update(dict.fromkeys(regex_groups))
        if isinstance(pattern, URLResolver):
            if pattern.namespace in OWN_RULES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern, inner, found)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", tuple(found)


# Rows that change on every request whatever it is allowed (a session, a sign-in attempt).
NOT_STATE = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


def database_state() -> dict:
    """Each table's row count and highest id, in one query: a write anywhere changes one (a
    change to a tracked record adds a history row)."""
    quote = connection.ops.quote_name
    parts = [
        f"SELECT '{model._meta.label_lower}', COUNT(*), MAX({quote(model._meta.pk.column)}) "
        f"FROM {quote(model._meta.db_table)}"
        for model in apps.get_models()
        if model._meta.label_lower not in NOT_STATE and model._meta.managed
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return {label: (count, top) for label, count, top in cursor.fetchall()}


def outcome(response) -> object:
    if response.status_code in (200, 204):
        return OK
    if response.status_code in (301, 302):
        return LOGIN if response.url.startswith(reverse("login")) else OK
    return response.status_code


def test_every_url_pattern_has_a_rule_and_every_rule_a_url_pattern():
    names = {name for name, _ in url_patterns()}
    assert sorted(names - set(RULES)) == [], "add these URL names to RULES in tests/test_access_matrix.py"
    assert sorted(set(RULES) - names) == [], "these rules name URLs that no longer exist"


def test_every_url_answers_every_identity_as_the_rules_say(client, scenario, settings):
    unexpected = []
    for name, arguments in url_patterns():
        rule = RULES[name]
        missing = [argument for argument in arguments if argument not in ARGUMENTS]
        assert not missing, f"{name}: add how to fill {missing} to ARGUMENTS"
        url = reverse(name, kwargs={argument: ARGUMENTS[argument](scenario, rule) for argument in arguments})
        for identity in IDENTITIES:
            for method, expected in (("GET", rule.get[identity]), ("POST", rule.post[identity])):
                got, changed = ask(
                    client, scenario, settings, identity, method, url, watch=expected in REFUSED
                )
                if got != expected:
                    unexpected.append(f"{method} {url} ({name}) as {identity}: {got}, expected {expected}")
                elif got in REFUSED and changed:
                    unexpected.append(
                        f"{method} {url} ({name}) as {identity}: refused, but changed {changed}"
                    )
    assert not unexpected, "\n".join(unexpected)


def ask(client, scenario, settings, identity, method, url, *, watch: bool):
    """One request, in a transaction rolled back afterwards: what it got, and (`watch`: for a
    request that should be refused) what it changed."""
    # One override a request (assigning to `settings` would nest one more each time).
    with override_settings(PUBLIC_VIEW_ENABLED=identity == "public"), transaction.atomic():
        client.logout()
        if identity in scenario.users:
            client.force_login(scenario.users[identity])
        before = database_state() if watch else {}
        response = client.get(url) if method == "GET" else client.post(url, {})
        after = database_state() if watch else {}
        transaction.set_rollback(True)
    return outcome(response), sorted(label for label in before if before[label] != after.get(label))


def test_the_admin_is_for_administrators_only(client, scenario):
    for identity in IDENTITIES:
        client.logout()
        if identity in scenario.users:
            client.force_login(scenario.users[identity])
        response = client.get(reverse("admin:index"))
        expected = 200 if identity == "administrator" else 302
        assert response.status_code == expected, identity
        if expected == 302:
            assert response.url.startswith(reverse("admin:login")) or response.url.startswith(
                reverse("login")
            )


def test_the_state_check_sees_a_change_to_a_tracked_record(scenario):
    from tracker.versioning import save_with_history

    before = database_state()
    scenario.recommendation.text = "Changed by a request that should have been refused"
    save_with_history(scenario.recommendation, reason="test", by=None)
    after = database_state()
    assert [label for label in before if before[label] != after[label]] == [
        "recommendations.historicalrecommendation"
    ]
