"""Public pages of the digests: subscribe, confirm, manage, leave."""

from django.urls import path  # noqa: F401  (the subscription views add their routes)

app_name = "digests"
urlpatterns = []
