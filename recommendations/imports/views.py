"""The import page: upload a spreadsheet, see every problem or a preview of what it will create,
confirm; and the template to start from. Administrators only, checked on every request."""

import secrets

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from tracker.errors import WorkflowError
from tracker.permissions import is_administrator, role_required
from tracker.uploads import refused_uploads

from ..models import Recommendation, Review
from ..services.imports import import_problems, review_import
from .blank import template_csv, template_xlsx
from .files import MAX_FILE_BYTES, read_rows
from .forms import ReviewImportForm
from .plan import plan_import

SESSION_KEY = "review_imports"
PROBLEMS_ANCHOR = "#import-problems"
SHOWN_RECOMMENDATIONS = 200
STORED = "imports/{token}"


def _plan(content: bytes, filename: str, review: Review | None):
    existing = list(Recommendation.objects.for_review(review).values_list("ref", flat=True)) if review else []
    plan = plan_import(read_rows(content, filename), existing_refs=existing)
    changes = import_problems(plan, review)
    return plan, changes


def _page(request, form, *, plan=None, changes=None, review=None, status=200):
    errors = form.error_links() if form is not None else []
    if plan is not None and plan.problems:
        errors += [(PROBLEMS_ANCHOR, str(problem)) for problem in plan.problems[:20]]
        if len(plan.problems) > 20:
            errors.append((PROBLEMS_ANCHOR, f"and {len(plan.problems) - 20} more problems, listed below"))
    context = {"form": form, "plan": plan, "changes": changes, "review": review, "errors": errors}
    return render(request, "recommendations/review_import.html", context, status=status)


@role_required(is_administrator)
@require_http_methods(["GET", "POST"])
def review_import_upload(request):
    """Upload: a file with problems is shown with every problem; a clean one goes to its preview."""
    if request.method == "GET":
        return _page(request, ReviewImportForm())
    form = ReviewImportForm(request.POST, request.FILES, refused_uploads=refused_uploads(request))
    if not form.is_valid():
        return _page(request, form)
    upload = form.cleaned_data["file"]
    content = upload.read(MAX_FILE_BYTES + 1)
    plan, changes = _plan(content, upload.name, form.review)
    if plan.problems:
        return _page(request, form, plan=plan, changes=changes, review=form.review)
    # One upload waits per session: an earlier one left unconfirmed is dropped.
    for earlier in request.session.get(SESSION_KEY, {}):
        default_storage.delete(STORED.format(token=earlier))
    token = secrets.token_urlsafe(16)
    default_storage.save(STORED.format(token=token), ContentFile(content))
    pending = {}
    pending[token] = {
        "filename": upload.name[:200],
        "slug": form.cleaned_data["slug"],
        "name": form.cleaned_data["name"].strip(),
    }
    request.session[SESSION_KEY] = pending
    return redirect("imports:review-import-preview", token=token)


def _pending(request, token):
    pending = request.session.get(SESSION_KEY, {}).get(token)
    path = STORED.format(token=token)
    if pending is None or not default_storage.exists(path):
        raise Http404("No import is waiting here: upload the file again.")
    with default_storage.open(path, "rb") as stream:
        content = stream.read(MAX_FILE_BYTES + 1)
    return pending, path, content


@role_required(is_administrator)
@require_http_methods(["GET", "POST"])
def review_import_preview(request, token):
    """What the file will create; confirming imports it (checked again, in one transaction)."""
    pending, path, content = _pending(request, token)
    review = Review.objects.filter(slug=pending["slug"]).first()
    plan, changes = _plan(content, pending["filename"], review)
    context = {
        "plan": plan,
        "changes": changes,
        "review": review,
        "pending": pending,
        "token": token,
        "shown": plan.recommendations[:SHOWN_RECOMMENDATIONS],
        "writing": len(plan.recommendations)
        if changes is None
        else len(changes.new_refs) + len(changes.changed),
        "errors": [(PROBLEMS_ANCHOR, str(problem)) for problem in plan.problems[:20]],
    }
    if request.method == "POST" and not plan.problems:
        try:
            result = review_import(
                plan=plan,
                slug=pending["slug"],
                name=pending["name"] or (review.name if review else pending["slug"]),
                filename=pending["filename"],
                by=request.user,
            )
        except WorkflowError as error:
            context["errors"] = [("#main-content", error.message)]
        else:
            default_storage.delete(path)
            request.session[SESSION_KEY] = {
                key: value for key, value in request.session.get(SESSION_KEY, {}).items() if key != token
            }
            messages.success(
                request,
                f"Imported {result.recommendations} recommendations and {result.actions} proposed "
                f"actions into {result.review.name}.",
            )
            return redirect("imports:review-import")
    return render(request, "recommendations/review_import_preview.html", context)


@role_required(is_administrator)
@require_safe
def review_import_template(request, extension):
    """The blank template: the export's headings, as .xlsx or .csv."""
    if extension not in ("xlsx", "csv"):
        raise Http404("The template comes as .xlsx or .csv.")
    if extension == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        body = template_xlsx()
    else:
        content_type, body = "text/csv; charset=utf-8", template_csv()
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="review-import-template.{extension}"'
    return response
