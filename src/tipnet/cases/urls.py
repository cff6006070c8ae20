from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("cases/new/", views.case_create, name="create"),
    path("cases/deleted/", views.deleted_list, name="deleted"),
    path("cases/<uuid:case_id>/", views.case_detail, name="detail"),
    path("cases/<uuid:case_id>/edit/", views.case_edit, name="edit"),
    path("cases/<uuid:case_id>/delete/", views.case_delete, name="delete"),
    path("cases/<uuid:case_id>/assign/", views.case_assign, name="assign"),
    path("cases/<uuid:case_id>/restore/", views.case_restore, name="restore"),
    path("cases/<uuid:case_id>/erase/", views.case_erase, name="erase"),
    path("cases/<uuid:case_id>/comments/", views.comment_add, name="comment_add"),
    path("cases/<uuid:case_id>/consents/", views.consent_add, name="consent_add"),
    path("cases/<uuid:case_id>/consents/<uuid:consent_id>/withdraw/", views.consent_withdraw,
         name="consent_withdraw"),
    path("cases/<uuid:case_id>/attachments/", views.attachment_add, name="attachment_add"),
    path("cases/<uuid:case_id>/attachments/<uuid:attachment_id>/", views.attachment_download,
         name="attachment_download"),
    path("cases/<uuid:case_id>/access-log/", views.case_access_log, name="access_log"),
]
