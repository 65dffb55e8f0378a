"""The bench's set-up on the seed's review, the table of pages measured, and measuring one."""

from __future__ import annotations

import datetime
import math
import statistics
import time
import tracemalloc
from urllib.parse import urlencode

from bench.figures import Figures, Page

WORK_ITEMS = 50
# Each paper's downloads measured: its address name, its name in the table, its files.
PAPERS = (
    ("appendix", "Appendix 1", ("csv", "docx", "xlsx")),
    ("change-report", "changes", ("docx", "xlsx")),
    ("action-plan", "action plan", ("docx", "xlsx")),
)
QUEUED_UPDATES = 10


def longest_narrative(word: str) -> str:
    """A narrative of the longest length allowed, in lines of distinct words (none shared with
    another `word`'s), the worst case for the word-by-word comparison."""
    from recommendations.models import NARRATIVE_MAX_LENGTH

    words = (f"{word}{number}" for number in range(NARRATIVE_MAX_LENGTH))
    text = ""
    for number, each in enumerate(words):
        text += each + ("\n" if number % 12 == 11 else " ")
        if len(text) >= NARRATIVE_MAX_LENGTH:
            break
    return text[:NARRATIVE_MAX_LENGTH].strip()


def prepare() -> dict:
    """The bench's users and the seed review's later quarters (the module's docstring): the same at
    every size. What the page table needs, returned."""
    from django.db import transaction
    from django.db.models import Count, F, OuterRef, Subquery

    from recommendations import services
    from recommendations.models import (
        CLOSED_STATUSES,
        Officer,
        ProgressUpdate,
        ProposedAction,
        Rag,
        Recommendation,
        ReportingPeriod,
        Review,
        Status,
    )
    from recommendations.work import work_items
    from tracker.models import Role, User
    from tracker.versioning import save_with_history

    seed = Review.objects.order_by("pk").first()
    coordinator = User.objects.create(username="bench-coordinator", role=Role.COORDINATOR, first_name="Bench")
    panel_member = User.objects.create(username="bench-panel", role=Role.PANEL_MEMBER, first_name="Bench")
    officer_user = User.objects.create(username="bench-officer", role=Role.LEAD_OFFICER, first_name="Bench")
    with transaction.atomic():
        officer = Officer(name="Bench officer", user=officer_user)
        save_with_history(officer, reason="Bench officer", by=coordinator)
        # What the officer leads: open recommendations of the seed, and their open actions, in report
        # order, until about WORK_ITEMS items.
        led = 0
        for recommendation in (
            Recommendation.objects.for_review(seed).exclude(status__in=CLOSED_STATUSES).order_by("ref")
        ):
            if led >= WORK_ITEMS:
                break
            services.recommendation_assign_lead_officer(
                recommendation=recommendation, officer=officer, by=coordinator
            )
            led += 1
            for action in recommendation.actions.exclude(status__in=CLOSED_STATUSES).order_by("position"):
                if led >= WORK_ITEMS:
                    break
                action.lead_officers.add(officer)
                led += 1

    def quarter(name, starts, ends):
        return services.reporting_period_open(
            review=seed,
            name=name,
            starts=starts,
            ends=ends,
            deadline=ends + datetime.timedelta(days=14),
            by=coordinator,
        )

    def accepted_update(recommendation, period, narrative):
        update = services.progress_update_save(
            recommendation=recommendation,
            action=None,
            period=period,
            by=officer_user,
            narrative=narrative,
            status=Status.IN_PROGRESS,
            rag=Rag.AMBER,
        )
        update = services.progress_update_submit(update=update, by=officer_user)
        return services.progress_update_accept(update=update, by=coordinator)

    narrated = Recommendation.objects.for_review(seed).filter(lead_officer=officer).order_by("ref").first()
    q3 = quarter("2010/11 Q3", datetime.date(2010, 10, 1), datetime.date(2010, 12, 31))
    accepted_update(narrated, q3, longest_narrative("a"))
    services.reporting_period_close(period=q3, by=coordinator)
    q4 = quarter("2010/11 Q4", datetime.date(2011, 1, 1), datetime.date(2011, 3, 31))
    narrated_update = accepted_update(narrated, q4, longest_narrative("b"))
    queued = 0
    for item in work_items(officer, q4, today=datetime.date.today()):
        if queued >= QUEUED_UPDATES:
            break
        if item.update is not None:
            continue
        update = services.progress_update_save(
            recommendation=item.recommendation,
            action=item.action,
            period=q4,
            by=officer_user,
            narrative="Progress this quarter: the protocol is agreed and training has begun.",
            status=Status.IN_PROGRESS,
            rag=Rag.GREEN,
        )
        services.progress_update_submit(update=update, by=officer_user)
        queued += 1

    generated = (
        Review.objects.exclude(pk=seed.pk).filter(slug__startswith="synthetic-").order_by("-pk").first()
    )
    reviews = {"seed": seed} if generated is None else {"seed": seed, "generated": generated}
    chosen = {}
    for label, review in reviews.items():
        # The recommendation with the most recorded versions (then the lowest number): the
        # heaviest page of one recommendation. One with a lead officer, so that pages compared
        # across sizes have the same parts (Django skips a prefetch that has nothing to fetch: a
        # recommendation nobody leads costs one query fewer).
        versions = (
            Recommendation.history.model.objects.filter(id=OuterRef("pk"))
            .order_by()
            .values("id")
            .annotate(count=Count("history_id"))
            .values("count")
        )
        heaviest = (
            Recommendation.objects.for_review(review)
            .filter(lead_officer__isnull=False)
            .annotate(versions=Subquery(versions))
            .order_by(F("versions").desc(nulls_last=True), "ref")
            .first()
        )
        periods = ReportingPeriod.objects.filter(review=review)
        as_at = (
            periods.get(name="2010/11 Q2")
            if label == "seed"
            else periods.filter(state=ReportingPeriod.State.CLOSED).order_by("-ends").first()
        )
        open_quarter = periods.filter(state=ReportingPeriod.State.OPEN).order_by("-ends").first()
        chosen[label] = {
            "slug": review.slug,
            "ref": heaviest.ref,
            "as_at": as_at.pk,
            "open_quarter": open_quarter.pk,
            "searched": "safeguarding",
        }
    items = sum(1 for _ in work_items(officer, q4, today=datetime.date.today()))
    print(
        f"  the officer leads {items} items in {q4.name}; {queued} updates queued; "
        f"narratives of {len(narrated_update.narrative)} characters on recommendation {narrated.ref}",
        flush=True,
    )
    assert ProgressUpdate.objects.filter(state=ProgressUpdate.State.SUBMITTED, period=q4).count() == queued
    assert ProposedAction.objects.filter(lead_officers=officer).exists()
    return {
        "reviews": chosen,
        "narrated_ref": narrated.ref,
        "narrated_update": narrated_update.pk,
        "users": {"coordinator": coordinator.pk, "officer": officer_user.pk, "panel": panel_member.pk},
    }


