"""A bounded load test of the production stack: gunicorn under tracker.settings.production, on a
loopback port, over PostgreSQL.

    make loadtest                                   # 60 s, 8 officers at once
    LOADTEST_SECONDS=20 LOADTEST_USERS=4 make loadtest

Each simulated officer signs in, then until the time is up reads the recommendation list, the
recommendation they lead and its update form, and saves their update as a draft (signing out and
in again every ten rounds); at the end each submits the update. Prints requests/s, p50 and p95 per
kind of request and the errors (any answer other than the expected one, or no answer). Then it
checks the database: every officer's update exists once, holds the last text they saved, was
submitted, and has one history row per save. Exits 1 on an error or a failed check.

It talks to 127.0.0.1 only, and makes (drops and recreates) the database named by
LOADTEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/loadtest).
"""

import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SECONDS = float(os.environ.get("LOADTEST_SECONDS", "60"))
USERS = int(os.environ.get("LOADTEST_USERS", "8"))
WORKERS = int(os.environ.get("LOADTEST_WORKERS", "3"))
DATABASE_URL = os.environ.get("LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/loadtest")
HOST = "tracker.example.gov.uk"
PASSWORD = "a load test pass phrase 42"
TIMEOUT = 30  # seconds for one request: past it, the request counts as an error
scratch = tempfile.TemporaryDirectory()
ENVIRON = {
    **{name: value for name, value in os.environ.items() if name not in {"DEBUG", "DATABASE_URL"}},
    "DJANGO_SETTINGS_MODULE": "tracker.settings.production",
    "SECRET_KEY": "a-load-test-secret-key-of-sufficient-length-and-randomness-0123456789",
    "SITE_URL": f"https://{HOST}",
    "ALLOWED_HOSTS": HOST,
    "DATABASE_URL": DATABASE_URL,
    "STATIC_ROOT": f"{scratch.name}/static",
    "MEDIA_ROOT": f"{scratch.name}/media",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}
os.environ.update(ENVIRON)
sys.path.insert(0, str(ROOT))


def recreate_database():
    import psycopg2

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    link = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres", dbname="postgres"
    )
    link.autocommit = True
    with link.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    link.close()


