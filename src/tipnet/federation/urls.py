from django.urls import path

from . import views

app_name = "federation"
urlpatterns = [
    path("", views.status, name="status"),
    path("inbox", views.inbox, name="inbox"),
]
