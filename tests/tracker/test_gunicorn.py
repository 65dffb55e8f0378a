"""The production stack for real: gunicorn with tracker.settings.production on a loopback port,
over this test run's database: the health check, a static file, the security headers, signing in.

HTTPS is the proxy's job in production; here each request says it came through one
(X-Forwarded-Proto: https), as the proxy would, so the Secure, __Host- cookies are set and used.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests import factories
from tracker.models import User

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"
HOST = "tracker.example.gov.uk"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    user, host, port = database["USER"], database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{database['NAME']}"


@pytest.fixture
def production_server(transactional_db, tmp_path):
    environ = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}},
        "DJANGO_SETTINGS_MODULE": "tracker.settings.production",
        "SECRET_KEY": "a-production-secret-key-of-sufficient-length-and-randomness-0123456789",
        "SITE_URL": f"https://{HOST}",
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database_url(),
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=environ,
        check=True,
    )
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "tracker.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "-w",
            "1",
        ],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"gunicorn stopped: {server.stdout.read().decode()}")
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def request(port, method, path, *, body=None, cookies=None, headers=None):
    link = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    sent = {"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})}
    if cookies:
        sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    if body is not None:
        sent["Content-Type"] = "application/x-www-form-urlencoded"
        body = urlencode(body)
    link.request(method, path, body=body, headers=sent)
    response = link.getresponse()
    content = response.read()
    link.close()
    return response, content


def cookies_from(response) -> dict:
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return jar


def test_gunicorn_serves_health_static_headers_and_signing_in(production_server):
    port = production_server
    # Hashed as production hashes (the tests' own fast hasher is not among production's).
    user = factories.UserFactory(username="cparker", role="coordinator")
    User.objects.filter(pk=user.pk).update(password=PBKDF2PasswordHasher().encode(PASSWORD, "saltsaltsalt"))

    health, body = request(port, "GET", "/healthz")
    assert health.status == 200, body
    assert b'"database": "ok"' in body

    page, html = request(port, "GET", "/accounts/login/")
    assert page.status == 200
    assert "includeSubDomains" in page.headers["Strict-Transport-Security"]
    assert "object-src 'none'" in page.headers["Content-Security-Policy"]
    assert "camera=()" in page.headers["Permissions-Policy"]
    assert "no-store" in page.headers["Cache-Control"]
    hashed = html.decode().split('href="/static/css/application.')[1].split('"')[0]
    static, css = request(port, "GET", f"/static/css/application.{hashed}")
    assert static.status == 200
    assert b"govuk" in css
    assert "max-age" in static.headers["Cache-Control"]

    jar = cookies_from(page)
    csrf = jar["__Host-csrftoken"]
    assert csrf["secure"]
    assert csrf["samesite"] == "Lax"
    token = html.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    signed_in, _ = request(
        port,
        "POST",
        "/accounts/login/",
        body={"username": "cparker", "password": PASSWORD, "csrfmiddlewaretoken": token},
        cookies={"__Host-csrftoken": csrf.value},
        headers={"Referer": f"https://{HOST}/accounts/login/"},
    )
    assert signed_in.status == 302, signed_in.headers
    session = cookies_from(signed_in)["__Host-sessionid"]
    assert session["secure"]
    assert session["httponly"]
    dashboard, html = request(port, "GET", "/", cookies={"__Host-sessionid": session.value})
    assert dashboard.status == 200
    assert "Signed in as" in html.decode()

    plain, _ = request(port, "GET", "/accounts/login/", headers={"X-Forwarded-Proto": "http"})
    assert plain.status == 301
    assert plain.headers["Location"].startswith("https://")
