"""The body's record end to end in Chromium with JavaScript off, on the demo data: the secretariat records a meeting
of the standards committee with an action item and a decision that takes a comment's accepted wording; the
standard's editor derives the next draft, writes the wording into it (the admin's actions), then follows the whole
chain from the criterion's page: its "why" page shows the change, the comment and its proposed
wording, the disposition, the edit and the decision, whose page shows the rationale and leads to the meeting."""

import re

import pytest

from tests.browser.test_assessment_flow import second_factor, sign_in

pytestmark = pytest.mark.browser
CLAUSE = "5.8"  # the demo's proposal on 5.8 was accepted with its wording (comments.yaml)


def _context(browser):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    return context, context.new_page()


def _admin_action(page, url, row, action):
    """Select one row of an admin list and run one of its actions."""
    page.goto(url)
    row(page).locator("input[name=_selected_action]").check()
    page.locator("select[name=action]").select_option(action)
    page.get_by_role("button", name="Go").click()


def test_a_decision_traced_from_the_meeting_to_the_text_of_the_next_draft(app_server, browser):
    # The comment that proposed the wording, as the public reads it on the clause's "why" page in 0.2.
    context, page = _context(browser)
    page.goto(f"{app_server}/en/standards/mes/0.2/criteria/{CLAUSE}/")
    page.get_by_role("link", name="Why it reads this way").click()
    proposal = page.locator("article.comment", has_text="Accepted wording").first
    comment = proposal.get_attribute("id").removeprefix("trace-")
    shown = proposal.inner_text()
    assert "Disposition: accepted" in shown
    wording = shown.split("Accepted wording", 1)[1].strip().splitlines()[0]
    context.close()

    # The secretariat records the committee's meeting: attendance, an action item, the decision on that comment.
    context, page = _context(browser)
    sign_in(page, app_server, "secretariat")
    second_factor(page, "secretariat")
    page.goto(f"{app_server}/en/governance/")
    page.get_by_role("link", name="Standards committee").click()
    page.get_by_role("link", name="Record a meeting").click()
    page.get_by_label("Date").fill("2026-11-20")
    page.get_by_label("Place").fill("Kinshasa")
    for member in ("admin", "brand", "coop"):
        page.get_by_role("checkbox", name=member).check()
    page.get_by_label("Action item", exact=True).fill("Send the revised 5.8 to the pilot sites")
    page.locator("select[name=action_owner]").select_option(label="secretariat")
    page.get_by_label("Due on").fill("2026-12-15")
    page.get_by_label("Decision", exact=True).fill("Adopt the proposed emergency-plan wording for 5.8")
    page.get_by_label("Options considered").fill("Keep the text; adopt the wording as proposed.")
    page.get_by_label("Rationale").fill("Producers at the pilot sites asked for drills they can run themselves.")
    disposition = page.locator("select[name=decision_disposition] option", has_text=f"#{comment} ·")
    page.locator("select[name=decision_disposition]").select_option(disposition.get_attribute("value"))
    page.get_by_role("button", name="Record the meeting").click()
    assert "The meeting is recorded." in page.content()
    meeting_url = page.url
    body = page.locator("main").inner_text()
    assert "Send the revised 5.8 to the pilot sites" in body and "due 2026-12-15" in body
    assert "Adopt the proposed emergency-plan wording for 5.8" in body
    context.close()

    # The standard's editor derives the next draft and writes the accepted wording into it.
    context, page = _context(browser)
    sign_in(page, app_server, "admin")
    second_factor(page, "admin")
    _admin_action(page, f"{app_server}/admin/standards/standardversion/",
                  lambda p: p.locator("tr", has=p.get_by_role("link", name="mes 0.2", exact=True)), "derive")
    assert "A new draft was derived from mes 0.2." in page.content()
    _admin_action(page, f"{app_server}/admin/consultation/comment/?disposition__decision__exact=accepted",
                  lambda p: p.locator("tr", has=p.locator(f"input[name=_selected_action][value='{comment}']")),
                  "apply_wording")
    assert "Accepted wording written into the next draft: 1." in page.content()

    # The editor (a draft is not public yet) follows the chain from the new draft's criterion page.
    page.goto(f"{app_server}/en/standards/mes/0.3/criteria/{CLAUSE}/")
    assert wording[:40] in page.locator("main").inner_text()
    page.get_by_role("link", name="Why it reads this way").click()
    why = page.locator("main").inner_text()
    assert f"Why {CLAUSE} reads this way" in why and "Against version 0.2, the previous version" in why
    trace = page.locator(f"#trace-{comment}")
    text = trace.inner_text()
    assert "Proposed wording" in text and "Accepted wording" in text and "Written into this version's text" in text
    assert page.locator("ins").count() > 0  # the redline marks what the wording added
    trace.get_by_role("link", name="Adopt the proposed emergency-plan wording for 5.8").click()
    decision = page.locator("main").inner_text()
    assert "Producers at the pilot sites asked for drills they can run themselves." in decision
    assert "Keep the text; adopt the wording as proposed." in decision
    page.get_by_role("link", name=re.compile("2026-11-20")).click()
    assert page.url == meeting_url
    meeting = page.locator("main").inner_text()
    assert "Kinshasa" in meeting and "admin" in meeting and "Send the revised 5.8 to the pilot sites" in meeting
    context.close()

    # The public reads the recorded meeting and its decision, not its action items (internal).
    context, page = _context(browser)
    page.goto(meeting_url)
    meeting = page.locator("main").inner_text()
    assert "Adopt the proposed emergency-plan wording for 5.8" in meeting and "Kinshasa" in meeting
    assert "Send the revised 5.8" not in meeting
    context.close()
