from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.views.generic import RedirectView

from tipnet.api import api
from tipnet.intake import hooks as intake_hooks
from tipnet.intake import public as intake_public

admin.site.site_header = "tipnet administration"

urlpatterns = [
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("admin/", admin.site.urls),
    path("accounts/", include("tipnet.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("healthz", lambda request: HttpResponse("ok", content_type="text/plain")),
    path("identification/", include("tipnet.identification.urls")),
    path("directory/", include("tipnet.directory.urls")),
    path("referrals/", include("tipnet.referrals.urls")),
    path("intake/", include("tipnet.intake.urls")),
    path("report/", intake_public.report, name="public_report"),
    path("hooks/twilio/<str:key>/", intake_hooks.twilio, name="twilio_webhook"),
    path("h/<str:slug>/", intake_public.help_page, name="outreach_page"),
    path("report/<str:lang>/", intake_public.report, name="public_report_lang"),
    path("federation/", include("tipnet.federation.urls")),
    path("", include("tipnet.cases.urls")),
]
