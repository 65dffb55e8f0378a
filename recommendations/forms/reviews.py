"""A review as the coordinator sets it up: its title, address, publication, description and themes."""

from django import forms

from tracker.date_input import DateInputField
from tracker.forms import GovukFormMixin

from ..models import Review
from ..services import review_problems, suggested_slug

THEMES_HELP = "One on each line, in the order the report gives them."


def theme_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ReviewForm(GovukFormMixin, forms.Form):
    """A new review (`review` None) or corrections to one; its address is fixed once it has one."""

    name = forms.CharField(
        label="Title",
        max_length=200,
        help_text="As the report names it, for example Safeguarding Commission",
        error_messages={
            "required": "Enter the review's title",
            "max_length": "Title must be 200 characters or fewer",
        },
    )
    slug = forms.SlugField(
        label="Address (optional)",
        max_length=80,
        required=False,
        help_text="The review's part of its pages' addresses, in lower-case letters, numbers and hyphens. "
        "Leave it blank to make one from the title. It cannot be changed later.",
        error_messages={
            "invalid": "Address must be lower-case letters, numbers and hyphens only",
            "max_length": "Address must be 80 characters or fewer",
        },
    )
    published = DateInputField(
        noun="publication date",
        label="Published (optional)",
        required=False,
        help_text="When the review's report was published. For example, 1 8 2009",
    )
    description = forms.CharField(
        label="What the review is about (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"max_length": "The description must be 2,000 characters or fewer"},
    )
    themes = forms.CharField(
        label="Themes",
        widget=forms.Textarea,
        help_text=THEMES_HELP,
        max_length=5000,
        error_messages={"required": "Enter the review's themes, one on each line"},
    )

    field_options = {"slug": {"width": 20, "spellcheck": "false"}, "themes": {"rows": 6}}

    def __init__(self, *args, review: Review | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        if review is not None:
            del self.fields["slug"]
            themes = self.fields.pop("themes")
            themes.required = False
            themes.label = "Themes to add (optional)"
            themes.help_text = f"{THEMES_HELP} They follow the review's themes so far."
            self.fields["new_themes"] = themes

    def clean_slug(self):
        return self.cleaned_data["slug"].lower()

    def clean(self):
        cleaned_data = super().clean()
        lines = theme_lines(cleaned_data.get("themes" if self.review is None else "new_themes") or "")
        if self.review is None and "themes" in cleaned_data and not lines:
            self.add_error("themes", "Enter the review's themes, one on each line")
        if len({line.lower() for line in lines}) != len(lines):
            self.add_error(
                "themes" if self.review is None else "new_themes", "Each theme must be on the list once"
            )
        if any(len(line) > 200 for line in lines):
            self.add_error(
                "themes" if self.review is None else "new_themes",
                "Each theme must be 200 characters or fewer",
            )
        cleaned_data["theme_list"] = lines
        name = cleaned_data.get("name")
        if name:
            slug = self.review.slug if self.review else cleaned_data.get("slug") or suggested_slug(name)
            if self.review is None and "slug" not in self.errors and not slug:
                self.add_error(
                    "slug", "Enter an address: the title has no letters or numbers to make one from"
                )
            cleaned_data["slug"] = slug
            self.add_problems(review_problems(name=name, slug=slug, review=self.review))
        return cleaned_data
