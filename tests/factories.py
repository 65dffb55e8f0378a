import datetime

import factory

from panels import models as panel_models
from recommendations import models
from tracker.models import Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.PANEL_MEMBER
    password = factory.django.Password("correct horse battery staple")


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Review

    name = factory.Sequence(lambda n: f"Review {n}")
    slug = factory.Sequence(lambda n: f"review-{n}")


def review_under_test():
    """The review a test's records belong to unless it says otherwise: the first there is (the
    seed's, where a test loads it), or a new one. Tests of several reviews pass `review=`."""
    return models.Review.objects.order_by("pk").first() or ReviewFactory()


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Theme

    review = factory.LazyFunction(review_under_test)
    name = factory.Sequence(lambda n: f"Theme {n}")
    position = factory.Sequence(lambda n: n + 1)


class AssigneeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Assignee

    name = factory.Sequence(lambda n: f"Body {n}")


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Officer

    name = factory.Sequence(lambda n: f"Officer {n}")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Recommendation

    theme = factory.SubFactory(ThemeFactory)
    review = factory.SelfAttribute("theme.review")
    ref = factory.Sequence(lambda n: n + 1)
    text = factory.Faker("sentence", nb_words=14)
    assigned_to_text = "DCS"


class InProgressRecommendationFactory(RecommendationFactory):
    """A recommendation under way, rated amber: what most quarterly updates report on."""

    status = models.Status.IN_PROGRESS
    rag = models.Rag.AMBER


class CompletedRecommendationFactory(RecommendationFactory):
    status = models.Status.COMPLETED
    rag = models.Rag.COMPLETE


class ProposedActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ProposedAction

    recommendation = factory.SubFactory(RecommendationFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Faker("sentence", nb_words=10)
    timescale = "April 2010"


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReportingPeriod

    review = factory.LazyFunction(review_under_test)
    name = factory.Sequence(lambda n: f"2010/11 Q{n % 4 + 1} ({n})")
    starts = factory.Faker("date_object")
    ends = factory.LazyAttribute(lambda p: p.starts)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ProgressUpdate

    recommendation = factory.SubFactory(RecommendationFactory)
    period = factory.SubFactory(
        ReportingPeriodFactory, review=factory.SelfAttribute("..recommendation.review")
    )
    narrative = factory.Faker("paragraph")
    author = factory.SubFactory(UserFactory, role=Role.LEAD_OFFICER)


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = panel_models.Panel

    name = factory.Sequence(lambda n: f"Scrutiny Panel {n}")


class PanelReportFactory(factory.django.DjangoModelFactory):
    """A panel report stating a completion figure, as the January 2011 report does."""

    class Meta:
        model = panel_models.PanelReport

    panel = factory.SubFactory(PanelFactory)
    review = factory.LazyAttribute(
        lambda report: report.panel.reviews.order_by("pk").first() or review_under_test()
    )
    title = "Safeguarding Commission progress report"
    published = datetime.date(2011, 1, 1)
    published_text = "January 2011"
    stated_completed = 35
    stated_total = 54
    stated_on = datetime.date(2010, 9, 16)

    @factory.post_generation
    def overseen(report, create, extracted, **kwargs):
        """The panel oversees the review its report is on."""
        if create:
            report.panel.reviews.add(report.review)


class PanelMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = panel_models.PanelMember

    panel = factory.SubFactory(PanelFactory)
    name = factory.Faker("name", locale="en_GB")
    kind = panel_models.PanelMember.Kind.COUNCILLOR
    position = factory.Sequence(lambda n: n + 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = panel_models.Meeting

    panel = factory.SubFactory(PanelFactory)
    date = factory.Sequence(lambda n: datetime.date(2010, 1, 1) + datetime.timedelta(days=n))
    summary = factory.Faker("sentence", nb_words=16)


class HighlightFactory(factory.django.DjangoModelFactory):
    """A progress highlight in a panel report."""

    class Meta:
        model = panel_models.Finding

    report = factory.SubFactory(PanelReportFactory)
    kind = panel_models.Finding.Kind.HIGHLIGHT
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Faker("sentence", nb_words=16)


class ConcernFactory(HighlightFactory):
    """An area of concern in a panel report."""

    kind = panel_models.Finding.Kind.CONCERN


class PanelRecommendationFactory(factory.django.DjangoModelFactory):
    """A panel recommendation as first recorded: no response yet."""

    class Meta:
        model = panel_models.PanelRecommendation

    report = factory.SubFactory(PanelReportFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Faker("sentence", nb_words=20)


class RespondedPanelRecommendationFactory(PanelRecommendationFactory):
    """A panel recommendation with its action-plan response: agreed, with how, who and when."""

    coordinators = "Directorate for Children and Young People"
    agreed = True
    implementation = factory.Faker("sentence", nb_words=14)
    responsible = "Head of Targeted Support"
    timescale = "June 2011"
    due_date = datetime.date(2011, 6, 30)
    version = 2


class PanelRecommendationUpdateFactory(factory.django.DjangoModelFactory):
    """A quarter's progress recorded on a panel recommendation."""

    class Meta:
        model = panel_models.PanelRecommendationUpdate

    panel_recommendation = factory.SubFactory(RespondedPanelRecommendationFactory)
    # Named by path: the open-quarter factory is defined further down.
    period = factory.SubFactory("tests.factories.OpenReportingPeriodFactory")
    narrative = factory.Faker("paragraph")
    status = models.Status.IN_PROGRESS
    rag = models.Rag.GREEN
    recorded_by = factory.SubFactory(UserFactory, role=Role.PANEL_MEMBER)
    recorded_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


class AcceptedUpdateFactory(ProgressUpdateFactory):
    """An update the coordinator accepted: part of the official record."""

    state = models.ProgressUpdate.State.ACCEPTED
    submitted_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))
    reviewed_by = factory.SubFactory(UserFactory, role=Role.COORDINATOR)
    reviewed_at = factory.LazyAttribute(lambda u: u.submitted_at)


class QuestionFactory(factory.django.DjangoModelFactory):
    """A panel member's question on a recommendation, not yet answered."""

    class Meta:
        model = models.Question

    recommendation = factory.SubFactory(RecommendationFactory)
    text = factory.Faker("sentence", nb_words=12)
    asked_by = factory.SubFactory(UserFactory, role=Role.PANEL_MEMBER)
    asked_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


class AnsweredQuestionFactory(QuestionFactory):
    answer = factory.Faker("paragraph")
    answered_by = factory.SubFactory(UserFactory, role=Role.LEAD_OFFICER)
    answered_at = factory.LazyAttribute(lambda q: q.asked_at + datetime.timedelta(days=3))


class OfficerUserFactory(UserFactory):
    """A lead officer's account, linked to its officer record (`user.officer`)."""

    class Meta:
        skip_postgeneration_save = True

    role = Role.LEAD_OFFICER
    officer = factory.RelatedFactory(OfficerFactory, factory_related_name="user")


class OpenReportingPeriodFactory(ReportingPeriodFactory):
    """The quarter open for updates. A review has at most one open quarter, so this gives the
    review's open quarter when it already has one."""

    class Meta:
        django_get_or_create = ("review", "state")

    name = "2010/11 Q3"
    starts = datetime.date(2010, 10, 1)
    ends = datetime.date(2010, 12, 31)
    deadline = datetime.date(2011, 1, 14)
    state = models.ReportingPeriod.State.OPEN


class ClosedReportingPeriodFactory(ReportingPeriodFactory):
    """2010/11 Q2 (July to September 2010), closed: its updates are in and it reads the same forever."""

    name = "2010/11 Q2"
    starts = datetime.date(2010, 7, 1)
    ends = datetime.date(2010, 9, 30)
    state = models.ReportingPeriod.State.CLOSED


class DraftUpdateFactory(ProgressUpdateFactory):
    """The open quarter's update, saved as a draft."""

    period = factory.SubFactory(
        OpenReportingPeriodFactory, review=factory.SelfAttribute("..recommendation.review")
    )
    state = models.ProgressUpdate.State.DRAFT
    status = models.Status.IN_PROGRESS
    rag = models.Rag.AMBER


class SubmittedUpdateFactory(DraftUpdateFactory):
    """The open quarter's update, submitted and waiting for the coordinator's review."""

    state = models.ProgressUpdate.State.SUBMITTED
    submitted_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))
    version = 2


class ReturnedUpdateFactory(SubmittedUpdateFactory):
    """The open quarter's update, returned by the coordinator with a reason."""

    state = models.ProgressUpdate.State.RETURNED
    reviewed_by = factory.SubFactory(UserFactory, role=Role.COORDINATOR)
    reviewed_at = factory.LazyAttribute(lambda u: u.submitted_at)
    review_reason = "Say which schools took part in the audit."
    version = 3
