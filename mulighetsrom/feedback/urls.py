from django.urls import path

from mulighetsrom.feedback import views

app_name = "feedback"

urlpatterns = [
    path("p/<slug:slug>/feedback/", views.feedback_edit, name="edit"),
    path("p/<slug:slug>/feedback/preview/", views.feedback_preview, name="preview"),
    path("p/<slug:slug>/feedback/publish/", views.feedback_publish, name="publish"),
    path("p/<slug:slug>/feedback/quotes/", views.quote_list, name="quotes"),
    path("p/<slug:slug>/feedback/quotes/new/<uuid:code>/", views.quote_edit, name="quote_edit"),
    path("p/<slug:slug>/feedback/quotes/<uuid:code>/withdraw/", views.quote_withdraw, name="quote_withdraw"),
    path("p/<slug:slug>/surveys/<uuid:code>/to-insight/", views.send_to_insight, name="send_to_insight"),
    path(
        "p/<slug:slug>/surveys/<uuid:code>/questions/<uuid:question>/from-needs/",
        views.question_from_needs,
        name="question_from_needs",
    ),
]
