from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("", views.search, name="search"),
    path("<uuid:counterpart_id>/", views.counterpart, name="counterpart"),
    path("<uuid:counterpart_id>/verify/", views.verify, name="verify"),
]
