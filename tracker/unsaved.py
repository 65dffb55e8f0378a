"""Nothing typed is lost when a session ends mid-edit.

A form posted after the session has ended (signed out by time, or in another tab) cannot be
saved: the sign-in middleware sends the person to sign in. Before it does, `keep_unsaved` puts
what they typed in the (new, anonymous) session; signing in keeps the session's data, and the page
they come back to calls `restore_unsaved` to show it in the form again, unsaved, with a note.
Files cannot be kept (no browser lets a page fill a file field); passwords and tokens never are.
"""

from django.utils import timezone

SESSION_KEY = "unsaved_form"
NEVER_KEPT = {"csrfmiddlewaretoken", "password", "password1", "password2", "old_password", "new_password1"}
MOST_KEPT = 200_000  # characters: more is not kept (a session is not a store)


def keep_unsaved(request) -> None:
    """Keep what a signed-out POST carried, for the page it was sent to."""
    data = {
        name: values if len(values) > 1 else values[0]
        for name, values in request.POST.lists()
        if name not in NEVER_KEPT
    }
    if not data or sum(len(str(value)) for value in data.values()) > MOST_KEPT:
        return
    request.session[SESSION_KEY] = {"path": request.path, "data": data, "at": timezone.now().isoformat()}


def restore_unsaved(request) -> dict:
    """What was typed on this page before the session ended, once; {} if nothing was kept."""
    kept = request.session.get(SESSION_KEY)
    if not kept or kept.get("path") != request.path:
        return {}
    del request.session[SESSION_KEY]
    return kept["data"]
