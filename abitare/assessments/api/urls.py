from django.urls import path

from abitare.assessments.api import views

urlpatterns = [
    path("assessment-instruments/", views.InstrumentList.as_view(), name="assessment-instrument-list"),
    path("assessment-instruments/<id:pk>/", views.InstrumentDetail.as_view(), name="assessment-instrument-detail"),
    path("assessments/", views.AssessmentListCreate.as_view(), name="assessment-list"),
    path("assessments/<id:pk>/", views.AssessmentDetail.as_view(), name="assessment-detail"),
    path("assessment-plane/", views.PlaneData.as_view(), name="assessment-plane"),
]
