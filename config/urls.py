"""Every URL of Abitare. Each view declares its access rule (abitare.core.access)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("abitare.web.urls")),
    path("accounts/", include("abitare.accounts.urls")),
    path("persone/", include("abitare.registry.urls")),
    path("valutazioni/", include("abitare.assessments.urls")),
    path("alloggi/", include("abitare.housing.urls")),
    path("domande/", include("abitare.matching.urls")),
    path("locazioni/", include("abitare.tenancies.urls")),
    path("ospitalita/", include("abitare.hosting.urls")),
    path("bilanci-familiari/", include("abitare.finances.urls")),
    path("laboratori/", include("abitare.labs.urls")),
    path("api/v1/", include("config.api_urls")),
    path("api/hsds/", include("abitare.labs.hsds_urls")),
    path("admin/", admin.site.urls),
]

if settings.OIDC_ENABLED:
    from abitare.accounts.oidc import oidc_urlpatterns

    urlpatterns.append(path("oidc/", include(oidc_urlpatterns)))

handler400 = "abitare.web.views.bad_request"
handler403 = "abitare.web.views.permission_denied"
handler404 = "abitare.web.views.page_not_found"
handler500 = "abitare.web.views.server_error"
