"""Synthetic reviews for measuring the service at scale (`generate_synthetic --size s|m|l`).

Deterministic for a seed. Each review has themes, recommendations and proposed actions, officers
(some with accounts), sixteen quarters from 2010/11 Q1 (fifteen closed and frozen, the last open),
and in each closed quarter about a third of its open recommendations and a tenth of its actions
report progress, accepted after the quarter ended: statuses move on (not started, in progress,
completed), RAG follows, some timescales slip. The open quarter holds drafts, submitted and
returned updates; some recommendations have questions; other apps add their records to each
review through `generate_also` (the panels app adds a panel, its report and its
recommendations). History rows are written as the services write them (who, when, why: "Draft
started", "Submitted for review", "Accepted", "<quarter> update accepted"), and each closed
quarter's snapshot is frozen from them. Bulk writes keep the largest size within minutes.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from tracker.models import Role, User

from .bulk import HistoryRows, insert_in_bulk, insert_rows, reserve_ids, save_in_bulk
from .models import (
    Officer,
    ProgressUpdate,
    ProposedAction,
    Question,
    Rag,
    Recommendation,
    ReportingPeriod,
    Review,
    SnapshotRow,
    Status,
    Theme,
)
from .quarters import financial_quarter

QUARTERS = 16
FIRST_QUARTER_STARTS = datetime.date(2010, 4, 1)


@dataclass(frozen=True)
class Size:
    reviews: int
    recommendations: int  # per review
    actions: int  # per recommendation


SIZES = {"m": Size(40, 50, 3), "l": Size(400, 50, 3)}

WORDS = """
assessment chronology audit safeguarding referral training multi-agency practice case file
review supervision caseload social worker team manager protocol partnership board family
support early help placement visit plan child protection conference record quality
improvement duty schools health police framework policy implementation progress completed
delayed agreed monitored reported service panel
""".split()  # noqa: SIM905 (a paragraph reads better than 48 lines)


_also: list[Callable] = []


def generate_also(make: Callable) -> None:
    """Have each synthetic review get more records (from another app's `ready()`): `make(rng,
    review, recommendations)` creates them and returns those whose history a quarter freezes."""
    if make not in _also:
        _also.append(make)


def words(rng: random.Random, low: int, high: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))
    return text[0].upper() + text[1:] + "."


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _progress(rng, status) -> tuple[str, str]:
    """A quarter later: where the work may have moved, and a RAG that follows it."""
    if status in (Status.NOT_ASSESSED, Status.NOT_STARTED):
        status = rng.choice([Status.NOT_STARTED, Status.IN_PROGRESS, Status.IN_PROGRESS])
    elif status == Status.IN_PROGRESS:
        status = rng.choices([Status.IN_PROGRESS, Status.COMPLETED, Status.NO_PROGRESS], [6, 3, 1])[0]
    rag = {
        Status.COMPLETED: Rag.COMPLETE,
        Status.NO_PROGRESS: Rag.RED,
        Status.NOT_STARTED: Rag.AMBER,
    }.get(status) or rng.choice([Rag.GREEN, Rag.AMBER, Rag.AMBER, Rag.RED])
    return status, rag


@transaction.atomic
def generate(size: str | Size, *, seed: int = 2011, stdout=None) -> dict[str, int]:
    """Add `size` synthetic reviews (beside whatever is there). What was made, counted."""
    shape = SIZES[size] if isinstance(size, str) else size
    rng = random.Random(seed)
    history = HistoryRows()
    first = Review.objects.count()
    coordinator, _ = User.objects.get_or_create(
        username="synthetic-coordinator",
        defaults={"role": Role.COORDINATOR, "first_name": "Sam", "last_name": "Coordinator"},
    )
    counts = dict.fromkeys(["reviews", "recommendations", "actions", "updates", "questions"], 0)
    for number in range(first + 1, first + shape.reviews + 1):
        review = Review.objects.create(
            name=f"Synthetic review {number}",
            slug=f"synthetic-{number}",
            published=datetime.date(2010, 1, 31),
        )
        baseline = at(datetime.date(2010, 3, 31))
        history.add(review, when=baseline, kind="+", reason="Synthetic review")
        themes = Theme.objects.bulk_create(
            [Theme(review=review, name=f"Theme {position}", position=position) for position in range(1, 6)]
        )
        for theme in themes:
            history.add(theme, when=baseline, kind="+", reason="Synthetic review")
        users = User.objects.bulk_create(
            [
                User(
                    username=f"synthetic-{number}-{n}",
                    first_name=f"Officer{n}",
                    last_name=f"Review{number}",
                    role=Role.LEAD_OFFICER,
                )
                for n in range(2)
            ]
        )
        officers = Officer.objects.bulk_create(
            [Officer(name=f"Review {number} officer {n}", user=users[n] if n < 2 else None) for n in range(6)]
        )
        for officer in officers:
            history.add(officer, when=baseline, kind="+", reason="Synthetic review")
        recommendations = [
            Recommendation(
                review=review,
                theme=themes[(ref - 1) * len(themes) // shape.recommendations],
                ref=ref,
                text=words(rng, 20, 60),
                assigned_to_text=rng.choice(["DCS", "KSCB", "Head of Service", "DCS & KSCB"]),
                lead_officer=rng.choice(officers) if rng.random() < 0.6 else None,
                focus=rng.random() < 0.2,
            )
            for ref in range(1, shape.recommendations + 1)
        ]
        reserve_ids(recommendations)
        actions = [
            ProposedAction(
                recommendation=recommendation,
                position=position,
                text=words(rng, 10, 40),
                lead_officer_text=rng.choice(officers).name,
                timescale=(
                    due := FIRST_QUARTER_STARTS + datetime.timedelta(days=rng.randint(60, 1400))
                ).strftime("%B %Y"),
                due_date=due,
            )
            for recommendation in recommendations
            for position in range(1, shape.actions + 1)
        ]
        reserve_ids(actions)
        insert_rows(
            ProposedAction.lead_officers.through,
            ["proposedaction", "officer"],
            [(action.pk, rng.choice(officers).pk) for action in actions],
        )
        latest = {}  # (model, id) -> history row, as each quarter closes
        for record in (*recommendations, *actions):
            latest[(type(record), record.pk)] = history.add(
                record, when=baseline, kind="+", reason="Synthetic baseline"
            )
        for make in _also:
            for record in make(rng, review, recommendations):
                latest[(type(record), record.pk)] = history.add(
                    record, when=baseline, kind="+", reason="Synthetic baseline"
                )
        periods = []
        day = FIRST_QUARTER_STARTS
        for index in range(QUARTERS):
            quarter = financial_quarter(day)
            is_open = index == QUARTERS - 1
            period = ReportingPeriod(
                review=review,
                name=quarter.name,
                starts=quarter.starts,
                ends=quarter.ends,
                deadline=quarter.ends + datetime.timedelta(days=14),
                state=ReportingPeriod.State.OPEN if is_open else ReportingPeriod.State.CLOSED,
                closed_at=None if is_open else at(quarter.ends + datetime.timedelta(days=30)),
            )
            periods.append(period)
            day = quarter.ends + datetime.timedelta(days=1)
        ReportingPeriod.objects.bulk_create(periods)
        updates = []
        for period in periods:
            history.add(period, when=at(period.starts), kind="+", reason="Opened for updates", by=coordinator)
            if period.closed_at:
                history.add(period, when=period.closed_at, kind="~", reason="Closed", by=coordinator)
                updates += _accepted_quarter(
                    rng, history, latest, period, recommendations, actions, officers, coordinator
                )
            else:
                updates += _open_quarter(rng, period, recommendations, officers, coordinator)
        # The records as the last quarter left them (their history rows are written alongside).
        save_in_bulk(recommendations, ["status", "rag", "progress", "version"])
        save_in_bulk(actions, ["status", "progress", "timescale", "due_date", "original_due_date", "version"])
        insert_in_bulk(updates)
        for update in updates:
            moves = update._moves
            for when, kind, reason, by in moves:
                history.add(update, when=when, kind=kind, reason=reason, by=by)
        questions = [
            Question(
                recommendation=recommendation,
                text=words(rng, 8, 20).rstrip(".") + "?",
                asked_by=coordinator,
                asked_at=at(periods[-1].starts + datetime.timedelta(days=rng.randint(0, 60))),
            )
            for recommendation in rng.sample(recommendations, k=max(1, len(recommendations) // 10))
        ]
        Question.objects.bulk_create(questions)
        history.write()
        snapshot_rows = []
        for period in periods:
            if period.closed_at:
                snapshot_rows += [
                    (period.pk, model._meta.label_lower, record_id, row.history_id)
                    for (model, record_id), row in period._frozen_rows.items()
                ]
        insert_rows(SnapshotRow, ["period", "record_type", "record_id", "history_id"], snapshot_rows)
        counts["reviews"] += 1
        counts["recommendations"] += len(recommendations)
        counts["actions"] += len(actions)
        counts["updates"] += len(updates)
        counts["questions"] += len(questions)
        if stdout is not None and (number - first) % 20 == 0:
            stdout.write(f"  {number - first} of {shape.reviews} reviews")
    return counts


def _accepted_quarter(rng, history, latest, period, recommendations, actions, officers, coordinator):
    """A closed quarter's accepted updates, and the record changes they made; then its snapshot."""
    updates = []
    accepted_on = period.ends + datetime.timedelta(days=rng.randint(5, 25))
    for record in (*recommendations, *actions):
        is_action = isinstance(record, ProposedAction)
        if record.status in (Status.COMPLETED, Status.SUPERSEDED) or rng.random() > (
            0.1 if is_action else 0.35
        ):
            continue
        status, rag = _progress(rng, record.status)
        officer = rng.choice(officers)
        author = officer.user or coordinator  # an officer with no account: entered on their behalf
        update = ProgressUpdate(
            recommendation_id=record.recommendation_id if is_action else record.pk,
            on_behalf_of=None if officer.user else officer,
            action_id=record.pk if is_action else None,
            period=period,
            narrative=words(rng, 30, 120),
            status=status,
            rag=rag,
            evidence_links="https://example.org/evidence" if status == Status.COMPLETED else "",
            state=ProgressUpdate.State.ACCEPTED,
            author=author,
            submitted_at=at(accepted_on - datetime.timedelta(days=3)),
            reviewed_by=coordinator,
            reviewed_at=at(accepted_on),
            completion_verified=status == Status.COMPLETED,
            version=3,
        )
        update._moves = [
            (at(accepted_on - datetime.timedelta(days=4)), "+", "Draft started", author),
            (update.submitted_at, "~", "Submitted for review", author),
            (
                update.reviewed_at,
                "~",
                "Accepted, completion verified" if update.completion_verified else "Accepted",
                coordinator,
            ),
        ]
        updates.append(update)
        record.status, record.progress = status, update.narrative
        if is_action:
            if rng.random() < 0.15:  # the timescale slips
                record.original_due_date = record.original_due_date or record.due_date
                record.due_date = (record.due_date or period.ends) + datetime.timedelta(
                    days=rng.randint(60, 240)
                )
                record.timescale = record.due_date.strftime("%B %Y")
                update.revised_timescale, update.revised_due_date = record.timescale, record.due_date
        else:
            record.rag = rag
        record.version += 1
        latest[(type(record), record.pk)] = history.add(
            record, when=update.reviewed_at, kind="~", reason=f"{period.name} update accepted", by=coordinator
        )
    # The snapshot: each record's latest history row when the quarter closed. Ids come once the
    # rows are written, so keep the rows and read their ids then.
    period._frozen_rows = dict(latest)
    return updates


def _open_quarter(rng, period, recommendations, officers, coordinator):
    """The open quarter: some drafts, some submitted, a few returned; nothing accepted yet."""
    updates = []
    for recommendation in recommendations:
        roll = rng.random()
        if roll > 0.5:
            continue
        state = (
            ProgressUpdate.State.DRAFT
            if roll < 0.25
            else ProgressUpdate.State.SUBMITTED
            if roll < 0.45
            else ProgressUpdate.State.RETURNED
        )
        officer = rng.choice(officers)
        author = officer.user or coordinator
        status, rag = _progress(rng, recommendation.status)
        update = ProgressUpdate(
            recommendation=recommendation,
            on_behalf_of=None if officer.user else officer,
            period=period,
            narrative=words(rng, 30, 120),
            status=status,
            rag=rag,
            state=state,
            author=author,
            submitted_at=at(period.ends) if state != ProgressUpdate.State.DRAFT else None,
            version=2,
        )
        update._moves = [(at(period.ends - datetime.timedelta(days=5)), "+", "Draft started", author)]
        if state != ProgressUpdate.State.DRAFT:
            update._moves.append((at(period.ends), "~", "Submitted for review", author))
        updates.append(update)
    return updates
