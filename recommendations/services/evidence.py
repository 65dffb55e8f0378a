"""Attaching an evidence file to a progress update (inside the update's own save)."""

from tracker.models import User
from tracker.versioning import save_with_history

from ..models import EvidenceFile, ProgressUpdate


def field_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def evidence_file_attach(*, update: ProgressUpdate, uploaded, by: User) -> EvidenceFile:
    """Store an uploaded file and its row; the file is removed again if the row is refused, so a
    failed save never leaves a file with no row. The name and the type the browser gave are kept
    to their columns' lengths (a browser may send any text it likes as a file's type)."""
    evidence = EvidenceFile(
        update=update,
        file=uploaded,
        name=uploaded.name[: field_length(EvidenceFile, "name")],
        size=uploaded.size,
        content_type=(getattr(uploaded, "content_type", "") or "")[
            : field_length(EvidenceFile, "content_type")
        ],
        uploaded_by=by,
    )
    try:
        save_with_history(evidence, reason="Evidence attached", by=by)
    except Exception:
        if evidence.file.name:
            evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence
