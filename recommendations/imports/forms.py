"""The import page's form: the file, and the review it goes into."""

from django import forms

from tracker.forms import GovukFormMixin

from ..models import Review
from .files import EXTENSIONS, MAX_FILE_BYTES

RESERVED_SLUGS = {"import"}


class ReviewImportForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Spreadsheet",
        help_text="An .xlsx or .csv in the Appendix 1 export's columns, up to 10 MB.",
        widget=forms.FileInput(attrs={"accept": ",".join(EXTENSIONS)}),
        error_messages={
            "required": "Select the spreadsheet to import",
            "empty": "The selected file is empty",
        },
    )
    name = forms.CharField(
        label="Review name",
        max_length=200,
        required=False,
        help_text=(
            'For a new review, like "Kirklees Safeguarding Commission". Leave it empty to add to an '
            "existing review."
        ),
    )
    slug = forms.SlugField(
        label="Short name for web addresses",
        max_length=80,
        help_text=(
            "Lower-case letters, digits and hyphens, like safeguarding-2009. An existing review's "
            "short name adds the file to that review."
        ),
        error_messages={
            "required": "Enter a short name for web addresses",
            "invalid": "Enter a short name with only lower-case letters, digits and hyphens",
        },
    )

    def __init__(self, *args, refused_uploads: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # A file over the upload limit was never read (tracker.uploads): say so, not "select one".
        self.refused = refused_uploads or []
        if self.refused:
            self.fields["file"].required = False

    def clean_file(self):
        if self.refused:
            raise forms.ValidationError("The selected file must be smaller than 10 MB")
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 10 MB")
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError("The selected file must be an .xlsx or a .csv")
        return upload

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(f'"{slug}" is a reserved word: choose another short name')
        return slug

    def clean(self):
        cleaned = super().clean()
        slug = cleaned.get("slug")
        self.review = Review.objects.filter(slug=slug).first() if slug else None
        name = (cleaned.get("name") or "").strip()
        if slug and self.review is None:
            if not name:
                self.add_error("name", "Enter the new review's name")
            elif Review.objects.filter(name=name).exists():
                self.add_error("name", f'A review is already called "{name}": choose another name')
        return cleaned
