"""sitemap.xml and robots.txt, at the site's root (no language prefix)."""

from django.urls import path

from . import seo

urlpatterns = [
    path("sitemap.xml", seo.sitemap, name="sitemap"),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
]
