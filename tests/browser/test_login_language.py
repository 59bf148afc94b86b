def test_log_in_and_switch_language(page, world, login, shot, indonesian):
    page.goto("/")
    assert "/login/" in page.url
    assert page.locator("html").get_attribute("lang") == "id"
    login(page, "manager")
    assert page.locator("h1").first.is_visible()
    shot(page, "home-id-360")
    page.click("[data-testid=lang-en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("Log out").is_visible()
    page.click("[data-testid=lang-id]")
    page.wait_for_load_state()
    assert page.get_by_text("Keluar").is_visible()
    shot(page, "home-en-360")
