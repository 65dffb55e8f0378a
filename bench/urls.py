"""The product's addresses, and the floor: a signed-in page that renders almost nothing.

The floor goes through the whole middleware stack (sessions, authentication, the security
headers, the request log) and answers a few bytes, so a page's time over the floor's is what the
page itself costs. It exists only here: the product has no such page.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from tracker.urls import urlpatterns as product_urlpatterns

FLOOR_PATH = "bench/floor/"


@login_required
def floor(request):
    return HttpResponse(f"{request.user.get_username()}\n", content_type="text/plain")


urlpatterns = [path(FLOOR_PATH, floor, name="bench-floor"), *product_urlpatterns]
