from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from berdaya.audit.log import record


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    # Who signed in, and when: the first question after a disputed change.
    record(actor=user, action="login", obj=user, before={}, after={})
