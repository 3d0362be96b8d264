"""sitemap.xml, robots.txt, JSON-LD and OpenGraph on the practice pages."""

import json
import re
import xml.etree.ElementTree as ET

from tests.factories import practice

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_lists_live_public_pages_only(client, catalogue):
    draft = practice(catalogue.member, live=False, title="Brouillon")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert catalogue.bought.full_url in locations
    assert catalogue.member.full_url in locations
    assert catalogue.member.get_site().root_url + "/recherche/" in locations
    assert not any(draft.slug in loc for loc in locations)
    assert not any(loc.endswith("/pratiques/") for loc in locations)  # a redirect


def test_robots_points_at_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Disallow: /recherche/?" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def json_ld(html: str) -> dict:
    (script,) = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    return json.loads(script)


def test_practice_json_ld_carries_the_practice_territory_place_and_dates(
    client, catalogue
):
    page = catalogue.bought
    page.start_date = __import__("datetime").date(2021, 3, 1)
    page.save_revision().publish()
    data = json_ld(client.get(page.url).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["name"] == page.title
    assert data["author"]["name"] == "Val-de-Marne"
    assert data["spatialCoverage"]["name"] == "Val-de-Marne"
    assert data["spatialCoverage"]["containedInPlace"]["name"] == "Île-de-France"
    assert data["temporalCoverage"] == "2021-03-01/.."
    assert data["datePublished"] and data["dateModified"]
    assert data["keywords"] == ["Achats responsables"]


def test_json_ld_cannot_be_closed_by_a_title(client, catalogue):
    page = practice(catalogue.member, title="Fin </script><script>alert(1)</script>")
    html = client.get(page.url).content.decode()
    head = html.split("</head>")[0]
    assert "<script>alert(1)" not in head
    assert json_ld(html)["name"] == page.title


def test_opengraph_tags(client, catalogue):
    page = catalogue.hired
    head = client.get(page.url).content.decode().split("</head>")[0]
    tags = dict(re.findall(r'<meta property="(og:[a-z_]+)" content="([^"]*)">', head))
    assert tags["og:title"] == "Chantiers d&#x27;insertion pour les jeunes"
    assert tags["og:description"].startswith("Un chantier")
    assert tags["og:url"] == page.full_url
    assert tags["og:type"] == "article"
    assert tags["og:locale"] == "fr_FR"
    assert tags["og:site_name"]


def test_territory_and_home_pages_advertise_their_feeds(client, catalogue):
    html = client.get(catalogue.member.url).content.decode()
    head, page = html.split("</head>")
    feed = f'href="/flux/territoire/{catalogue.member.territory_id}/"'
    assert feed in head
    assert feed + ' type="application/atom+xml">Suivre ses pratiques' in page
    home = client.get("/").content.decode().split("</head>")[0]
    assert 'type="application/atom+xml"' in home and 'href="/flux/recherche/"' in home