def page_table(context: dict) -> list[Page]:
    """Every main page, with the addresses `context` (from `prepare`) chooses."""
    from django.urls import reverse

    from recommendations.models import Rag

    pages = []
    for label, review in context["reviews"].items():
        slug = review["slug"]

        def url(name, query=None, slug=slug, **kwargs):
            address = reverse(name, kwargs={"review": slug, **kwargs})
            return f"{address}?{urlencode(query)}" if query else address

        as_at = {"as_at": review["as_at"]}
        ref = review["ref"]
        add = [
            Page("dashboard", url("reporting:dashboard")),
            Page("dashboard as at", url("reporting:dashboard", as_at)),
            Page("list", url("recommendations:recommendation-list")),
            Page(
                "list filtered (open, amber)",
                url("recommendations:recommendation-list", {"open": "yes", "rag": Rag.AMBER}),
            ),
            Page(
                "list searched",
                url("recommendations:recommendation-list", {"q": review["searched"]}),
                kind="search",
            ),
            Page("list sorted by due date", url("recommendations:recommendation-list", {"sort": "due"})),
            Page("list, last page", url("recommendations:recommendation-list", {"page": 9999})),
            Page("list as at", url("recommendations:recommendation-list", as_at)),
            Page(f"recommendation (heaviest, {ref})", url("recommendations:recommendation-detail", ref=ref)),
            Page("recommendation as at", url("recommendations:recommendation-detail", as_at, ref=ref)),
            Page("compare (latest change)", url("recommendations:recommendation-compare", ref=ref)),
            Page("review's own queue", url("recommendations:review-queue-in-review")),
            Page("quarter's chase page", url("recommendations:period-chase", pk=review["open_quarter"])),
            Page("quarters", url("recommendations:period-list")),
            Page("papers", url("reporting:papers")),
            Page("panel recommendations", url("panels:panel-recommendation-list")),
            Page("export: list as CSV", url("recommendations:recommendation-export"), kind="export"),
            *(
                Page(
                    f"export: {title} .{extension}",
                    url(f"reporting:{paper}-download", extension=extension),
                    kind="export",
                )
                for paper, title, extensions in PAPERS
                for extension in extensions
            ),
        ]
        for page in add:
            page.review = label
        pages += add
        if label == "seed":
            narrated = context["narrated_ref"]
            pages += [
                Page(
                    "longest narratives: update's review page",
                    reverse("recommendations:review-update", kwargs={"pk": context["narrated_update"]}),
                ),
                Page(
                    "longest narratives: compare", url("recommendations:recommendation-compare", ref=narrated)
                ),
                Page("My work (officer, ~50 items)", reverse("recommendations:my-work"), user="officer"),
                Page("coordinator's queue", reverse("recommendations:review-queue"), across_reviews=True),
                Page("chasing", reverse("recommendations:chasing"), across_reviews=True),
                Page("reviews", reverse("recommendations:review-list"), across_reviews=True),
            ]
    return pages


