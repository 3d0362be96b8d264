"""Subscribing from the subscription page, double opt-in, the confirmation e-mail."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext

from digests.models import Subscriber, Subscription

from .conftest import html_part, link, links


def post_subscribe(client, email="Camille@Example.org", **choices):
    data = {"email": email, **choices}
    return client.post("/abonnements/", data)


def test_page_lists_every_kind_of_target(client, followable):
    response = client.get("/abonnements/")
    html = response.content.decode()
    assert response.status_code == 200
    for value in ('value="insertion"', 'value="subvention"', 'value="11"'):
        assert value in html
    assert f'value="{followable.val_de_marne.territory.pk}"' in html
    # Checkbox groups are fieldsets with a legend; the address has a label.
    assert html.count("<legend>") == 4
    assert '<label for="id_email">' in html


def test_subscribe_then_confirm(client, followable, mailoutbox):
    response = post_subscribe(
        client, themes=["insertion", "economie-circulaire"], regions=["11"]
    )
    assert response.status_code == 302
    assert response["Location"] == "/abonnements/envoye/"
    assert client.get(response["Location"]).status_code == 200

    subscriber = Subscriber.objects.get()
    assert subscriber.email == "camille@example.org"  # stored lowercased
    assert not subscriber.is_confirmed
    kinds = sorted(subscriber.subscriptions.values_list("kind", flat=True))
    assert kinds == ["territory", "theme", "theme"]

    (message,) = mailoutbox
    assert message.to == ["camille@example.org"]
    confirm_path = link(message, "/abonnements/confirmer/")
    assert confirm_path in html_part(message)

    # GET (a mail scanner following the link) changes nothing...
    page = client.get(confirm_path)
    assert page.status_code == 200
    subscriber.refresh_from_db()
    assert not subscriber.is_confirmed
    # ...the button does.
    assert client.post(confirm_path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.is_confirmed
    # Confirming twice is harmless.
    assert client.post(confirm_path).status_code == 200
    assert Subscriber.objects.get().is_confirmed


def test_confirmation_email_is_french_html_and_text(client, followable, mailoutbox):
    post_subscribe(client, themes=["insertion"], levers=["subvention"])
    (message,) = mailoutbox
    with translation.override("fr"):
        subject = gettext("Confirm your subscription to the RTES digest")
        button = gettext("Confirm my subscription")
    assert message.subject == subject
    html = html_part(message)
    assert '<html lang="fr">' in html
    assert button in html
    # What is being confirmed is spelled out in both parts.
    for part in (message.body, html):
        assert "Insertion" in part and "Subvention" in part
    # Inline styles only: no stylesheet, no image, no script from anywhere.
    assert "<link" not in html and "<img" not in html and "<script" not in html
    # The only links are the confirmation link, absolute.
    assert links(message) == [link(message, "/abonnements/confirmer/")]
    assert "camille" not in link(message, "/abonnements/confirmer/")


def test_no_choice_is_an_error_linked_to_the_choices(client, followable, mailoutbox):
    response = post_subscribe(client)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in html and 'href="#targets"' in html
    assert 'aria-describedby="targets-error"' in html
    assert not Subscriber.objects.exists() and not mailoutbox


def test_bad_address_is_an_error_linked_to_the_field(client, followable, mailoutbox):
    response = post_subscribe(client, email="not an address", themes=["insertion"])
    html = response.content.decode()
    assert response.status_code == 400
    assert 'aria-describedby="id_email-hint id_email-error"' in html
    assert 'aria-invalid="true"' in html
    assert 'href="#id_email"' in html
    # What was ticked stays ticked.
    assert 'value="insertion" id="id_themes_0" checked>' in html
    assert not Subscriber.objects.exists() and not mailoutbox


def test_unknown_choice_is_a_form_error_not_a_500(client, followable, mailoutbox):
    response = post_subscribe(client, themes=["no-such-theme"], territories=["x"])
    assert response.status_code == 400
    assert not Subscriber.objects.exists() and not mailoutbox


def test_oversized_forms_are_refused_unchanged(client, followable, mailoutbox):
    many = post_subscribe(client, themes=[f"t{i}" for i in range(150)])
    assert many.status_code == 400
    huge = post_subscribe(client, email="a" * 40_000 + "@example.org")
    assert huge.status_code == 413
    long_address = post_subscribe(client, email="a" * 300 + "@example.org")
    assert long_address.status_code == 400
    assert not Subscriber.objects.exists() and not mailoutbox


def test_subscribing_again_adds_without_duplicates(client, followable, mailoutbox):
    post_subscribe(client, themes=["insertion"])
    post_subscribe(client, email="camille@example.org", themes=["insertion"])
    post_subscribe(client, themes=["economie-circulaire"])
    subscriber = Subscriber.objects.get()
    assert subscriber.subscriptions.count() == 2
    # Unconfirmed: each request sends a fresh confirmation link.
    assert len(mailoutbox) == 3


def test_follow_links_tick_the_boxes(client, followable):
    territory = followable.val_de_marne.territory
    html = client.get(
        "/abonnements/",
        {"theme": "insertion", "territory": [territory.pk, followable.idf.pk]},
    ).content.decode()
    assert 'value="insertion" id="id_themes_' in html
    checked = [chunk for chunk in html.split("<input") if "checked" in chunk]
    values = sorted(c.split('value="')[1].split('"')[0] for c in checked)
    assert values == sorted(["insertion", str(territory.pk), "11"])


def test_malformed_follow_links_are_ignored(client, followable):
    response = client.get(
        "/abonnements/",
        {"territory": ["9" * 40, "abc", "\u00b2", "\u0663"], "theme": "x" * 5000},
    )
    assert response.status_code == 200
    assert "checked" not in response.content.decode()


def test_impossible_territory_ids_are_a_form_error(client, followable, mailoutbox):
    # Beyond any integer column (SQLite raised OverflowError), and digits that
    # int() refuses or reads as another number.
    for bad in ("99999999999999999999", "\u00b2", "\u0663", "-1"):
        response = post_subscribe(client, territories=[bad])
        assert response.status_code == 400, bad
        assert 'id="error-summary"' in response.content.decode()
    assert not Subscriber.objects.exists()
    assert mailoutbox == []


def test_confirmed_subscriber_gets_a_digest_only_after_confirming(
    client, followable, mailoutbox
):
    post_subscribe(client, themes=["insertion"])
    assert not Subscriber.objects.filter(confirmed_at__isnull=False).exists()
    client.post(link(mailoutbox[0], "/abonnements/confirmer/"))
    assert Subscription.objects.filter(subscriber__confirmed_at__isnull=False).count()
