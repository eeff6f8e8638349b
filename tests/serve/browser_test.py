"""The workbench page in a real headless Chromium (Debian's chromium and chromium-driver,
driven by python3-selenium), on the test world: paste a log, see the recipients, draft, edit a
draft, test send (the loopback SMTP server receives the edited text), send, take in a bounce,
and see the ledger say so with the next step. A log line holding <script> is shown as text
and runs nothing. A screenshot of each step goes to --shots."""

import os
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from workbench import INCIDENT, LOG, Checks, Workbench, arguments, dsn_for


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
              "--window-size=1280,1600", "--lang=en-US", "--no-proxy-server"):
        options.add_argument(a)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def set_text(driver, element, text):
    """Type into a field as a user does (paste): the value, then the events a page listens to."""
    element.clear()
    driver.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", element, text)


def main():
    args = arguments("--shots")
    os.makedirs(args.shots, exist_ok=True)
    c = Checks()
    wb = Workbench(args.renraku, args.world_config)
    driver = browser()
    wait = WebDriverWait(driver, 90)

    def shot(name, section=None):
        """The page, or one of its sections whole (scrolled into view)."""
        path = os.path.join(args.shots, name + ".png")
        if section is None:
            driver.save_screenshot(path)
            return
        element = driver.find_element(By.ID, section)
        driver.execute_script("arguments[0].scrollIntoView()", element)
        element.screenshot(path)

    try:
        driver.get(wb.url)
        c.check("#token" not in driver.current_url, "the token leaves the address bar")
        set_text(driver, driver.find_element(By.ID, "log"), LOG)
        driver.find_element(By.ID, "run").click()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#recipients .recipient")))
        shot("1-recipients", "step-recipients")
        recipients = driver.find_elements(By.CSS_SELECTOR, "#recipients .recipient")
        text = " ".join(r.text for r in recipients)
        c.check(len(recipients) >= 1 and "@" in text, "recipients appear with their addresses")
        table = driver.find_element(By.ID, "indicators").text
        c.check("<script>alert(1)</script>" in table, "the log line with <script> is shown as text")
        c.check(driver.execute_script("return document.scripts.length") == 1,
                "no script from the log is in the page")
        c.check("private" in table, "the left-out private address is shown with why")

        set_text(driver, driver.find_element(By.ID, "incident"), INCIDENT)
        driver.find_element(By.ID, "draft").click()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#drafts .draft")))
        shot("2-drafts", "step-drafts")
        summary = driver.find_element(By.ID, "send-summary").text
        c.check(" to " in summary and "recipient" in summary, "N messages to M recipients: " + summary)

        first = driver.find_element(By.CSS_SELECTOR, "#drafts .draft")
        body = first.find_element(By.CSS_SELECTOR, "textarea.body")
        body.send_keys("\nPlease reply to the tracking number. EDITED-IN-BROWSER-4410\n")
        first.find_element(By.CSS_SELECTOR, "button.save").click()
        wait.until(lambda d: first.find_element(By.CSS_SELECTOR, ".saved").text != "")
        c.check(first.find_element(By.CSS_SELECTOR, ".saved").text == "Saved", "the edit is saved")

        set_text(driver, driver.find_element(By.ID, "test-to"), "csirt@example.jp")
        driver.find_element(By.ID, "test-send").click()
        wait.until(lambda d: "test messages sent" in d.find_element(By.ID, "send-result").text)
        received = wb.smtp.messages()
        c.check(any("[TEST]" in m and "EDITED-IN-BROWSER-4410" in m for m in received),
                "the test message holds the edited text")

        driver.find_element(By.ID, "send").click()
        confirm = wait.until(EC.element_to_be_clickable((By.ID, "send-confirm")))
        c.check("Yes, send" in confirm.text, "sending asks once more, with the count")
        confirm.click()
        wait.until(lambda d: " sent" in d.find_element(By.ID, "send-result").text and
                   "test" not in d.find_element(By.ID, "send-result").text)
        received = wb.smtp.messages()
        c.check(any("[TEST]" not in m and "EDITED-IN-BROWSER-4410" in m for m in received),
                "the notice sent is the edited draft")
        shot("3-sent", "step-drafts")

        tracking = first.get_attribute("data-tracking")
        to = first.find_element(By.CSS_SELECTOR, ".head").text.split("→ ", 1)[1].split()[0]
        driver.find_element(By.CSS_SELECTOR, "#step-ledger details summary").click()
        set_text(driver, driver.find_element(By.ID, "feedback-message"),
                 dsn_for(args.source_dir, tracking, to))
        driver.find_element(By.ID, "feedback").click()
        wait.until(lambda d: "bounced" in d.find_element(By.ID, "feedback-result").text)
        row = wait.until(EC.presence_of_element_located(
            (By.CSS_SELECTOR, f'#ledger tr[data-tracking="{tracking}"] .state-bounced')))
        c.check(row.text == "bounced", "the ledger shows the bounce")
        ledger = driver.find_element(By.ID, "ledger").text
        c.check("follow up" in ledger, "and the next step: follow up with the next party")
        shot("4-ledger", "step-ledger")

        # A follow-up from the ledger: the next party's draft joins the review.
        driver.find_element(By.CSS_SELECTOR, f'#ledger tr[data-tracking="{tracking}"] button.follow-up').click()
        # The page empties the result on the click and fills it once the drafts are shown.
        wait.until(lambda d: d.find_element(By.ID, "feedback-result").text != "")
        followed = driver.find_element(By.ID, "feedback-result").text
        c.check(tracking in followed, "the follow-up says what it drafted: " + followed)
        drafts = driver.find_elements(By.CSS_SELECTOR, "#drafts .draft")
        c.check(any(d.get_attribute("data-tracking") == tracking for d in drafts) or
                "relay" in followed or "nothing" in followed,
                "the next hop's draft is under review")
        shot("4b-followup", "step-drafts")

        # The page in Japanese.
        driver.find_element(By.ID, "lang").click()
        c.check(driver.find_element(By.ID, "run").text == "連絡先を調べる", "the page in Japanese")
        shot("5-ja")
        driver.find_element(By.ID, "lang").click()

        # A desk that takes its web form only: the form is the recipient, to submit by hand.
        set_text(driver, driver.find_element(By.ID, "log"),
                 "2026-11-30T09:12:44+09:00 proxy: GET https://victim-login.blogspot.com/signin "
                 "blocked: credential phishing\n")
        driver.find_element(By.ID, "run").click()
        form = "https://support.google.com/blogger/answer/76315"
        wait.until(lambda d: form in d.find_element(By.ID, "recipients").text)
        shot("6-form", "step-recipients")
        box = driver.find_element(By.ID, "recipients").text
        c.check("web form, to submit by hand" in box, "a form-only desk is shown as a web form: " + box)
    except TimeoutException:
        shot("timeout")
        c.check(False, "timed out; status: " + driver.find_element(By.ID, "status").text +
                " / " + driver.find_element(By.ID, "send-result").text)
    finally:
        driver.quit()
        wb.stop()
        wb.cleanup()
    return c.done()


if __name__ == "__main__":
    sys.exit(main())
