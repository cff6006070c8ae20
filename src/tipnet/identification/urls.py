from django.urls import path

from . import views

app_name = "identification"
urlpatterns = [
    path("cases/<uuid:case_id>/interviews/", views.interview_start, name="interview_start"),
    path("cases/<uuid:case_id>/screenings/<slug:screen>/", views.screening_new,
         name="screening_new"),
    path("interviews/<uuid:interview_id>/", views.interview, name="interview"),
    path("interviews/<uuid:interview_id>/<slug:step>/", views.interview_step,
         name="interview_step"),
    path("assessments/<uuid:assessment_id>/", views.assessment, name="assessment"),
    path("assessments/<uuid:assessment_id>/rerun/", views.assessment_rerun,
         name="assessment_rerun"),
    path("screenings/<uuid:screening_id>/", views.screening, name="screening"),
]
