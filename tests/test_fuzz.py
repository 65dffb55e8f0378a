"""Arbitrary input to every form and every filter: never a server error, never a file left
without its row. Runs on SQLite and PostgreSQL (whichever DATABASE_URL names; CI runs both).

Each target is a page, who may use it, and the field names its form or filter reads; hypothesis
fills them with text, numbers, dates, odd Unicode, NUL bytes, header-length and oversized values,
and the update form with malformed files. Any exception in a view fails the test (the test client
raises it), and so does a 500.
"""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from recommendations.models import EvidenceFile

pytestmark = pytest.mark.django_db

EXAMPLES = 15
fuzzing = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same inputs every run, so CI failures repeat
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text a browser (or an attacker) might send: any Unicode but lone surrogates, which no request
# can carry; NUL and control characters; very long values.
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
value = st.one_of(
    any_text,
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(lambda day: day.isoformat()),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "\r\n",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "\u202e\u2028\ufeff",
            "9" * 40,
            "-1",
            "0",
            "1e400",
            "x" * 8_192,  # a header's length
            "y" * 120_000,  # longer than any field allows
            "accept",
            "return",
            "submit",
            "draft",
            "completed",
            "green",
        ]
    ),
)


def form_data(names):
    return st.fixed_dictionaries(
        {}, optional={name: st.one_of(value, st.lists(value, max_size=3)) for name in names}
    )


def date_fields(*names):
    return [f"{name}_{part}" for name in names for part in ("day", "month", "year")]


UPDATE_FIELDS = [
    "narrative",
    "status",
    "rag",
    "revised_timescale",
    "evidence_links",
    "version",
    "intent",
    "on_behalf_of",
    "remove_evidence",
]
PANEL_FIELDS = [
    "report",
    "number",
    "text",
    "recommendations",
    "coordinators",
    "agreed",
    "not_agreed_reason",
    "implementation",
    "responsible",
    "timescale",
    "narrative",
    "status",
    "rag",
    "version",
    *date_fields("due_date"),
]
REVIEW_FIELDS = [
    "decision",
    *(
        f"{decision}-{name}"
        for decision in ("accept", "return")
        for name in ("version", "reason", "note", "completion_verified", "complete_recommendation")
    ),
]
LIST_FILTERS = ["q", "theme", "status", "open", "rag", "lead_officer", "assignee", "focus", "overdue"]
LIST_FILTERS += ["open_question", "sort", "as_at", "page"]

