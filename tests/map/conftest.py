"""Fixtures of the map tests: the public pages' network, and the browser's."""

from tests.public.conftest import member_user, network  # noqa: F401
