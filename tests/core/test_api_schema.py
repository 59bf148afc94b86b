import pytest


@pytest.mark.django_db
def test_openapi_schema_is_served_and_lists_every_resource(client_for):
    r = client_for("manager").get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert r.status_code == 200
    body = r.content.decode()
    for path in (
        "/api/v1/places/",
        "/api/v1/persons/",
        "/api/v1/programmes/",
        "/api/v1/groups/",
        "/api/v1/audit/",
    ):
        assert path in body
    docs = client_for("manager").get("/api/v1/docs/")
    assert docs.status_code == 200
    assert "cdn" not in docs.content.decode().lower()  # Swagger UI is served locally


@pytest.mark.django_db
def test_api_errors_follow_accept_language_indonesian_by_default(api_for, indonesian):
    api = api_for("manager")
    default = api.post("/api/v1/programmes/", {"name": "", "model_type": "kube"}, format="json")
    assert default.status_code == 400 and "kosong" in default.json()["name"][0]
    english = api.post(
        "/api/v1/programmes/", {"name": "", "model_type": "kube"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "blank" in english.json()["name"][0]
