"""The search page in a real browser: search, facets, chips, keyboard, no leaks."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    # The live server reads what the test wrote, so the data must be committed;
    # serialized_rollback brings back the rows the migrations created (Wagtail's
    # root page, default site) that the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RESULT_LINKS = ".search-results .card__title a"
CHIPS = ".selected-filters .tags a"

# What the browser reports about the element that has the focus.
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    id: el.id, tag: el.tagName.toLowerCase(), type: el.type || "",
    cls: el.className, text: (el.textContent || "").trim().slice(0, 60),
    checked: !!el.checked,
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
  };
}"""


def result_count(page) -> int:
    """The number announced in the results heading ("3 pratiques trouvées")."""
    text = page.locator("#results-title").inner_text()
    match = re.search(r"\d+", text)
    assert match, text
    return int(match.group())


def chip_texts(page) -> list[str]:
    return [text.strip() for text in page.locator(CHIPS).all_inner_texts()]


@pytest.mark.parametrize("tab", [True, False], ids=["js", "no-js"], indirect=True)
def test_search_tick_two_facets_remove_one_and_open_a_result(tab, search_site):
    page = tab.page
    practices = search_site.practices
    tab.goto("/recherche/")

    box = page.locator("#search-q")
    box.press_sequentially("économie solidaire")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/recherche/\?q=%C3%A9conomie\+solidaire$"))
    assert result_count(page) == 4
    assert page.locator(RESULT_LINKS).count() == 4
    assert practices["draft"].title not in page.locator("main").inner_text()
    marks = page.locator(".search-results mark").all_inner_texts()
    assert any(re.search(r"(?i)solidaire", mark) for mark in marks), marks

    refine = page.locator("form.filters")
    refine.locator("#group-theme summary").click()  # the group opens
    apply = refine.locator("button[type=submit]")
    if apply.is_visible():  # without JavaScript: tick both, then apply them
        refine.locator("#f-theme-insertion").check()
        refine.locator("#f-theme-tiers-lieux").check()
        apply.click()
    else:  # with JavaScript, each box applies at once
        with page.expect_navigation():
            refine.locator("#f-theme-insertion").click()
        with page.expect_navigation():
            refine.locator("#f-theme-tiers-lieux").click()
    page.wait_for_url(re.compile(r"theme=insertion&theme=tiers-lieux"))
    assert "q=%C3%A9conomie+solidaire" in page.url  # the query is kept
    assert result_count(page) == 3
    chips = chip_texts(page)
    assert len(chips) == 2
    assert "Insertion" in chips[0]
    assert "Tiers-lieux" in chips[1]
    assert page.locator("#f-theme-insertion").is_checked()
    assert page.locator("#f-theme-tiers-lieux").is_checked()

    # Remove "Tiers-lieux" as a keyboard user would: focus its link, press Enter.
    page.locator(CHIPS).filter(has_text="Tiers-lieux").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "tiers-lieux" not in url)
    assert result_count(page) == 2
    chips = chip_texts(page)
    assert len(chips) == 1
    assert "Insertion" in chips[0]
    assert not page.locator("#f-theme-tiers-lieux").is_checked()
    titles = set(page.locator(RESULT_LINKS).all_inner_texts())
    assert titles == {practices["achats"].title, practices["siae"].title}

    page.locator(RESULT_LINKS).filter(has_text=practices["siae"].title).click()
    page.wait_for_url(lambda url: "/recherche/" not in url)
    assert page.locator("h1").inner_text() == practices["siae"].title
    assert tab.console_errors == []


