from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from berdaya.accounts import access
from berdaya.core.api import paginated, validated

from . import services
from .models import Place
from .queries import search_places


class PlaceOut(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", default=None, read_only=True)

    class Meta:
        model = Place
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "level",
            "parent_code",
            "path",
            "postal_code",
            "timezone",
            "official",
        ]


class FreePlaceIn(serializers.Serializer):
    parent_code = serializers.CharField()
    kind = serializers.ChoiceField(choices=[Place.Kind.DUSUN, Place.Kind.RW, Place.Kind.RT])
    name = serializers.CharField(max_length=120)


class PlaceListAPI(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="name words or code"),
            OpenApiParameter("level", int, many=True),
            OpenApiParameter("parent", str, description="list the children of this code"),
        ],
        responses=PlaceOut(many=True),
    )
    def get(self, request):
        parent = request.query_params.get("parent")
        if parent:
            qs = Place.objects.filter(parent__code=parent).select_related("parent")
        else:
            levels = [int(v) for v in request.query_params.getlist("level") if v.isdigit()]
            qs = search_places(request.query_params.get("q", ""), levels=levels).select_related("parent")
        return paginated(self, request, qs, PlaceOut)

    @extend_schema(request=FreePlaceIn, responses={201: PlaceOut})
    def post(self, request):
        """Add a dusun, RW or RT below a village."""
        access.require_write(request.user)
        data = validated(FreePlaceIn, request.data)
        parent = get_object_or_404(Place, code=data["parent_code"])
        place = services.add_free_place(
            parent=parent, kind=data["kind"], name=data["name"], acting_user=request.user
        )
        return Response(PlaceOut(place).data, status=201)


class PlaceDetailAPI(APIView):
    @extend_schema(responses=PlaceOut)
    def get(self, request, code):
        return Response(PlaceOut(get_object_or_404(Place.objects.select_related("parent"), code=code)).data)


urlpatterns = [
    path("places/", PlaceListAPI.as_view(), name="places"),
    path("places/<str:code>/", PlaceDetailAPI.as_view(), name="place"),
]
