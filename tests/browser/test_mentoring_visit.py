"""A mentor logs a visit on a 360 px phone, loses the connection while saving, gets the unsent visit back
from the phone, and saves it once when the signal returns."""

from berdaya.fieldwork.mentoring.models import Visit


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 362


def test_log_a_visit_on_a_phone_with_a_bad_connection(page, world, login, shot):
    login(page, "facilitator")
    page.goto("/mentoring/")
    page.click("[data-testid=log-visit]")
    page.wait_for_url("**/mentoring/visits/new/")
    # one programme and the facilitator's own staff record: both already chosen
    assert page.input_value("select[name=programme]") == str(world.alpha.pk)
    assert page.input_value("select[name=mentor]") == str(world.staff.pk)
    page.fill("input[name=visited_on]", "2025-09-06")
    page.select_option("select[name=technique]", "discussion")
    page.select_option("select[name=group]", str(world.group_a.pk))
    page.fill("input[name=duration_minutes]", "90")
    page.fill("textarea[name=productive_topics]", "Pembukuan kelompok; dana stimulan Rp500.000 per anggota")
    page.fill("textarea[name=welfare_topics]", "Penyuluhan kebersihan dan kesehatan")
    page.fill("textarea[name=issues]", "Sebagian stimulan masih di kas koperasi")
    page.fill("input[name=action_1_text]", "Ketua menanyakan sisa stimulan")
    page.fill("input[name=action_1_owner]", "Ketua")
    page.fill("input[name=action_1_due_on]", "2025-09-20")
    page.fill("input[name=next_visit_on]", "2025-09-20")
    shot(page, "mentoring-visit-form-360")
    _no_sideways_scroll(page)

    # No signal in the village: nothing is sent, the visit stays on the phone and the mentor is told.
    page.context.set_offline(True)
    page.click("[data-testid=save-visit]")
    note = page.locator("[data-testid=draft-note]")
    note.wait_for(state="visible")
    assert "kept on this phone" in note.inner_text()
    shot(page, "mentoring-visit-offline-360")
    assert Visit.objects.count() == 0

    # Back online, later: opening the form again brings the unsent visit back, with its key.
    page.context.set_offline(False)
    page.goto("/mentoring/visits/new/")
    page.locator("[data-testid=draft-note]").wait_for(state="visible")
    assert page.input_value("textarea[name=issues]") == "Sebagian stimulan masih di kas koperasi"
    assert page.input_value("input[name=action_1_text]") == "Ketua menanyakan sisa stimulan"
    page.click("[data-testid=save-visit]")
    page.wait_for_url("**/mentoring/visits/*/?sent=1")
    visit = Visit.objects.get()
    assert visit.group == world.group_a and visit.duration_minutes == 90
    assert visit.actions.get().owner == "Ketua"
    assert page.evaluate("localStorage.getItem('berdaya-visit-draft')") is None
    shot(page, "mentoring-visit-detail-360")
    _no_sideways_scroll(page)

    # A fresh form has nothing to restore.
    page.goto("/mentoring/visits/new/")
    assert page.locator("[data-testid=draft-note]").is_hidden()
