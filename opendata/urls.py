"""The "Données ouvertes" page (the API itself is mounted by rtes_site.urls)."""

from django.urls import path

from . import views

urlpatterns = [path("", views.open_data_page, name="open_data")]
