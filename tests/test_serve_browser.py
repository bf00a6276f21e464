"""`guide serve` in a real browser: headless Chromium driven by selenium, the screen read by OCR.

textual-serve's terminal draws on a canvas (xterm.js), so the page's DOM does not hold the
answer: the test reads what a person would see, a screenshot, with tesseract. It waits for the
welcome, types the question as a person would, and checks that the quote from paragraph 11 is
on screen, comparing normalized words with a tolerance for OCR slips, polling until a deadline.
Then it copies the reply with the app's own key and reads the browser's clipboard.

The screenshots and their OCR text are kept under test-artifacts/browser/ (or
$GUIDE_TEST_ARTIFACTS), printed by the test. Skipped only where no browser is installed
(.ci/run installs chromium, chromium-driver and tesseract-ocr); with GUIDE_BROWSER_TEST=required,
as in CI, a missing browser is a failure instead.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from guide.paths import REPO_ROOT
from tests.serve_client import serving

QUESTION = "why does touch calm me"
WELCOME = "Ask me about it in your own words and I'll answer with the article's own sentences"
DEADLINE = 60.0  # seconds for each thing to appear on screen
MATCH = 0.9  # share of the expected words OCR must read, in order
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1600,1000", "--force-device-scale-factor=1"]
FONT_SIZE = 22  # px: large glyphs for OCR (textual-serve's ?fontsize=)


def _tools() -> dict[str, str | None]:
    found = {name: shutil.which(name) for name in ("chromedriver", "tesseract")}
    found["chromium"] = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    try:
        import selenium  # noqa: F401
    except ImportError:
        found["selenium"] = None
    else:
        found["selenium"] = "installed"
    return found


TOOLS = _tools()
MISSING = [name for name, path in TOOLS.items() if path is None]
if MISSING and os.environ.get("GUIDE_BROWSER_TEST") == "required":
    raise RuntimeError(f"GUIDE_BROWSER_TEST=required but missing: {', '.join(MISSING)}")
pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"no browser to drive: {', '.join(MISSING)} not installed "
                                                      "(apt-get install chromium chromium-driver tesseract-ocr; "
                                                      "pip install selenium)")


def words(text: str) -> list[str]:
    """Lowercase words without punctuation or quote marks: what OCR and the source agree on."""
    text = text.replace("’", "'").replace("‘", "'")
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower())


def seen(expected: str, screen: str) -> float:
    """The share of ``expected``'s words found on ``screen`` in the same order (1.0: all of them)."""
    want = words(expected)
    blocks = difflib.SequenceMatcher(None, want, words(screen), autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks) / len(want)


@pytest.fixture
def artifacts() -> Path:
    folder = Path(os.environ.get("GUIDE_TEST_ARTIFACTS") or REPO_ROOT / "test-artifacts") / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nbrowser test artifacts: {folder}")
    return folder


@pytest.fixture
def browser() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # never let selenium fetch a driver: use the system's
    options = webdriver.ChromeOptions()
    options.binary_location = TOOLS["chromium"]
    profile = tempfile.mkdtemp(prefix="guide-chromium-")
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(TOOLS["chromedriver"]))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


CITED = "helps regulate anxiety"  # the section under the quote (OCR reads its "¶11" unreliably)


def read_screen(driver, path: Path) -> str:
    """Screenshot to ``path``, its OCR text beside it (.txt), and the text."""
    driver.save_screenshot(str(path))
    result = subprocess.run([TOOLS["tesseract"], str(path), "-", "--psm", "6"], capture_output=True, text=True,
                            timeout=60)
    path.with_suffix(".txt").write_text(result.stdout, encoding="utf-8")
    return result.stdout


def until(driver, path: Path, done: Callable[[str], bool]) -> str:
    """Read the screen until ``done`` holds for its text or DEADLINE passes; the last text."""
    deadline = time.monotonic() + DEADLINE
    while True:
        text = read_screen(driver, path)
        if done(text) or time.monotonic() > deadline:
            return text
        time.sleep(0.5)


def expected_quote() -> tuple[str, int]:
    """The quote the guide answers QUESTION with, checked against the article's paragraph 11."""
    from guide.cache import load_engine
    from guide.conversation import Session
    from guide.paths import BUNDLED_GUIDE

    engine, _ = load_engine(BUNDLED_GUIDE)
    assert engine is not None
    reply = Session(engine).respond(QUESTION)
    quote = next(block for block in reply.blocks if block.type == "quote" and block.citation)
    source = next(iter(engine.guide.sources.values()))
    paragraph = next(p for p in source.paragraphs if p.number == quote.citation.paragraph)
    assert " ".join(quote.text.split()) in " ".join(paragraph.text.split())
    return quote.text, quote.citation.paragraph


def test_the_answer_and_its_quote_appear_on_screen_in_a_real_browser(browser, artifacts, tmp_path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    quote, paragraph = expected_quote()
    assert paragraph == 11
    with serving(cwd=tmp_path) as served:
        browser.execute_cdp_cmd("Browser.grantPermissions", {"origin": served.url.rstrip("/"),
                                                             "permissions": ["clipboardReadWrite",
                                                                             "clipboardSanitizedWrite"]})
        browser.get(f"{served.url}?fontsize={FONT_SIZE}")
        welcome = until(browser, artifacts / "welcome.png", lambda text: seen(WELCOME, text) >= MATCH)
        assert seen(WELCOME, welcome) >= MATCH, f"no welcome on screen; OCR read:\n{welcome}"

        keyboard = browser.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")  # where xterm.js takes keys
        keyboard.send_keys(QUESTION + Keys.ENTER)
        answer = until(browser, artifacts / "answer.png",
                       lambda text: seen(quote, text) >= MATCH and CITED in " ".join(words(text)))
        print(f"OCR of the answer ({seen(quote, answer):.0%} of the quote's words):\n{answer}")
        assert seen(quote, answer) >= MATCH, f"the paragraph-11 quote is not on screen; OCR read:\n{answer}"
        assert CITED in " ".join(words(answer))  # the short citation: section, ¶11
        assert seen(f"You {QUESTION}", answer) == 1.0  # the reader's own message, as typed

        keyboard.send_keys(Keys.TAB)  # to the latest reply, whose "c" copies it
        keyboard.send_keys("c")
        browser.set_script_timeout(10)
        copied = ""
        deadline = time.monotonic() + DEADLINE
        while quote not in copied and time.monotonic() < deadline:
            copied = browser.execute_async_script(
                "const done = arguments[0]; navigator.clipboard.readText().then(done, () => done(''));")
            time.sleep(0.2)
        assert quote in copied, f"the browser's clipboard holds {copied!r}"
    assert list(tmp_path.iterdir()) == []  # nothing written where the server ran
