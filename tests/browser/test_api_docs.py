"""The API's interactive documentation works in a real browser under the site's
Content Security Policy, from the project's own files only."""

from __future__ import annotations

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_swagger_ui_lists_the_operations_and_runs_a_search(tab, search_site):
    page = tab.page
    tab.goto("/api/v1/docs")
    # Swagger UI draws the operations from /api/v1/openapi.json.
    operation = page.locator("#operations-practices-search_practices")
    operation.wait_for()
    assert page.locator(".opblock").count() >= 5

    operation.locator(".opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    status = operation.locator(".live-responses-table tr.response .response-col_status")
    status.wait_for()
    assert status.inner_text().strip() == "200"
    assert '"count"' in operation.locator(".live-responses-table").inner_text()

    assert tab.console_errors == []
    assert tab.foreign_requests() == []
