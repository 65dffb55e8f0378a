"""Helpers the tests share: reading pages as a reader sees them, and the quarter scenarios.

Pages are read with the standard library's HTML parser, never with regular expressions over
attributes, so an assertion does not depend on the order Django renders attributes in.
"""

import csv
import datetime
import io
import json
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from django.apps import apps
from django.core.management import call_command
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from recommendations import services
from recommendations.as_at import snapshot
from recommendations.filters import RecommendationFilter
from recommendations.models import ProgressUpdate, Rag, Recommendation, ReportingPeriod, Status
from tests import factories


def at(year: int, month: int, day: int, hour: int = 12) -> datetime.datetime:
    """That day at that hour (midday unless said), in the project's time zone."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def officer_with_account(name: str, **user_fields):
    """An officer record called `name` (initials or a post, as the report names leads) linked to a
    lead officer's account with these fields."""
    return factories.OfficerUserFactory(officer__name=name, **user_fields).officer


def saved_at(record, moment: datetime.datetime):
    """Save a history-tracked record as if the change was made at `moment`: its history row
    carries that date, as the seed's rows carry the report's dates."""
    record._history_date = moment
    record.save()
    return record


# Elements whose text runs on with their neighbours' (no word break at their edges).
INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
    "label", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
}  # fmt: skip
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    """One element of a parsed page: its tag, attributes, children and the markup it came from."""

    def __init__(self, tag: str, attrs: dict[str, str | None], source: str, start: int):
        self.tag = tag
        self.attrs = attrs
        self.children: list[Element | str] = []
        self.parent: Element | None = None
        self._source = source
        self._start = start
        self._end = start

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"

    @property
    def markup(self) -> str:
        """The element's markup as the page has it, from its start tag to its end tag."""
        return self._source[self._start : self._end]

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    @property
    def text(self) -> str:
        """The words a reader sees in this element."""
        return words(self._text_parts())

    def _text_parts(self):
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag in INLINE:
                parts.extend(child._text_parts())
            else:
                parts.extend([" ", *child._text_parts(), " "])
        return parts

    def iter(self):
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, *, class_: str | None = None, **attrs) -> list["Element"]:
        """The elements inside this one with this tag, class (one of its classes) and attributes
        (`for_` for `for`, `_` for `-`; `True` for "present, any value")."""
        wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
        return [
            element
            for element in self.iter()
            if element is not self
            and (tag is None or element.tag == tag)
            and (class_ is None or class_ in element.classes)
            and all(
                (name in element.attrs) if value is True else element.attrs.get(name) == value
                for name, value in wanted.items()
            )
        ]

    def find(self, tag: str | None = None, **criteria) -> "Element | None":
        found = self.find_all(tag, **criteria)
        return found[0] if found else None

    def ancestor(self, tag: str) -> "Element":
        """The nearest element with this tag that holds this one."""
        holder = self.parent
        while holder is not None and holder.tag != tag:
            holder = holder.parent
        assert holder is not None, f"{self!r} is not inside a {tag}"
        return holder

    def root(self) -> "Element":
        holder = self
        while holder.parent is not None:
            holder = holder.parent
        return holder

    def following(self, tag: str | None = None, **criteria) -> "Element":
        """The first element after this one (not inside it) with this tag and criteria."""
        for candidate in self.root().find_all(tag, **criteria):
            if candidate._start >= self._end:
                return candidate
        raise AssertionError(f"nothing after {self!r} matches {tag} {criteria}")

    def by_id(self, element_id: str) -> "Element":
        found = self.find(id=element_id)
        assert found is not None, f"no element with id {element_id!r}"
        return found


class _TreeBuilder(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.source = source
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", source)]
        self.root = Element("#document", {}, source, 0)
        self.root._end = len(source)
        self.open = [self.root]

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.source, self.position())
        element.parent = self.open[-1]
        self.open[-1].children.append(element)
        if tag in VOID:
            element._end = self.position() + len(self.get_starttag_text())
        else:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.source, self.position())
        element._end = self.position() + len(self.get_starttag_text())
        element.parent = self.open[-1]
        self.open[-1].children.append(element)

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                end = self.source.index(">", self.position()) + 1
                for element in self.open[depth:]:
                    element._end = end
                del self.open[depth:]
                return

    def handle_data(self, data):
        self.open[-1].children.append(data)


