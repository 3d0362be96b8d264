"""The complete example of docs/import-format.md imports as documented."""

import json
import re
from pathlib import Path

from django.conf import settings

from practices.importer import import_data
from practices.models import PracticePage


def documented_example() -> dict:
    text = (Path(settings.BASE_DIR) / "docs" / "import-format.md").read_text()
    example = text.split("## A complete example", 1)[1]
    return json.loads(re.search(r"```json\n(.*?)```", example, re.S).group(1))


def test_documented_example_imports(territories):
    report = import_data(documented_example())

    assert report.ok, report.errors
    assert len(report.created) == 2
    live = PracticePage.objects.get(external_id="demo-cd94-achats-responsables")
    assert live.live and live.get_parent().pk == territories["dep_page"].pk
    assert live.indicators.count() == 2 and live.partners.count() == 2
    draft = PracticePage.objects.get(external_id="demo-mgp-pacte-ess")
    assert not draft.live and draft.get_parent().pk == territories["epci_page"].pk

    assert len(import_data(documented_example()).unchanged) == 2
