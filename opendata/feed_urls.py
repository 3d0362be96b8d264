"""Feeds and exports, under the language prefix (French at the root, English
under /en/); see docs/opendata.md."""

from django.urls import path

from . import exports, feeds

app_name = "opendata_feeds"

urlpatterns = [
    path("flux/recherche/", feeds.SearchFeed(), name="search"),
    path("flux/theme/<str:slug>/", feeds.ThemeFeed(), name="theme"),
    path("flux/levier/<str:slug>/", feeds.LeverFeed(), name="lever"),
    path("flux/public/<str:slug>/", feeds.AudienceFeed(), name="audience"),
    path("flux/territoire/<int:pk>/", feeds.TerritoryFeed(), name="territory"),
    path("flux/region/<str:code>/", feeds.RegionFeed(), name="region"),
    path("export/pratiques.csv", exports.export_csv, name="export_csv"),
    path("export/pratiques.json", exports.export_json, name="export_json"),
]
