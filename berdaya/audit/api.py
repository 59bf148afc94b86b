from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from berdaya.core.api import paginated

from .models import AuditEntry
from .queries import search_entries


class AuditEntryOut(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None)

    class Meta:
        model = AuditEntry
        fields = ["id", "at", "actor", "action", "object_type", "object_id", "object_repr", "changes"]


class AuditListAPI(APIView):
    @extend_schema(parameters=[OpenApiParameter("q", str)], responses=AuditEntryOut(many=True))
    def get(self, request):
        qs = search_entries(request.user, request.query_params.get("q", ""))
        return paginated(self, request, qs, AuditEntryOut)


urlpatterns = [path("audit/", AuditListAPI.as_view(), name="audit")]
