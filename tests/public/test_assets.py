"""No asset is loaded from another host: the pages work offline and leak no visit."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.images.models import Image

from tests.factories import practice
from tests.public.test_query_counts import png

pytestmark = pytest.mark.django_db

# Tags that make the browser fetch something, and the attributes that name it.
ASSET_TAG = re.compile(
    r"<(script|link|img|source|iframe|video|audio|embed|object|image)\b([^>]*)>",
    re.IGNORECASE,
)
ASSET_ATTRIBUTE = re.compile(r"\b(src|href|srcset|data|poster)=\"([^\"]*)\"", re.I)


def external_assets(html: str) -> list[str]:
    found = []
    for tag, attributes in ASSET_TAG.findall(html):
        for _name, value in ASSET_ATTRIBUTE.findall(attributes):
            for candidate in value.split(","):
                url = candidate.strip().split(" ")[0]
                if re.match(r"^(https?:)?//", url, re.IGNORECASE):
                    found.append(f"<{tag}> {url}")
    found += re.findall(r"url\(\s*['\"]?(?:https?:)?//[^)]*\)", html)
    found += re.findall(r"@import\s+['\"]?(?:https?:)?//", html)
    return found


def test_rendered_pages_load_nothing_from_other_hosts(client, network, member_user):
    logo = Image.objects.create(title="Logo", file=png("logo.png"))
    page = network.departement_page
    page.logo = logo
    page.website = "https://www.valdemarne.fr"
    page.save_revision().publish()
    subject = practice(
        page,
        title="Avec image",
        image=logo,
        themes=[network.iae],
        description=[
            ("image", {"image": logo, "alt_text": "Un logo", "decorative": False})
        ],
    )
    urls = [
        "/",
        "/recherche/",
        "/recherche/?theme=iae",
        "/territoires/",
        page.url,
        subject.url,
        "/accessibilite/",
        "/en/recherche/",
    ]
    for signed_in in (False, True):
        if signed_in:
            client.force_login(member_user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert external_assets(html) == [], url
            if url in (page.url, subject.url):
                assert "<img" in html, url  # images were really rendered
    not_found = client.get("/nulle-part/")
    assert not_found.status_code == 404
    assert external_assets(not_found.content.decode()) == []


def test_the_detector_sees_external_assets():
    html = (
        '<script src="https://cdn.example.org/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.com/css">'
        '<img alt="" src="/media/ok.png" srcset="/a.png 1x, http://b.example/b.png 2x">'
        '<a href="https://www.valdemarne.fr">a link is not an asset</a>'
    )

    assert external_assets(html) == [
        "<script> https://cdn.example.org/x.js",
        "<link> //fonts.example.com/css",
        "<img> http://b.example/b.png",
    ]


def test_templates_and_stylesheets_reference_no_external_asset():
    roots = [Path(settings.BASE_DIR) / "templates", Path(settings.BASE_DIR) / "static"]
    for root in roots:
        for path in root.rglob("*"):
            if path.suffix in {".html", ".css", ".js"}:
                assert external_assets(path.read_text()) == [], path
