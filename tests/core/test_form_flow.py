"""The shared form flow (core.views.submit / confirm_then) every create, edit and remove page uses."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from berdaya.core.errors import ServiceError
from berdaya.core.views import confirm_then, submit


class NameForm(forms.Form):
    name = forms.CharField()


def _request(method="post"):
    request = getattr(RequestFactory(), method)("/x/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_success_redirects_with_a_message_built_from_the_result():
    request, form = _request(), NameForm({"name": "Mawar"})
    assert form.is_valid()
    response = submit(
        request,
        form,
        lambda: {"pk": 7, "name": "Mawar"},
        lambda r: f"/groups/{r['pk']}/",
        lambda r: f"{r['name']} saved",
    )
    assert response.status_code == 302 and response.url == "/groups/7/"
    assert [str(m) for m in get_messages(request)] == ["Mawar saved"]


def test_a_refusal_goes_onto_the_form_and_nothing_redirects():
    request, form = _request(), NameForm({"name": "Mawar"})
    assert form.is_valid()

    def refuse():
        raise ServiceError("Taken.", field_errors={"name": "That name is taken."})

    assert submit(request, form, refuse, "/groups/", "saved") is None
    assert form.errors["name"] == ["That name is taken."]
    assert list(get_messages(request)) == []


@pytest.mark.django_db
def test_confirm_asks_first_then_acts_or_says_why_not():
    done = []
    asked = confirm_then(
        _request("get"),
        call=lambda: done.append(1),
        back="/b/",
        done_url="/d/",
        title="Remove",
        question="Sure?",
    )
    assert asked.status_code == 200 and done == []
    ok = confirm_then(
        _request(), call=lambda: done.append(1), back="/b/", done_url="/d/", title="Remove", question="Sure?"
    )
    assert ok.url == "/d/" and done == [1]

    def refuse():
        raise ServiceError("Still in use.")

    request = _request()
    refused = confirm_then(request, call=refuse, back="/b/", done_url="/d/", title="Remove", question="Sure?")
    assert refused.url == "/b/" and [str(m) for m in get_messages(request)] == ["Still in use."]