def signed_in_clients(context: dict) -> dict:
    from django.test import Client

    from tracker.models import User

    clients = {}
    for role, pk in context["users"].items():
        client = Client()
        client.force_login(User.objects.get(pk=pk))
        clients[role] = client
    return clients


class PageError(Exception):
    pass


def read(response) -> int:
    """The response read to its end, streamed or not: its length in bytes."""
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


# A page slower than this on its first request is timed on that request alone (its queries counted
# there, its memory not traced): repeating a page of minutes would take the run hours, and a first
# request's warm-up is lost in it. Others are repeated within PAGE_BUDGET_SECONDS, at least 3 times.
SLOW_SECONDS = 20
PAGE_BUDGET_SECONDS = 60


def measure(client, floor_client, page: Page, floor_url: str, repeats: int):
    """A page's figures, each timed request beside one of the floor; the floor's times too."""
    from django.db import connection

    class Counted:
        """The queries run inside (a wrapper on the connection: the test client's request signal
        empties the connection's query log, which CaptureQueriesContext reads)."""

        def __init__(self):
            self.count = 0

        def __call__(self, execute, sql, params, many, context):
            self.count += 1
            return execute(sql, params, many, context)

        def __enter__(self):
            self.wrapping = connection.execute_wrapper(self)
            self.wrapping.__enter__()
            return self

        def __exit__(self, *exc):
            self.wrapping.__exit__(*exc)

    def get(which, url):
        response = which.get(url)
        if response.status_code != 200:
            raise PageError(f"{page.name} ({page.review}) {url}: {response.status_code}")
        return response, read(response)

    def timed_floor():
        began = time.perf_counter()
        get(floor_client, floor_url)
        return time.perf_counter() - began

    began = time.perf_counter()
    with Counted() as queries:
        response, size = get(client, page.url)  # the warm-up: timed only if the page is outrageous
    first = time.perf_counter() - began
    if first > SLOW_SECONDS:
        durations, floors, peak = [first], [timed_floor() for _ in range(3)], None
    else:
        timed_floor()
        with Counted() as queries:
            began = time.perf_counter()
            response, size = get(client, page.url)
            second = time.perf_counter() - began
        count = max(3, min(repeats, int(PAGE_BUDGET_SECONDS / max(second, 1e-3))))
        durations, floors = [], []
        for _ in range(count):
            floors.append(timed_floor())
            began = time.perf_counter()
            get(client, page.url)
            durations.append(time.perf_counter() - began)
        tracemalloc.start()
        get(client, page.url)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    durations.sort()
    median = statistics.median(durations)
    floor = statistics.median(floors)
    return (
        Figures(
            name=page.name,
            review=page.review,
            kind=page.kind,
            url=page.url,
            median_ms=median * 1000,
            p95_ms=durations[max(0, math.ceil(len(durations) * 0.95) - 1)] * 1000,
            floor_ms=floor * 1000,
            ratio=median / floor,
            queries=queries.count,
            kib=size / 1024,
            peak_mib=None if peak is None else peak / 1024 / 1024,
            streaming=response.streaming,
            samples=len(durations),
            across_reviews=page.across_reviews,
        ),
        floors,
    )