def parse(html) -> Element:
    """The page (markup, bytes or a response) as a tree of elements."""
    if isinstance(html, Element):
        return html
    if hasattr(html, "content"):
        html = html.content
    if isinstance(html, bytes):
        html = html.decode()
    builder = _TreeBuilder(html)
    builder.feed(html)
    builder.close()
    return builder.root


def words(parts) -> str:
    """Spaces collapsed, and none before a comma, full stop or colon that follows a tag."""
    collapsed = " ".join("".join(parts).split())
    return re.sub(r" ([,.:])", r"\1", collapsed)


def text_of(html) -> str:
    """The words a reader sees in this markup: tags gone, entities decoded, spaces collapsed;
    inline elements (links, tags, times) run on with the words around them."""
    return parse(html).text


def element(html, element_id: str) -> Element:
    """The element with this id."""
    return parse(html).by_id(element_id)


def markup_of(html, element_id: str) -> str:
    """The markup of the element with this id, from its start tag to its end tag."""
    return element(html, element_id).markup


def links_in(html) -> list[tuple[str, str]]:
    """(href, words) of each link in this markup, in order."""
    return [(link.attrs.get("href", ""), link.text) for link in parse(html).find_all("a")]


def current_links(html) -> list[str]:
    """The words of the links marked as the current page (aria-current="page")."""
    return [link.text for link in parse(html).find_all("a", aria_current="page")]


def tags_in(html) -> list[tuple[str, str]]:
    """(words, classes) of each GOV.UK tag (status, RAG) in this markup, in order."""
    return [
        (tag.text, tag.attrs.get("class", "")) for tag in parse(html).find_all("strong", class_="govuk-tag")
    ]


def assert_tag_in(html, words: str, classes: str) -> None:
    """The markup shows a GOV.UK tag with these words and exactly these classes (its colour)."""
    assert (words, classes) in tags_in(html), tags_in(html)


def listed_refs(html) -> list[int]:
    """The numbers of the recommendations the list's tables show, in order."""
    return [int(cell.text) for cell in parse(html).find_all("td", class_="app-table__ref")]


def list_row(html, ref: int) -> Element:
    """The list's table row of one recommendation."""
    for cell in parse(html).find_all("td", class_="app-table__ref"):
        if cell.text == str(ref):
            return cell.ancestor("tr")
    raise AssertionError(f"recommendation {ref} is not listed")


def summary_rows(html) -> dict[str, str]:
    """{key: value} of the GOV.UK summary list rows in this markup, as a reader sees them."""
    rows = {}
    for row in parse(html).find_all(class_="govuk-summary-list__row"):
        key = row.find("dt", class_="govuk-summary-list__key")
        value = row.find("dd", class_="govuk-summary-list__value")
        if key is not None and value is not None:
            rows[key.text] = value.text
    return rows


def summary_value_after(html, element_id: str | None, key: str) -> Element:
    """The value cell of the first summary list row with this key after the element with this id
    (anywhere on the page if `element_id` is None)."""
    page = parse(html)
    after = page.by_id(element_id)._end if element_id else 0
    for row in page.find_all(class_="govuk-summary-list__row"):
        if row._start >= after and row.find("dt").text == key:
            return row.find("dd")
    raise AssertionError(f"no summary row {key!r} after #{element_id}")


def select_options(html, select_id: str) -> list[tuple[str, bool, str]]:
    """(value, selected, label) of each option of the select with this id."""
    select = parse(html).by_id(select_id)
    return [
        (option.attrs.get("value", ""), "selected" in option.attrs, option.text)
        for option in select.find_all("option")
    ]


def error_summary(html) -> list[tuple[str, str]]:
    """(anchor, message) pairs of the page's GOV.UK error summary; [] when there is none."""
    summary = parse(html).find(class_="govuk-error-summary")
    if summary is None:
        return []
    return [(link.attrs["href"], link.text) for link in summary.find_all("a")]


