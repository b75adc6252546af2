"""The chat page in a real browser: headless Chromium from Debian, the rasa-webchat widget, `bot.run`."""

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from bot.web.server import WEB_DIR
from tests.conftest import ARTIFACTS_DIR, page_in_context

REPLY_TIMEOUT_MS = 30_000
AXE_SCRIPT = WEB_DIR / "node_modules" / "axe-core" / "axe.min.js"


def page_url(running_kintsugi) -> str:
    _, env = running_kintsugi
    return f"http://localhost:{env['KINTSUGI_WEB_PORT']}/"


def bot_messages(page: Page):
    return page.locator(".rw-response")


def send(page: Page, text: str) -> None:
    """Types into the widget and presses Enter, as a person does."""
    box = page.get_by_label("Your message")
    box.fill(text)
    box.press("Enter")


def wait_for_more_bot_messages(page: Page, than: int) -> None:
    expect(bot_messages(page)).not_to_have_count(than, timeout=REPLY_TIMEOUT_MS)
    page.wait_for_timeout(1500)  # the rest of the turn's messages


def open_chat(page: Page, running_kintsugi) -> None:
    page.goto(page_url(running_kintsugi))
    expect(bot_messages(page).first).to_contain_text("not a therapist", timeout=REPLY_TIMEOUT_MS)


def test_a_conversation_with_a_button_click_survives_a_reload(page, running_kintsugi):
    open_chat(page, running_kintsugi)
    count = bot_messages(page).count()
    send(page, "My husband had an affair and I just found out")
    wait_for_more_bot_messages(page, count)

    count = bot_messages(page).count()
    send(page, "Can you suggest an exercise?")
    wait_for_more_bot_messages(page, count)
    other_exercise = page.get_by_role("button", name="Something else")
    expect(other_exercise).to_be_visible()
    first_exercise = bot_messages(page).nth(count).inner_text()

    count = bot_messages(page).count()
    other_exercise.click()
    wait_for_more_bot_messages(page, count)
    assert bot_messages(page).nth(count).inner_text() != first_exercise
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / "widget-exchange.png"))

    history = bot_messages(page).all_inner_texts()
    page.reload()
    expect(page.locator(".rw-client").first).to_contain_text("affair", timeout=REPLY_TIMEOUT_MS)
    assert bot_messages(page).all_inner_texts()[: len(history)] == history

    count = bot_messages(page).count()
    send(page, "thank you")
    wait_for_more_bot_messages(page, count)  # the same conversation goes on over the new socket
    assert not any("not a therapist" in text for text in bot_messages(page).all_inner_texts()[count:])


def test_a_crisis_message_shows_crisis_resources_for_the_browsers_country(page, running_kintsugi):
    open_chat(page, running_kintsugi)
    count = bot_messages(page).count()
    send(page, "I don't want to live anymore, I have the pills ready")
    wait_for_more_bot_messages(page, count)
    answer = " ".join(bot_messages(page).all_inner_texts()[count:])
    assert "988" in answer  # the browser says en-US: the US crisis line


def test_the_notice_and_crisis_link_are_always_on_screen(page, running_kintsugi):
    open_chat(page, running_kintsugi)
    for _ in range(3):
        count = bot_messages(page).count()
        send(page, "hello")
        wait_for_more_bot_messages(page, count)
    expect(page.locator("#notice")).to_be_in_viewport()
    expect(page.locator("#notice")).to_contain_text("not therapy and not an emergency service")
    crisis_link = page.get_by_role("link", name=re.compile("Crisis resources"))
    expect(crisis_link).to_be_in_viewport()

    page.goto(page_url(running_kintsugi) + "crisis")
    expect(page.get_by_role("heading", level=1)).to_contain_text("in danger")
    expect(page.locator("body")).to_contain_text("988")


