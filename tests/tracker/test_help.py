"""Help for each role, the glossary, the accessibility statement, privacy and contact."""

from pathlib import Path

import pytest
from django.urls import reverse

from tests import factories
from tests.helpers import element, links_in, parse, text_of
from tracker.models import Role

pytestmark = pytest.mark.django_db

SOURCE = "/work/shared/source/000_cc87c79145f2c488.txt"
FOOTER = ["Glossary", "Accessibility", "Privacy", "Contact"]


def footer_links(html) -> list[str]:
    return [words for _, words in links_in(parse(html).find(class_="govuk-footer").markup)]


def test_the_footer_links_to_accessibility_privacy_and_contact_even_before_signing_in(client):
    assert footer_links(client.get(reverse("login")).content.decode()) == FOOTER


def test_signed_in_the_footer_links_to_help_too(panel_member_client):
    assert footer_links(panel_member_client.get(reverse("reporting:dashboard")).content.decode()) == [
        "Help",
        *FOOTER,
    ]


@pytest.mark.parametrize(
    ("role", "first"),
    [
        (Role.LEAD_OFFICER, "Lead officers"),
        (Role.COORDINATOR, "The programme coordinator"),
        (Role.PANEL_MEMBER, "Panel members"),
        (Role.ADMINISTRATOR, "Administrators"),
    ],
)
def test_help_puts_each_roles_own_steps_first(client, role, first):
    client.force_login(factories.UserFactory(role=role))
    page = parse(client.get(reverse("help")))
    headings = [heading.text for heading in page.find_all("h2")]
    assert headings[0] == first
    assert set(headings[:4]) == {
        "Lead officers",
        "The programme coordinator",
        "Panel members",
        "Administrators",
    }
    assert len(element(page.markup, headings_id(first)).parent.find_all("li")) >= 3, "a quarter, step by step"


def headings_id(title: str) -> str:
    return {
        "Lead officers": "officer",
        "The programme coordinator": "coordinator",
        "Panel members": "panel",
        "Administrators": "administrator",
    }[title]


def test_help_needs_signing_in(client):
    assert client.get(reverse("help")).status_code == 302


def test_the_coordinators_help_says_how_to_confirm_completions(coordinator_client):
    section = element(coordinator_client.get(reverse("help")).content.decode(), "confirm-completions").parent
    assert "Completed" in text_of(section.markup)


def glossary_entry(client, anchor) -> str:
    return text_of(element(client.get(reverse("glossary")).content.decode(), anchor).markup)


@pytest.mark.parametrize(
    ("anchor", "says"),
    [
        ("rag", "The report does not define RAG and gives no RAG ratings."),
        ("not-assessed", "The tracker's own words, not the report's"),
        ("focus", "YELLOW shaded areas = EMG / I&E focus"),
        ("focus", "the Executive Management Group (EMG)"),
        ("focus", "I&E: the report does not spell it out."),
        ("kscb", "Kirklees Safeguarding Children Board"),
        ("dcs", "it never writes the abbreviation beside the title"),
        ("chyps", "The report does not spell it out."),
    ],
)
def test_the_glossary_says_what_the_report_states_and_where_it_does_not(client, anchor, says):
    assert says in glossary_entry(client, anchor)


def test_every_quotation_in_the_glossary_is_in_the_report(client):
    """Words given in quotation marks as the report's are the report's, word for word."""
    source = " ".join(Path(SOURCE).read_text(encoding="utf-8").replace("\t", " ").split())
    glossary = text_of(parse(client.get(reverse("glossary"))).find("main").markup)
    quoted = [part for index, part in enumerate(glossary.split('"')) if index % 2 == 1]
    tracker_words = {"Not assessed", "EC – Safeguarding Officer for Schools", "2010/11 Q2"}  # the tracker's
    checked = [quote for quote in quoted if quote not in tracker_words and len(quote) > 4]
    assert len(checked) >= 6
    for quote in checked:
        assert quote.lower() in source.lower(), quote


def test_terms_link_to_the_glossary_where_they_appear(panel_member_client):
    recommendation = factories.RecommendationFactory(focus=True)
    page = panel_member_client.get(recommendation.get_absolute_url()).content.decode()
    glossary = reverse("glossary")
    hrefs = {href for href, _ in links_in(page)}
    assert {f"{glossary}#rag", f"{glossary}#not-assessed", f"{glossary}#focus", glossary} <= hrefs
    dashboard = panel_member_client.get(reverse("reporting:dashboard")).content.decode()
    assert (f"{glossary}#rag", "What RAG ratings mean") in links_in(dashboard)


@pytest.mark.parametrize(
    "heading",
    [
        "How accessible this service is",
        "Feedback and contact information",
        "Enforcement procedure",
        "Technical information about this service's accessibility",
        "Non-accessible content",
        "Preparation of this accessibility statement",
    ],
)
def test_the_accessibility_statement_follows_the_gov_uk_model(client, heading):
    page = parse(client.get(reverse("accessibility")))
    assert heading in [h.text for h in page.find_all("h2")]


def test_the_accessibility_statement_says_what_was_tested_how_and_the_known_issues(client, settings):
    settings.SERVICE_CONTACT_EMAIL = "scrutiny@kirklees.example"
    page = text_of(parse(client.get(reverse("accessibility"))).find("main").markup)
    assert "axe-core" in page
    assert "keyboard alone" in page
    assert "320 pixels" in page
    assert "1.4.10 (Reflow)" in page
    assert "partially compliant" in page
    assert "scrutiny@kirklees.example" in page