@pytest.mark.parametrize("tab", [False], ids=["no-js"], indirect=True)
def test_keyboard_only(tab, search_site):
    """Without JavaScript (with it, a ticked box applies at once: see
    test_keyboard_paths.py), Space ticks boxes and Enter applies them."""
    page = tab.page
    tab.goto("/recherche/?q=solidaire")
    checkboxes = page.eval_on_selector_all(
        "form.filters input[type=checkbox]", "els => els.map(el => el.id)"
    )
    assert "f-theme-insertion" in checkboxes

    # The skip link comes first, shows itself, and moves the focus to <main>.
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert "skip-link" in focused["cls"], focused
    assert focused["outline"] or focused["shadow"], focused
    box = page.locator(".skip-link").first.bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 1  # on screen when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"

    # Tab on through the page: every checkbox is reached (Enter opens each group
    # of them), Space toggles it, and every focused element shows its focus.
    reached, invisible = [], []
    for _ in range(150):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "body":
            break
        if not (focused["outline"] or focused["shadow"]):
            invisible.append(focused)
        if focused["tag"] == "summary" and focused["id"].startswith("group-"):
            page.keyboard.press("Enter")
        if focused["type"] == "checkbox":
            reached.append(focused["id"])
            page.keyboard.press("Space")
            assert page.evaluate(FOCUSED)["checked"] is not focused["checked"]
            if focused["id"] != "f-theme-insertion":
                page.keyboard.press("Space")  # leave only "Insertion" ticked
        if focused["text"] == page.locator("form.filters button").inner_text():
            break
    assert reached == checkboxes
    assert invisible == []

    # Enter on the form's button applies the filter ticked with Space.
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"theme=insertion"))
    assert result_count(page) == 2
    assert len(page.locator(CHIPS).all()) == 1


def test_no_console_error_and_no_third_party_request(tab, search_site):
    page = tab.page
    ressourcerie = search_site.practices["ressourcerie"]
    tab.goto("/recherche/")
    # Typing fills the live suggestions (a native <datalist>).
    page.locator("#search-q").press_sequentially("ressour")
    options = page.locator("#search-suggestions option")
    options.first.wait_for(state="attached")
    assert options.evaluate_all("els => els.map(el => el.value)") == [
        ressourcerie.title
    ]
    assert any("/recherche/suggestions/?q=ressour" in url for url in tab.requests)
    page.locator("#search-q").press("Enter")
    page.wait_for_url(re.compile(r"q=ressour"))
    tab.goto("/recherche/?q=solidaire&theme=economie-circulaire&sort=newest")
    assert result_count(page) == 2
    page.locator(RESULT_LINKS).first.click()
    page.wait_for_load_state("load")
    assert page.locator("main [lang]").count() == 0  # French page: nothing to mark
    tab.goto("/en/recherche/?q=solidaire")
    assert page.locator("html").get_attribute("lang") == "en"
    # On the English page, French editorial content says so (RGAA 8.7)...
    assert page.locator(".search-results article[lang=fr]").count() == 4
    assert page.locator("label[for=f-theme-insertion] [lang=fr]").text_content() == (
        "Insertion"
    )
    # ...while translated interface labels stay English.
    assert page.locator("label[for=f-status-ongoing] [lang]").count() == 0

    assert tab.console_errors == []
    assert tab.foreign_requests() == []
    assert any("/static/css/site.css" in url for url in tab.requests)


def test_suggestions_follow_what_is_typed_now(tab, search_site):
    """A late answer to an earlier keystroke never replaces newer suggestions."""
    page = tab.page
    ressourcerie = search_site.practices["ressourcerie"]
    held = []

    def hold_the_first(route):
        if held:
            route.continue_()
        else:
            held.append(route)  # answered below, after the second one

    page.route("**/recherche/suggestions/**", hold_the_first)
    tab.goto("/recherche/")
    box = page.locator("#search-q")
    box.press_sequentially("re")
    page.wait_for_timeout(400)  # past the 200 ms debounce: the first request left
    assert len(held) == 1
    box.press_sequentially("ssour")
    options = page.locator("#search-suggestions option")
    options.first.wait_for(state="attached")
    held[0].fulfill(json={"suggestions": ["Titre d'une frappe précédente"]})
    page.wait_for_timeout(400)
    assert options.evaluate_all("els => els.map(el => el.value)") == [
        ressourcerie.title
    ]

    # Emptying the box drops the suggestions for the word that was there.
    box.fill("")
    # (A locator, not `wait_for_function`: the page's policy forbids eval.)
    expect(page.locator("#search-suggestions option")).to_have_count(0)
    assert tab.console_errors == []
