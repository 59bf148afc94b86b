from django.contrib import admin

from .models import ActorLink, ClusterActor, Cooperation, CoopStep


@admin.register(ClusterActor)
class ClusterActorAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "sentra"]
    list_filter = ["role"]
    search_fields = ["name"]


@admin.register(ActorLink)
class ActorLinkAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "target", "sentra"]


class StepInline(admin.TabularInline):
    model = CoopStep
    extra = 0


@admin.register(Cooperation)
class CooperationAdmin(admin.ModelAdmin):
    list_display = ["title", "scope", "kind", "sentra", "started_on"]
    list_filter = ["scope", "kind"]
    search_fields = ["title"]
    inlines = [StepInline]
