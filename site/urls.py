from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from opendata.api import api as opendata_api
from search import views as search_views

from .accounts import LogoutView, MemberLoginView, MemberLogoutView
from .health import health
from .membership import membership_request, membership_request_sent
from .page_visibility import PageTypesUsageReport
from .practice_contact import contact_practice, contact_practice_sent

# No Django admin: Wagtail's is the only one (with its login protections).
urlpatterns = [
    path("admin/logout/", LogoutView.as_view(), name="wagtailadmin_logout"),
    # Before Wagtail's own, under the same URLs (see `page_visibility`).
    path("admin/reports/page-types-usage/", PageTypesUsageReport.as_view()),
    path(
        "admin/reports/page-types-usage/results/",
        PageTypesUsageReport.as_view(results_only=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", health, name="health"),
    path("", include("opendata.seo_urls")),  # sitemap.xml, robots.txt
    path("api/v1/", opendata_api.urls),  # one URL per resource, whatever the language
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Image renditions only: documents and original uploads are not public files.
    urlpatterns += static(
        f"{settings.MEDIA_URL}images/", document_root=settings.MEDIA_ROOT / "images"
    )

# French pages at the root, English ones under /en/.
urlpatterns += i18n_patterns(
    path("recherche/", search_views.search_page, name="search"),
    path("recherche/suggestions/", search_views.suggestions, name="search_suggestions"),
    path("abonnements/", include("digests.urls")),
    path("connexion/", MemberLoginView.as_view(), name="login"),
    path("deconnexion/", MemberLogoutView.as_view(), name="logout"),
    path("devenir-membre/", membership_request, name="membership_request"),
    path(
        "devenir-membre/merci/",
        membership_request_sent,
        name="membership_request_sent",
    ),
    # Under the catalogue's old address, which has no child pages.
    path(
        "pratiques/<int:page_id>/contacter/",
        contact_practice,
        name="contact_practice",
    ),
    path(
        "pratiques/<int:page_id>/contacter/envoye/",
        contact_practice_sent,
        name="contact_practice_sent",
    ),
    path("donnees-ouvertes/", include("opendata.urls")),
    path("", include("opendata.feed_urls")),  # Atom feeds, CSV and JSON exports
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
