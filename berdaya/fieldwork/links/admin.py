from django.contrib import admin

from .models import MarketLink, Proposal, Sale


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    # Transitions go through the services (order, dates, amounts); the admin only looks.
    list_display = ["title", "agency", "status", "amount_asked", "amount_granted"]
    list_filter = ["status"]
    search_fields = ["title", "agency__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MarketLink)
class MarketLinkAdmin(admin.ModelAdmin):
    list_display = ["partner_name", "kind", "programme", "started_on", "ended_on"]
    list_filter = ["kind"]


@admin.register(Sale)
class SaleAdmin(admin.ModelAdmin):
    list_display = ["link", "sold_on", "quantity", "rejected_quantity", "amount"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