def test_the_page_works_by_keyboard_on_a_phone_sized_screen(phone_page, running_kintsugi):
    page = phone_page
    open_chat(page, running_kintsugi)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    message_box = page.get_by_label("Your message")
    expect(message_box).to_be_in_viewport()

    count = bot_messages(page).count()
    message_box.focus()
    page.keyboard.type("I'd like an exercise")
    page.keyboard.press("Enter")
    wait_for_more_bot_messages(page, count)

    button = page.get_by_role("button", name="Something else")
    button.focus()  # a quick reply is in the tab order, and Enter presses it
    expect(button).to_be_focused()
    count = bot_messages(page).count()
    page.keyboard.press("Enter")
    wait_for_more_bot_messages(page, count)


def test_the_page_has_no_serious_accessibility_violations(browser, request, running_kintsugi):
    """axe-core (from npm) checks labels, roles, contrast and structure on a page with a live exchange."""
    with page_in_context(
        browser, request, bypass_csp=True
    ) as page:  # the page's CSP refuses injected scripts
        open_chat(page, running_kintsugi)
        count = bot_messages(page).count()
        send(page, "I'd like an exercise")
        wait_for_more_bot_messages(page, count)
        page.add_script_tag(path=str(AXE_SCRIPT))
        results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} elements, e.g. {v['nodes'][0]['html'][:120]})"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], "\n".join(serious)


@pytest.mark.parametrize("path", ["/", "/crisis"], ids=["chat", "crisis"])
def test_the_page_makes_no_request_to_other_sites(browser, request, running_kintsugi, path):
    """Nothing about a person's visit reaches a font host or a CDN (the widget asks for a web font:
    the page's Content-Security-Policy stops that request before it leaves the browser)."""
    local = re.compile(r"(https?|wss?)://(localhost|127\.0\.0\.1)[:/]|data:")
    # Every request the page starts, answered or not: a request that never gets an answer (this
    # machine has no internet, a host does not resolve) fires neither `requestfinished` nor
    # `response`. Only one the CSP stopped inside the browser (failure "csp") went nowhere.
    started, stopped_by_csp = [], []
    with page_in_context(browser, request) as page:
        page.on("request", lambda r: None if local.match(r.url) else started.append(r.url))
        page.on("requestfailed", lambda r: stopped_by_csp.append(r.url) if r.failure == "csp" else None)
        page.goto(page_url(running_kintsugi).rstrip("/") + path)
        page.wait_for_timeout(2000)
    assert [url for url in started if url not in stopped_by_csp] == []


# The quick exit, for someone whose partner may see the screen. The machine has no internet, so
# other sites (the neutral site the exit goes to, the one the person came from) are stand-ins.
ELSEWHERE = re.compile(r"^https?://(?!localhost[:/]|127\.0\.0\.1[:/])")
STAND_IN_PAGE = "<!doctype html><title>Elsewhere</title><p>Another site</p>"
PRIVATE_WORDS = re.compile(r"kintsugi|affair|crisis|betray|cheat|trust", re.IGNORECASE)


def stand_in_for_other_sites(page: Page) -> None:
    page.context.route(ELSEWHERE, lambda route: route.fulfill(body=STAND_IN_PAGE, content_type="text/html"))


def quick_exit(page: Page):
    return page.get_by_role("button", name=re.compile("^Quick exit"))


def start_a_conversation(page: Page, running_kintsugi) -> None:
    open_chat(page, running_kintsugi)
    count = bot_messages(page).count()
    send(page, "My husband had an affair and I just found out")
    wait_for_more_bot_messages(page, count)
    assert "affair" in page.evaluate("JSON.stringify(sessionStorage)")


@pytest.mark.parametrize("path", ["/", "/crisis"], ids=["chat", "crisis"])
def test_the_quick_exit_button_stays_on_screen(phone_page, running_kintsugi, path):
    page = phone_page
    page.goto(page_url(running_kintsugi).rstrip("/") + path)
    expect(quick_exit(page)).to_be_in_viewport()
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    expect(quick_exit(page)).to_be_in_viewport()


@pytest.mark.parametrize("path", ["/", "/crisis"], ids=["chat", "crisis"])
def test_the_tab_title_names_nothing_private(page, running_kintsugi, path):
    page.goto(page_url(running_kintsugi).rstrip("/") + path)
    assert page.title() == "Notes"
    assert not PRIVATE_WORDS.search(page.title())


