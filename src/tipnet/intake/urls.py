from django.urls import path, re_path

from . import views

app_name = "intake"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.new, name="new"),
    path("<uuid:contact_id>/", views.detail, name="detail"),
    path("<uuid:contact_id>/link/", views.link, name="link"),
    path("<uuid:contact_id>/case/", views.open_case, name="open_case"),
    path("<uuid:contact_id>/status/", views.status, name="status"),
    path("<uuid:contact_id>/reply/", views.reply, name="reply"),
    path("codes/", views.codes, name="codes"),
    path("notification/", views.notification, name="notification"),
    re_path(r"^codes/(?P<code_id>[0-9a-f-]{36})/qr\.(?P<kind>svg|pdf)$", views.code_file,
            name="code_file"),
]
