"""The papers' pages and downloads: the Papers page, each paper's print page, its files."""

from __future__ import annotations

import csv
import tempfile

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from recommendations.exports import csv_lines, neutralise_formula
from recommendations.reviews import in_review

from ..forms import CompareForm, PaperForm
from . import excel, word
from .action_plan import action_plan
from .action_plan import csv_lines as action_plan_lines
from .appendix import appendix
from .change_report import TABLE_COLUMNS, change_report
from .key import print_colours

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = ("docx", "xlsx", "csv")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A paper's file is kept in memory up to this size while it is sent, and on disk beyond it.
SPOOL_BYTES = 2 * 1024 * 1024


def chosen(request, review):
    """The review and the paper form bound to the request."""
    return review, PaperForm(request.GET, review=review)


def saved_attachment(paper, content_type: str, filename: str) -> FileResponse:
    """A Word document or Excel workbook (anything with `save(file)`) saved into a temporary file
    and streamed from it in chunks, rather than copied whole into the response."""
    # Not a `with` block: the response closes the file once it has sent it.
    file = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    try:
        paper.save(file)
        file.seek(0)
    except BaseException:
        file.close()
        raise
    return FileResponse(file, as_attachment=True, filename=filename, content_type=content_type)


@require_safe
@in_review
def papers(request, review):
    """Every paper for the chosen quarter, with links to its page and files."""
    form = PaperForm(request.GET, review=review)
    context = {"review": review, "form": form, "errors": form.error_links()}
    if form.is_valid():
        context["query"] = form.query()
        paper = appendix(review, form.period)
        plan = action_plan(review, form.period)
        context["provenance"] = paper.provenance
        context["files"] = {extension: paper.filename(extension) for extension in FORMATS}
        context["plan"] = plan
        context["plan_files"] = {extension: plan.filename(extension) for extension in FORMATS}
    return render(request, "reporting/papers.html", context)


@require_safe
@in_review
def appendix_page(request, review):
    """Appendix 1 as a page ready to print (and to print to PDF)."""
    review, form = chosen(request, review)
    if not form.is_valid():
        return redirect(
            f"{reverse('reporting:papers', kwargs={'review': review.slug})}?{request.GET.urlencode()}"
        )
    paper = appendix(review, form.period, with_status_and_rag=form.with_status_and_rag)
    return render(
        request,
        "reporting/appendix.html",
        {"review": review, "paper": paper, "form": form, "query": form.query(), "key": print_colours()},
    )


class Echo:
    """A file-like object whose write returns the line, for streaming the CSV."""

    def write(self, value):
        return value


@require_safe
@in_review
def appendix_download(request, review, extension: str):
    """Appendix 1 as a Word, Excel or CSV file."""
    if extension not in FORMATS:
        raise Http404("The papers come as .docx, .xlsx or .csv.")
    review, form = chosen(request, review)
    if not form.is_valid():
        return redirect(
            f"{reverse('reporting:papers', kwargs={'review': review.slug})}?{request.GET.urlencode()}"
        )
    paper = appendix(review, form.period, with_status_and_rag=form.with_status_and_rag)
    filename = paper.filename(extension)
    if extension == "docx":
        return saved_attachment(word.appendix_document(paper), DOCX, filename)
    if extension == "xlsx":
        return saved_attachment(excel.appendix_workbook(paper), XLSX, filename)
    return streamed_csv(csv_lines(paper.rows, quarter=paper.provenance.quarter), filename)


def streamed_csv(lines, filename: str) -> StreamingHttpResponse:
    """CSV lines streamed as they are written, so a long paper never sits whole in memory."""
    writer = csv.writer(Echo())
    return StreamingHttpResponse(
        (writer.writerow(line) for line in lines),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@require_safe
@in_review
def action_plan_page(request, review):
    """The Scrutiny Action Plan as a page ready to print."""
    review, form = chosen(request, review)
    if not form.is_valid():
        return redirect(
            f"{reverse('reporting:papers', kwargs={'review': review.slug})}?{request.GET.urlencode()}"
        )
    plan = action_plan(review, form.period)
    return render(
        request,
        "reporting/paper_table.html",
        {
            "review": review,
            "paper": plan,
            "table": plan.table(),
            "query": form.query(),
            "key": print_colours(),
        },
    )


@require_safe
@in_review
def action_plan_download(request, review, extension: str):
    """The Scrutiny Action Plan as a Word, Excel or CSV file."""
    if extension not in FORMATS:
        raise Http404("The papers come as .docx, .xlsx or .csv.")
    review, form = chosen(request, review)
    if not form.is_valid():
        return redirect(
            f"{reverse('reporting:papers', kwargs={'review': review.slug})}?{request.GET.urlencode()}"
        )
    plan = action_plan(review, form.period)
    filename = plan.filename(extension)
    if extension == "docx":
        return saved_attachment(word.action_plan_document(plan), DOCX, filename)
    if extension == "xlsx":
        return saved_attachment(excel.action_plan_workbook(plan), XLSX, filename)
    return streamed_csv(action_plan_lines(plan), filename)


def _change_report(request, review):
    """The change report the request asks for, its forms, and whether the files can be made."""
    review, form = chosen(request, review)
    if not form.is_valid() or form.period is None:
        return None, form, None
    compare = CompareForm(request.GET, period=form.period)
    report = change_report(review, form.period, compare.earlier_quarter)
    return report, form, compare


@require_safe
@in_review
def change_report_page(request, review):
    """What changed between two quarters, with each narrative's word diff and the quality flags."""
    report, form, compare = _change_report(request, review)
    if report is None:
        return redirect(
            f"{reverse('reporting:papers', kwargs={'review': review.slug})}?{request.GET.urlencode()}"
        )
    against = report.against.pk if report.against else ""
    return render(
        request,
        "reporting/change_report.html",
        {
            "review": review,
            "report": report,
            "form": form,
            "compare": compare,
            "errors": compare.error_links(),
            "query": form.query(),
            "files_query": form.query(against=against),
        },
    )


@require_safe
@in_review
def change_report_download(request, review, extension: str):
    """The change report as a Word, Excel or CSV file."""
    if extension not in FORMATS:
        raise Http404("The papers come as .docx, .xlsx or .csv.")
    report, form, compare = _change_report(request, review)
    if report is None or not compare.is_valid():
        return redirect(
            f"{reverse('reporting:change-report', kwargs={'review': review.slug})}?{request.GET.urlencode()}"
        )
    filename = report.filename(extension)
    if extension == "docx":
        return saved_attachment(word.change_report_document(report, TABLE_COLUMNS), DOCX, filename)
    if extension == "xlsx":
        return saved_attachment(excel.change_report_workbook(report, TABLE_COLUMNS), XLSX, filename)
    lines = [list(TABLE_COLUMNS)] + [[neutralise_formula(value) for value in row] for row in report.table()]
    return streamed_csv(lines, filename)