def set_up() -> list[dict]:
    """The seed, an open quarter, and one officer account leading one recommendation each."""
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone

    from recommendations import services
    from recommendations.models import Officer, Recommendation, Review
    from tracker.models import Role, User

    call_command("migrate", verbosity=0)
    call_command("seed", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)
    review = Review.objects.order_by("pk").get()
    coordinator = User.objects.create(username="loadcoordinator", role=Role.COORDINATOR)
    quarter = services.next_quarter(review, today=timezone.localdate())
    services.reporting_period_open(review=review, by=coordinator, **quarter)
    password = make_password(PASSWORD)
    recommendations = list(Recommendation.objects.filter(review=review).order_by("ref")[:USERS])
    if len(recommendations) < USERS:
        sys.exit(f"The seed has {len(recommendations)} recommendations: use LOADTEST_USERS of at most that.")
    officers = []
    for number, recommendation in enumerate(recommendations, start=1):
        user = User.objects.create(username=f"load{number}", password=password, role=Role.LEAD_OFFICER)
        officer = Officer.objects.create(name=f"Load Officer {number}", user=user)
        Recommendation.objects.filter(pk=recommendation.pk).update(lead_officer=officer)
        officers.append({"username": f"load{number}", "ref": recommendation.ref, "slug": review.slug})
    return officers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "tracker.wsgi"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--timeout", str(TIMEOUT)],
        cwd=ROOT,
        env=ENVIRON,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit(f"gunicorn stopped: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.1)
    server.terminate()
    sys.exit("gunicorn did not start within 15 s")


class Officer:
    """One simulated officer: a cookie jar, and what each request took."""

    def __init__(self, port, account, figures, errors, lock):
        self.port, self.account = port, account
        self.figures, self.errors, self.lock = figures, errors, lock
        self.cookies = {}
        self.saved = 0
        self.last_text = ""

    def request(self, kind, method, path, body=None, expect=200):
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "Referer": f"https://{HOST}{path}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urlencode(body)
        started = time.perf_counter()
        try:
            link = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
            link.request(method, path, body=body, headers=headers)
            response = link.getresponse()
            content = response.read().decode()
            link.close()
        except OSError as error:
            self.failed(kind, f"{method} {path}: {error}")
            return None
        elapsed = time.perf_counter() - started
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        self.cookies.update({name: morsel.value for name, morsel in jar.items()})
        with self.lock:
            self.figures[kind].append(elapsed)
        if response.status != expect:
            self.failed(kind, f"{method} {path}: {response.status}, expected {expect}")
            return None
        return content

    def failed(self, kind, what):
        with self.lock:
            self.errors[kind].append(what)

    @staticmethod
    def hidden(page, name):
        found = re.search(rf'name="{name}" value="([^"]*)"', page)
        return found.group(1) if found else ""

    def sign_in(self):
        page = self.request("sign-in page", "GET", "/accounts/login/")
        if page is None:
            return False
        body = {
            "username": self.account["username"],
            "password": PASSWORD,
            "csrfmiddlewaretoken": self.hidden(page, "csrfmiddlewaretoken"),
        }
        return self.request("sign in", "POST", "/accounts/login/", body, expect=302) is not None

    def sign_out(self, page):
        self.request(
            "sign out",
            "POST",
            "/accounts/logout/",
            {"csrfmiddlewaretoken": self.hidden(page, "csrfmiddlewaretoken")},
            expect=302,
        )
        self.cookies = {}

    def save(self, intent):
        slug, ref = self.account["slug"], self.account["ref"]
        form_path = f"/reviews/{slug}/recommendations/{ref}/update/"
        page = self.request("update form", "GET", form_path)
        if page is None:
            return None
        text = f"{self.account['username']}: progress saved {self.saved + 1} times under load."
        body = {
            "csrfmiddlewaretoken": self.hidden(page, "csrfmiddlewaretoken"),
            "version": self.hidden(page, "version"),
            "narrative": text,
            "status": "in_progress",
            "rag": "amber",
            "revised_timescale": "",
            "evidence_links": "",
            "intent": intent,
        }
        if (
            self.request(
                "update " + ("submitted" if intent == "submit" else "saved"),
                "POST",
                form_path,
                body,
                expect=302,
            )
            is not None
        ):
            self.saved += 1
            self.last_text = text
        return page

    def run(self, deadline):
        if not self.sign_in():
            return
        slug, ref = self.account["slug"], self.account["ref"]
        rounds = 0
        while time.monotonic() < deadline:
            self.request("list", "GET", f"/reviews/{slug}/recommendations/")
            self.request("recommendation page", "GET", f"/reviews/{slug}/recommendations/{ref}/")
            page = self.save("draft")
            rounds += 1
            if rounds % 10 == 0 and page is not None:
                self.sign_out(page)
                if not self.sign_in():
                    return
        self.save("submit")


def warm_up(port):
    """Load each worker's code before the clock starts: its first request imports the project."""
    visitor = Officer(port, {}, defaultdict(list), defaultdict(list), threading.Lock())
    for _ in range(WORKERS * 3):
        visitor.request("warm-up", "GET", "/accounts/login/")
    if visitor.errors:
        sys.exit(f"gunicorn did not answer: {dict(visitor.errors)}")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def check_database(officers) -> list[str]:
    from recommendations.models import ProgressUpdate

    problems = []
    for officer in officers:
        updates = list(ProgressUpdate.objects.filter(author__username=officer.account["username"]))
        if len(updates) != 1:
            problems.append(f"{officer.account['username']}: {len(updates)} updates, expected 1")
            continue
        update = updates[0]
        saves = update.history.filter(history_type__in=["+", "~"]).count()
        if update.narrative != officer.last_text:
            problems.append(
                f"{officer.account['username']}: the update holds another text than the last saved"
            )
        if update.state != ProgressUpdate.State.SUBMITTED:
            problems.append(
                f"{officer.account['username']}: the update is {update.state}, expected submitted"
            )
        # Submitting saves the form first, then submits: one row more than the requests that saved.
        if saves != officer.saved + 1:
            problems.append(f"{officer.account['username']}: {saves} history rows for {officer.saved} saves")
    return problems


def main():
    print(f"load test: {USERS} officers at once for {SECONDS:.0f} s, gunicorn with {WORKERS} workers")
    print(f"database: {DATABASE_URL}")
    recreate_database()
    accounts = set_up()
    port = free_port()
    server = start_gunicorn(port)
    figures, errors, lock = defaultdict(list), defaultdict(list), threading.Lock()
    officers = [Officer(port, account, figures, errors, lock) for account in accounts]
    try:
        warm_up(port)
        started = time.monotonic()
        threads = [threading.Thread(target=officer.run, args=(started + SECONDS,)) for officer in officers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=SECONDS + 4 * TIMEOUT)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=10)

    total = sum(len(values) for values in figures.values())
    print(f"\n{'request':22} {'count':>6} {'per s':>7} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for kind, values in figures.items():
        print(
            f"{kind:22} {len(values):6d} {len(values) / elapsed:7.1f} {statistics.median(values) * 1000:8.0f}"
            f" {percentile(values, 0.95) * 1000:8.0f} {len(errors.get(kind, [])):7d}"
        )
    all_values = [value for values in figures.values() for value in values]
    error_count = sum(len(found) for found in errors.values())
    print(
        f"{'all':22} {total:6d} {total / elapsed:7.1f} {statistics.median(all_values) * 1000:8.0f}"
        f" {percentile(all_values, 0.95) * 1000:8.0f} {error_count:7d}"
    )
    for kind, found in errors.items():
        for what in found[:5]:
            print(f"error ({kind}): {what}")
    problems = check_database(officers)
    saves = sum(officer.saved for officer in officers)
    verdict = "; ".join(problems) or "none lost or duplicated"
    print(f"\ndatabase: {len(officers)} updates, {saves} saves checked: {verdict}")
    if error_count or problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
