"""Shared API plumbing: pagination, errors, and the token endpoint."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ServiceError
from .lists import page_ids, rows_in_order


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def exception_handler(exc, context):
    """ServiceError → 400 with the translated message; not-found and not-yours are the same 404."""
    if isinstance(exc, ServiceError):
        body = {"detail": exc.message, "code": exc.code}
        if exc.field_errors:
            body["errors"] = exc.field_errors
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


def paginated(view: APIView, request, qs, serializer_class, *, rows=None) -> Response:
    """One page of ``qs``, serialized; with ``rows``, cut from the ids first (see ``lists.paginate``)."""
    paginator = Pagination()
    if rows is None:
        page = paginator.paginate_queryset(qs, request, view=view)
    else:
        page = rows_in_order(rows, paginator.paginate_queryset(page_ids(qs), request, view=view))
    return paginator.get_paginated_response(serializer_class(page, many=True).data)


def validated(serializer_class, data, **kwargs) -> dict:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def key_used(queryset, key: str | None) -> bool:
    """Whether an idempotency key is already taken in ``queryset`` (no key: never).

    Ask BEFORE calling the posting service: afterwards the key is always taken.
    """
    return bool(key) and queryset.filter(idempotency_key=key).exists()


def posted(serializer_class, instance, *, repeated: bool) -> Response:
    """The answer to an idempotent POST: 201 when it posted, 200 when it was a repeat.

    On a repeat the service posts nothing and hands back what the first request posted, so the client
    gets the same body either way and can tell from the status alone whether this call posted.
    """
    return Response(serializer_class(instance).data, status=200 if repeated else 201)


class TokenInput(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"})


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()


class TokenView(APIView):
    """Exchange a username and password for an API token (send it as ``Authorization: Token …``)."""

    permission_classes = [AllowAny]
    # Token auth only (no session, so no CSRF): a wrong password then answers 401 with WWW-Authenticate.
    authentication_classes = [TokenAuthentication]

    def post(self, request):
        from django.contrib.auth import authenticate

        data = validated(TokenInput, request.data)
        user = authenticate(request, username=data["username"], password=data["password"])
        if user is None:
            raise exceptions.AuthenticationFailed(_("Wrong username or password."))
        token, _created = Token.objects.get_or_create(user=user)
        return Response(TokenOutput({"token": token.key}).data)