def test_the_quick_exit_takes_the_chat_out_of_the_tabs_history(page, running_kintsugi):
    stand_in_for_other_sites(page)
    page.goto("https://search.example/")  # where the person was before the chat
    start_a_conversation(page, running_kintsugi)
    neutral_url = quick_exit(page).get_attribute("href")
    quick_exit(page).click()
    page.wait_for_url(neutral_url)
    page.go_back()
    assert page.url == "https://search.example/"
    page.go_forward()
    assert page.url == neutral_url


def test_the_quick_exit_forgets_the_conversation(page, running_kintsugi):
    stand_in_for_other_sites(page)
    start_a_conversation(page, running_kintsugi)
    quick_exit(page).click()
    page.wait_for_url(ELSEWHERE)

    # Back on the chat's site in the same tab, on a page without the widget (which would
    # store a new conversation at once): nothing is left in storage.
    page.goto(page_url(running_kintsugi) + "crisis")
    assert page.evaluate("[sessionStorage.length, localStorage.length]") == [0, 0]
    open_chat(page, running_kintsugi)
    expect(page.locator(".rw-client")).to_have_count(0)


def test_escape_pressed_twice_is_a_quick_exit(page, running_kintsugi):
    stand_in_for_other_sites(page)
    open_chat(page, running_kintsugi)
    assert "Escape twice" in quick_exit(page).get_attribute("title")
    page.get_by_label("Your message").focus()
    page.keyboard.press("Escape")
    page.wait_for_timeout(1500)
    assert page.url == page_url(running_kintsugi)  # once is not enough: Escape has other uses
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(ELSEWHERE)


def test_the_quick_exit_is_pressed_by_keyboard(page, running_kintsugi):
    stand_in_for_other_sites(page)
    page.goto(page_url(running_kintsugi) + "crisis")
    page.keyboard.press("Tab")  # the first stop in the tab order
    expect(quick_exit(page)).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(ELSEWHERE)


def test_a_quick_exit_from_the_crisis_tab_takes_the_chat_tab_with_it(page, running_kintsugi):
    stand_in_for_other_sites(page)
    start_a_conversation(page, running_kintsugi)
    with page.expect_popup() as opened:
        page.get_by_role("link", name=re.compile("Crisis resources")).click()
    crisis_tab = opened.value
    expect(crisis_tab.get_by_role("heading", level=1)).to_contain_text("in danger")
    quick_exit(crisis_tab).click()
    crisis_tab.wait_for_url(ELSEWHERE)
    page.wait_for_url(ELSEWHERE)


# "Delete my data" in the chat: the server erases the conversation, and the tab forgets it too.


def stored(page: Page) -> str:
    """Everything the page keeps in the browser's storage, as text."""
    return page.evaluate("JSON.stringify({session: {...sessionStorage}, local: {...localStorage}})")


def test_delete_my_data_leaves_nothing_of_the_conversation_in_the_tab(page, running_kintsugi):
    phrase = f"marigold{uuid.uuid4().hex[:8]}"
    open_chat(page, running_kintsugi)
    count = bot_messages(page).count()
    send(page, f"My husband had an affair with {phrase} and I just found out")
    wait_for_more_bot_messages(page, count)
    assert phrase in stored(page)  # the widget keeps the conversation in the tab
    conversation_id = page.evaluate("JSON.parse(sessionStorage.chat_session).session_id")

    count = bot_messages(page).count()
    send(page, "please delete all my data")
    wait_for_more_bot_messages(page, count)
    count = bot_messages(page).count()
    page.get_by_role("button", name="Yes, delete it").click()
    wait_for_more_bot_messages(page, count)
    expect(bot_messages(page).last).to_contain_text("deleted")
    left = stored(page)
    assert phrase not in left and "affair" not in left and conversation_id not in left

    page.reload()  # a new conversation, with none of the old one on screen
    expect(bot_messages(page).first).to_contain_text("not a therapist", timeout=REPLY_TIMEOUT_MS)
    expect(page.locator(".rw-client")).to_have_count(0)
    assert phrase not in page.content()
    assert conversation_id not in stored(page)