def conflict_screen(html) -> tuple[str, dict[str, tuple[str, str]]]:
    """The conflict screen (components/conflict.html): its heading, and for each field that
    differs, (the newer saved value, the user's value)."""
    screen = parse(html).by_id("newer-version")
    differences = {}
    for row in screen.find_all(class_="govuk-summary-list__row"):
        saved = row.find(class_="app-newer-version__saved")
        yours = row.find(class_="app-newer-version__yours")
        differences[row.find("dt").text] = (saved.text, yours.text)
    return screen.find("h2").text, differences


TIMELINE_QUARTER = "app-timeline__quarter"


def timeline_of(client, ref: int) -> str:
    """The markup of the timeline section of a recommendation's page."""
    return markup_of(
        client.get(reverse("recommendations:recommendation-detail", kwargs={"ref": ref})), "timeline"
    )


def quarter_names(timeline) -> list[str]:
    """The timeline's quarter headings, in order."""
    return [heading.text for heading in parse(timeline).find_all("h3", class_=TIMELINE_QUARTER)]


def quarter(timeline, name: str) -> str:
    """The markup of one quarter's entries, from its heading up to the next quarter's heading."""
    timeline = parse(timeline)
    headings = timeline.find_all("h3", class_=TIMELINE_QUARTER)
    for index, heading in enumerate(headings):
        if heading.text == name:
            end = headings[index + 1]._start if index + 1 < len(headings) else timeline._end
            return timeline._source[heading._start : end]
    raise AssertionError(f"no quarter {name!r} in {quarter_names(timeline)}")


def error_next_to(html, field_id: str) -> str | None:
    """The error message shown next to the field with this id, or None."""
    message = parse(html).find("p", id=f"{field_id}-error", class_="govuk-error-message")
    return message.text.removeprefix("Error: ") if message is not None else None


def field_value(html, name: str) -> str | None:
    """The value the form's input (text, hidden…) called `name` opens with."""
    field = parse(html).find("input", name=name)
    assert field is not None, f"no input called {name!r}"
    return field.attrs.get("value")


def checked_values(html, name: str) -> list[str]:
    """The values of the ticked checkboxes, or the chosen radio, called `name`."""
    choices = [
        field
        for field in parse(html).find_all("input", name=name)
        if field.attrs.get("type") in {"checkbox", "radio"}
    ]
    assert choices, f"no checkboxes or radios called {name!r}"
    return [choice.attrs["value"] for choice in choices if "checked" in choice.attrs]


def diff_markup(kind: str, text: str) -> str:
    """The markup of one word-by-word difference: a deletion or an insertion."""
    tag, word = ("del", "deleted") if kind == "delete" else ("ins", "inserted")
    return (
        f'<{tag} class="app-diff__{word}"><span class="govuk-visually-hidden">[{word}: </span>'
        f'{text}<span class="govuk-visually-hidden">]</span></{tag}>'
    )


# Fixture files ---------------------------------------------------------------------------------

TRACKED_APPS = ["tracker", "recommendations", "panels"]


def row_counts() -> dict[str, int]:
    """How many rows each model of the project's apps holds."""
    return {
        model._meta.label: model.objects.count()
        for app in TRACKED_APPS
        for model in apps.get_app_config(app).get_models()
    }


def write_fixture(tmp_path, objects) -> str:
    """A fixture file holding these records; its path."""
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(objects))
    return str(path)


REVIEW = {"model": "recommendations.review", "pk": 1, "fields": {"name": "A review", "slug": "a-review"}}
THEME = {
    "model": "recommendations.theme",
    "pk": 1,
    "fields": {"review": 1, "name": "A theme", "position": 1},
}


def fixture_recommendation(pk=7, **fields) -> dict:
    """A recommendation's record in a fixture, in REVIEW and THEME."""
    return {
        "model": "recommendations.recommendation",
        "pk": pk,
        "fields": {"review": 1, "theme": 1, "ref": pk, "text": "Do a thing", **fields},
    }


# The quarter after the seed's last one --------------------------------------------------------


def open_2010_11_q3(review, *, by, deadline: datetime.date | None = None) -> ReportingPeriod:
    """Open 2010/11 Q3 (October to December 2010) for updates, as a coordinator does."""
    return services.reporting_period_open(
        review=review,
        name="2010/11 Q3",
        starts=datetime.date(2010, 10, 1),
        ends=datetime.date(2010, 12, 31),
        deadline=deadline,
        by=by,
    )


