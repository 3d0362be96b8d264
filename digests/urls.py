"""Public pages of the digests: subscribe, confirm, manage, leave."""

from django.urls import path

from . import views

app_name = "digests"
urlpatterns = [
    path("", views.subscribe_page, name="subscribe"),
    path("recherche/", views.follow_search, name="follow_search"),
    path("envoye/", views.sent, name="sent"),
    path("lien/", views.request_link, name="request_link"),
    path("lien/envoye/", views.link_sent, name="link_sent"),
    path("mes-abonnements/", views.mine, name="mine"),
    path("confirmer/<str:token>/", views.confirm_page, name="confirm"),
    path("ajouter/<str:token>/", views.add_page, name="add"),
    path("gerer/<str:token>/", views.manage, name="manage"),
    path("gerer/<str:token>/retirer/", views.remove, name="remove"),
    path("gerer/<str:token>/donnees/", views.my_data, name="data"),
    path("gerer/<str:token>/supprimer/", views.delete_data, name="delete"),
    path("desabonner/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
