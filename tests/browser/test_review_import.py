"""Importing a review in a real browser: the seed's own Excel export with a mistake shows every
problem by row and column; corrected, its preview; confirmed, a second review. Axe on both pages."""

import pytest
from django.urls import reverse

from recommendations.models import Review
from reporting.papers.appendix import appendix as appendix_paper
from reporting.papers.excel import appendix_xlsx
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def test_an_administrator_imports_the_seeds_export_as_a_second_review(
    page, expect, appendix, sign_in, assert_accessible, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    admin = factories.UserFactory(username="admin1", role="administrator")
    seed = Review.objects.get()
    exported = tmp_path / "appendix-1.xlsx"
    exported.write_bytes(appendix_xlsx(appendix_paper(seed, with_status_and_rag=True)))
    broken = tmp_path / "broken.csv"
    broken.write_text("Theme,Ref\nPrevention,1\n")
    sign_in(page, admin)

    page.goto(reverse("imports:review-import"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a review from a spreadsheet")
    page.get_by_label("Spreadsheet").set_input_files(str(broken))
    page.get_by_label("Review name").fill("Safeguarding, imported")
    page.get_by_label("Short name for web addresses").fill("safeguarding-imported")
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The first row must be the Appendix 1 export's headings"
    )
    expect(page.locator("#import-problems")).to_have_text("1 problem in the file")
    assert_accessible(page)
    assert Review.objects.count() == 1

    page.get_by_label("Spreadsheet").set_input_files(str(exported))
    page.get_by_label("Review name").fill("Safeguarding, imported")
    page.get_by_label("Short name for web addresses").fill("safeguarding-imported")
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import of appendix-1.xlsx")
    expect(page.get_by_text("spreadsheet with status and RAG")).to_be_visible()
    assert_accessible(page)
    assert Review.objects.count() == 1  # nothing written before confirming

    page.get_by_role("button", name="Import 54 recommendations").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Imported 54 recommendations and 85 proposed actions into Safeguarding, imported."
    )
    copy = Review.objects.get(slug="safeguarding-imported")
    assert copy.recommendations.get(ref=18).text == seed.recommendations.get(ref=18).text

    # Two reviews with the same numbers: each link lands in the review it was followed from.
    page.get_by_role("link", name="All reviews").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reviews")
    assert_accessible(page)
    page.locator("#review-safeguarding-imported").get_by_role("link", name="Safeguarding, imported").click()
    expect(page).to_have_url(f"{page.url.split('/reviews/')[0]}/reviews/safeguarding-imported/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Recommendations").click()
    page.locator('main a[href$="/recommendations/18/"]').first.click()
    expect(page).to_have_url(
        f"{page.url.split('/reviews/')[0]}/reviews/safeguarding-imported/recommendations/18/"
    )
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Recommendations")
    expect(breadcrumb).to_have_attribute("href", "/reviews/safeguarding-imported/recommendations/")
    page.goto(seed.recommendations.get(ref=18).get_absolute_url())
    expect(breadcrumb).to_have_attribute("href", f"/reviews/{seed.slug}/recommendations/")