def submit_and_accept(update: ProgressUpdate, *, officer, coordinator, note: str = "") -> ProgressUpdate:
    """The officer submits the update and the coordinator accepts it, verifying a completion."""
    update = services.progress_update_submit(update=update, by=officer)
    return services.progress_update_accept(
        update=update, by=coordinator, note=note, completion_verified=update.status == Status.COMPLETED
    )


def accept_update(
    recommendation: Recommendation,
    *,
    period: ReportingPeriod,
    officer,
    coordinator,
    narrative: str,
    action=None,
    status: str = Status.IN_PROGRESS,
    rag: str = Rag.AMBER,
    revised_timescale: str = "",
    evidence_links: str = "",
) -> ProgressUpdate:
    """An update written by the officer, submitted and accepted by the coordinator, through the
    services as the pages do it."""
    update = services.progress_update_save(
        recommendation=recommendation,
        action=action,
        period=period,
        by=officer,
        narrative=narrative,
        status=status,
        rag=rag,
        revised_timescale=revised_timescale,
        evidence_links=evidence_links,
    )
    return submit_and_accept(update, officer=officer, coordinator=coordinator)


# The dashboard's figures -------------------------------------------------------------------


def dashboard_figures(dashboard):
    """Every figure the dashboard links to the list with."""
    figures = [dashboard.total, dashboard.open, dashboard.recorded_completed, dashboard.overdue]
    figures += dashboard.by_status + dashboard.by_rag
    for row in dashboard.by_theme:
        figures += [*row.cells, row.total]
    return figures


def selected_by_querysets(url, *, today):
    """How many recommendations the link's criteria select, read with the QuerySet methods."""
    params = parse_qs(urlsplit(url).query)
    recommendations = Recommendation.objects.all()
    if "as_at" in params:
        period = ReportingPeriod.objects.get(pk=params["as_at"][0])
        recommendations = snapshot(period).recommendations()
        today = min(period.ends, today)
    if "theme" in params:
        recommendations = recommendations.in_theme(params["theme"][0])
    if "status" in params:
        recommendations = recommendations.filter(status__in=params["status"])
    if "rag" in params:
        recommendations = recommendations.filter(rag__in=params["rag"])
    if "open" in params:
        recommendations = recommendations.open()
    if "overdue" in params:
        recommendations = recommendations.overdue(on=today)
    return recommendations.count()


def listed_by_the_link(client, url):
    """How many recommendations the list shows when the link is followed."""
    response = client.get(url)
    assert response.status_code == 200
    return response.context["paginator"].count


def assert_every_figure_counts_what_its_link_lists(client, response):
    dashboard = response.context["dashboard"]
    hrefs = {href for href, _ in links_in(response)}
    today = timezone.localdate()
    figures = dashboard_figures(dashboard)
    assert len(figures) > 20
    for figure in figures:
        assert figure.url in hrefs, figure
        assert figure.count == selected_by_querysets(figure.url, today=today), figure
        assert figure.count == listed_by_the_link(client, figure.url), figure


# The list's filters -------------------------------------------------------------------------

FILTER_TODAY = datetime.date(2011, 1, 15)  # the day the filters read "overdue" on


def filtered(query: str, *, queryset=None, **kwargs):
    """The FilterSet bound to a query string, as the list page binds it."""
    if queryset is None:
        queryset = Recommendation.objects.order_by("theme__position", "ref")
    return RecommendationFilter(QueryDict(query), queryset=queryset, today=FILTER_TODAY, **kwargs)


def filtered_refs(query: str, **kwargs) -> list[int]:
    """The numbers of the recommendations the filters select, in order."""
    filterset = filtered(query, **kwargs)
    assert filterset.is_valid(), filterset.errors
    return [recommendation.ref for recommendation in filterset.qs]


def refs_of(queryset) -> set[int]:
    """The numbers of the recommendations in this QuerySet."""
    return set(queryset.values_list("ref", flat=True))


def export_appendix(*args) -> list[list[str]]:
    """The rows `manage.py export_appendix` writes, header first."""
    out = io.StringIO()
    call_command("export_appendix", *args, stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue())))


class RefusingEmailBackend:
    """An email backend whose mail server is down: every send raises, as smtplib would."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")
