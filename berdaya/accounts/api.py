from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import User


class MeOut(serializers.ModelSerializer):
    programmes = serializers.SerializerMethodField()
    areas = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "role",
            "person",
            "staff_member",
            "agency",
            "programmes",
            "areas",
        ]

    def get_programmes(self, user) -> list[int]:
        from . import access

        return list(access.visible_programmes(user).values_list("pk", flat=True))

    def get_areas(self, user) -> list[str]:
        return list(user.scope_places.values_list("code", flat=True))


class MeAPI(APIView):
    """Who the token belongs to, and what it may see."""

    @extend_schema(responses=MeOut)
    def get(self, request):
        return Response(MeOut(request.user).data)


urlpatterns = [path("me/", MeAPI.as_view(), name="me")]
