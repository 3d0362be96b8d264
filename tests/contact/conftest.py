"""A member territory, a practice with a contact, and the people who visit it:
anonymous, a member, an account with no role, an editor, the editorial team.

Posts run what waits for the commit (the e-mails' task, eager in tests)."""

import email
import email.policy

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from rtes_site.bootstrap import EDITORIAL_GROUP_NAME
from rtes_site.members import MEMBERS_GROUP_NAME

from tests.digests_delivery.worker import worker  # noqa: F401 - a real Celery worker
from tests.factories import TerritoryFactory, UserFactory, editor_of, member_page
from tests.factories import practice as make_practice

CONTACT_EMAIL = "camille.martin@valdemarne.example"
MEMBER_EMAIL = "sacha.petit@gironde.example"
BASE_URL = "https://pratiques.rtes.example"


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.WAGTAILADMIN_BASE_URL = BASE_URL
    settings.DEFAULT_FROM_EMAIL = "RTES <ne-pas-repondre@rtes.example>"
    settings.RTES_CONTACT_LIMITS = {"sender": 5, "sender_practice": 2, "practice": 10}


@pytest.fixture(autouse=True)
def _french():
    """A request under /en/ leaves English active in the test's thread, where it
    would prefix the next test's page URLs."""
    translation.activate("fr")
    yield
    translation.activate("fr")


@pytest.fixture
def territory(home):
    return member_page(TerritoryFactory(name="Val-de-Marne", code="94"))


@pytest.fixture
def practice(territory):
    return make_practice(
        territory,
        title="Clauses sociales",
        contact_name="Camille Martin",
        contact_role="Chargée de mission ESS",
        contact_email=CONTACT_EMAIL,
    )


def make_member(username="membre", email=MEMBER_EMAIL, **fields):
    user = UserFactory(username=username, email=email, **fields)
    user.groups.add(Group.objects.get(name=MEMBERS_GROUP_NAME))
    return user


@pytest.fixture
def member(home):
    return make_member(first_name="Sacha", last_name="Petit")


@pytest.fixture
def no_role(db):
    return UserFactory(username="sans-role")


@pytest.fixture
def editor(territory):
    return editor_of(territory, username="editeur")


@pytest.fixture
def reviewer(home):
    user = UserFactory(username="relecture")
    user.groups.add(Group.objects.get(name=EDITORIAL_GROUP_NAME))
    return user


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """A client whose posts run what waits for the commit (the e-mails' task)."""

    class Committing:
        def __getattr__(self, name):
            return getattr(client, name)

        def post(self, *args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return client.post(*args, **kwargs)

    return Committing()


def contact_url(page, suffix="") -> str:
    return f"/pratiques/{page.pk}/contacter/{suffix}"


def form_data(**overrides) -> dict:
    return {
        "contact-subject": "Vos clauses sociales",
        "contact-body": "Bonjour, comment avez-vous formé les acheteurs ?",
        **overrides,
    }


def parsed(message) -> email.message.EmailMessage:
    """A Django e-mail as a mail reader gets it (headers, decoded body)."""
    return email.message_from_bytes(
        message.message().as_bytes(), policy=email.policy.default
    )


def text_of(message: email.message.EmailMessage) -> str:
    """Every header and the body, decoded: where an address could leak."""
    headers = "\n".join(f"{name}: {value}" for name, value in message.items())
    return headers + "\n" + message.get_content()
