"""The REST API under /api/v1/: one include per app, plus the OpenAPI schema and its docs page."""

from django.urls import include, path

from abitare.web.api.views import DocsView, RedocView, SchemaView

app_name = "api"

urlpatterns = [
    path("", include("abitare.accounts.api.urls")),
    path("", include("abitare.web.api.urls")),
    path("", include("abitare.registry.api.urls")),
    path("", include("abitare.assessments.api.urls")),
    path("", include("abitare.housing.api.urls")),
    path("", include("abitare.matching.api.urls")),
    path("", include("abitare.tenancies.api.urls")),
    path("", include("abitare.hosting.api.urls")),
    path("", include("abitare.finances.api.urls")),
    path("", include("abitare.labs.api.urls")),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", RedocView.as_view(url_name="api:schema"), name="redoc"),
]
