from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from berdaya.core import views as core_views
from berdaya.core.api import TokenView

api_patterns = [
    path("token/", TokenView.as_view(), name="token"),
    path("", include("berdaya.places.api")),
    path("", include("berdaya.people.api")),
    path("", include("berdaya.programs.api")),
    path("", include("berdaya.groups.api")),
    path("", include("berdaya.books.api")),
    path("", include("berdaya.books.loans.api")),
    path("", include("berdaya.books.arisan.api")),
    path("", include("berdaya.books.funds.api")),
    path("", include("berdaya.books.sheets.api")),
    path("", include("berdaya.books.monthend.api")),
    path("", include("berdaya.fieldwork.pra.api")),
    path("", include("berdaya.fieldwork.plans.api")),
    path("", include("berdaya.fieldwork.training.api")),
    path("", include("berdaya.fieldwork.innovation.api")),
    path("", include("berdaya.fieldwork.mentoring.api")),
    path("", include("berdaya.fieldwork.links.api")),
    path("", include("berdaya.fieldwork.odk.api")),
    path("", include("berdaya.audit.api")),
    path("", include("berdaya.imports.api")),
    path("", include("berdaya.accounts.api")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("places/", include("berdaya.places.urls")),
    path("people/", include("berdaya.people.urls")),
    path("programmes/", include("berdaya.programs.urls")),
    path("groups/", include("berdaya.groups.urls")),
    path("books/", include("berdaya.books.urls")),
    path("loans/", include("berdaya.books.loans.urls")),
    path("arisan/", include("berdaya.books.arisan.urls")),
    path("funds/", include("berdaya.books.funds.urls")),
    path("sheets/", include("berdaya.books.sheets.urls")),
    path("month-end/", include("berdaya.books.monthend.urls")),
    path("fieldwork/", include("berdaya.fieldwork.urls")),
    path("pra/", include("berdaya.fieldwork.pra.urls")),
    path("plans/", include("berdaya.fieldwork.plans.urls")),
    path("trainings/", include("berdaya.fieldwork.training.urls")),
    path("innovations/", include("berdaya.fieldwork.innovation.urls")),
    path("mentoring/", include("berdaya.fieldwork.mentoring.urls")),
    path("links/", include("berdaya.fieldwork.links.urls")),
    path("field-forms/", include("berdaya.fieldwork.odk.urls")),
    path("audit/", include("berdaya.audit.urls")),
    path("import/", include("berdaya.imports.urls")),
    path("account/", include("berdaya.accounts.urls")),
    path("api/v1/", include((api_patterns, "api"))),
    path("admin/", admin.site.urls),
]
