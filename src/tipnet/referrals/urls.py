from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<uuid:referral_id>/", views.detail, name="detail"),
    path("<uuid:referral_id>/<str:action>/", views.answer, name="answer"),
    path("new/<uuid:case_id>/", views.new, name="new"),
]
