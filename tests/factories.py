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


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Theme

    review = factory.SubFactory(ReviewFactory)
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

    review = factory.SubFactory(ReviewFactory)
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
    title = "Safeguarding Commission progress report"
    published = datetime.date(2011, 1, 1)
    published_text = "January 2011"
    stated_completed = 35
    stated_total = 54
    stated_on = datetime.date(2010, 9, 16)