# (URL name, arguments from the scenario, who asks, method, field names)
TARGETS = [
    ("recommendations:recommendation-update", {"ref": "recommendation"}, "officer", "POST", UPDATE_FIELDS),
    (
        "recommendations:recommendation-update",
        {"ref": "recommendation"},
        "coordinator",
        "POST",
        UPDATE_FIELDS,
    ),
    ("recommendations:question-ask", {"ref": "recommendation"}, "panel_member", "POST", ["text"]),
    (
        "recommendations:question-answer",
        {"pk": "question"},
        "officer",
        "POST",
        ["question-{question}-answer"],
    ),
    (
        "recommendations:lead-officer-assign",
        {"ref": "recommendation"},
        "coordinator",
        "POST",
        ["officer", "version"],
    ),
    (
        "recommendations:period-open",
        {},
        "coordinator",
        "POST",
        ["name", "review", "intent", "planning", *date_fields("starts", "ends", "deadline")],
    ),
    (
        "recommendations:period-edit",
        {"pk": "open_period"},
        "coordinator",
        "POST",
        ["name", *date_fields("starts", "ends", "deadline")],
    ),
    ("recommendations:period-reopen", {"pk": "closed_period"}, "coordinator", "POST", ["reason"]),
    (
        "recommendations:period-chase",
        {"pk": "open_period"},
        "coordinator",
        "POST",
        ["officers", "officer", "q"],
    ),
    ("recommendations:review-update", {"pk": "submitted_update"}, "coordinator", "POST", REVIEW_FIELDS),
    (
        "recommendations:correct-update",
        {"pk": "accepted_update"},
        "coordinator",
        "POST",
        UPDATE_FIELDS + ["reason"],
    ),
    ("recommendations:review-together", {}, "coordinator", "POST", ["updates", "decision", "version"]),
    ("panels:panel-recommendation-create", {}, "panel_member", "POST", PANEL_FIELDS),
    (
        "panels:panel-recommendation-response",
        {"pk": "panel_recommendation"},
        "coordinator",
        "POST",
        PANEL_FIELDS,
    ),
    (
        "panels:panel-recommendation-progress",
        {"pk": "panel_recommendation"},
        "panel_member",
        "POST",
        PANEL_FIELDS,
    ),
    ("recommendations:recommendation-list", {}, "panel_member", "GET", LIST_FILTERS),
    ("recommendations:recommendation-export", {}, "panel_member", "GET", LIST_FILTERS),
    ("reporting:dashboard", {}, "coordinator", "GET", ["as_at"]),
    ("recommendations:recommendation-detail", {"ref": "recommendation"}, "officer", "GET", ["as_at"]),
    (
        "recommendations:recommendation-compare",
        {"ref": "recommendation"},
        "panel_member",
        "GET",
        ["from", "to", "a", "b"],
    ),
    ("recommendations:review-queue", {}, "coordinator", "GET", ["period", "q", "sort"]),
    ("recommendations:period-chase", {"pk": "open_period"}, "coordinator", "GET", ["q", "officer", "show"]),
    ("login", {}, None, "POST", ["username", "password", "next"]),
]


def target_id(target):
    name, _, identity, method, _ = target
    return f"{method} {name} as {identity or 'anonymous'}"


def stored_evidence_files() -> set[str]:
    root = settings.MEDIA_ROOT
    return (
        {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}
        if root.exists()
        else set()
    )


@pytest.mark.parametrize("target", TARGETS, ids=target_id)
def test_arbitrary_input_never_breaks_a_page(client, scenario, target):
    name, arguments, identity, method, fields = target
    url = reverse(
        name,
        kwargs={
            key: getattr(scenario, source).pk if key == "pk" else getattr(scenario, source).ref
            for key, source in arguments.items()
        },
    )
    fields = [field.format(question=scenario.question.pk) for field in fields]
    if identity:
        client.force_login(scenario.users[identity])
    before = stored_evidence_files()

    @fuzzing
    @given(data=form_data(fields), files=malformed_files())
    def ask(data, files):
        if method == "GET":
            response = client.get(url, data)
        else:
            response = client.post(
                url, {**data, **({"evidence_files": files} if "narrative" in fields else {})}
            )
        assert response.status_code < 500, (response.status_code, data)
        assert (
            stored_evidence_files() - before
            == set(EvidenceFile.objects.values_list("file", flat=True)) - before
        )

    ask()


def malformed_files():
    """Files that claim to be evidence and are not, or barely are."""
    contents = st.one_of(
        st.binary(max_size=64),
        st.sampled_from([b"", b"%PDF-", b"%PDF-1.4 ok", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", b"\x00" * 10]),
    )
    names = st.one_of(
        st.sampled_from(
            [
                "minutes.pdf",
                "a.PDF",
                "x.exe",
                ".pdf",
                "noextension",
                "a.pdf.exe",
                "ü\u202e.pdf",
                "x" * 300 + ".pdf",
            ]
        ),
        any_text.filter(lambda text: text.strip() and "\x00" not in text),
    )
    content_types = st.one_of(st.just("application/pdf"), st.text(alphabet="abcdefghij/;=+-. ", max_size=300))
    upload = st.builds(
        lambda name, content, content_type: SimpleUploadedFile(name, content, content_type=content_type),
        names,
        contents,
        content_types,
    )
    return st.lists(upload, max_size=2)
