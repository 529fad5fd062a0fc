from django.urls import path

from mulighetsrom.insight import exports, import_views, views

app_name = "insight"

P = "p/<slug:slug>/insight/"

urlpatterns = [
    path(f"{P}", views.activity_list, name="activities"),
    path(f"{P}activities/new/", views.activity_create, name="activity_create"),
    path(f"{P}activities/<uuid:code>/", views.activity_detail, name="activity"),
    path(f"{P}activities/<uuid:code>/edit/", views.activity_edit, name="activity_edit"),
    path(f"{P}activities/<uuid:code>/done/", views.activity_done, name="activity_done"),
    path(f"{P}activities/<uuid:code>/delete/", views.activity_delete, name="activity_delete"),
    path(f"{P}activities/<uuid:code>/attachments/", views.attachment_upload, name="attachment_upload"),
    path(f"{P}attachments/<uuid:code>/", views.attachment_download, name="attachment"),
    path(f"{P}attachments/<uuid:code>/delete/", views.attachment_delete, name="attachment_delete"),
    path(f"{P}observations/", views.observation_list, name="observations"),
    path(f"{P}observations/capture/", views.observation_capture, name="capture"),
    path(f"{P}observations/move/", views.observations_move, name="move"),
    path(f"{P}observations/export.xlsx", exports.observations_export, name="export"),
    path(f"{P}import/", import_views.import_upload, name="import"),
    path(f"{P}import/<uuid:code>/", import_views.import_map, name="import_map"),
    path(f"{P}import/<uuid:code>/status/", import_views.import_status, name="import_status"),
    path(f"{P}observations/<uuid:code>/edit/", views.observation_edit, name="observation_edit"),
    path(f"{P}observations/<uuid:code>/delete/", views.observation_delete, name="observation_delete"),
    path(f"{P}board/", views.board, name="board"),
    path(f"{P}themes/new/", views.theme_create, name="theme_create"),
    path(f"{P}themes/<uuid:code>/", views.theme_detail, name="theme"),
    path(f"{P}themes/<uuid:code>/rename/", views.theme_rename, name="theme_rename"),
    path(f"{P}themes/<uuid:code>/merge/", views.theme_merge, name="theme_merge"),
    path(f"{P}themes/<uuid:code>/split/", views.theme_split, name="theme_split"),
    path(f"{P}themes/<uuid:code>/delete/", views.theme_delete, name="theme_delete"),
    path(f"{P}suggestions/", views.suggestion_list, name="suggestions"),
    path(f"{P}suggestions/run/", views.suggestion_run, name="suggestion_run"),
    path(f"{P}suggestions/<uuid:code>/accept/", views.suggestion_accept, name="suggestion_accept"),
    path(f"{P}suggestions/<uuid:code>/discard/", views.suggestion_discard, name="suggestion_discard"),
    path(f"{P}insights/", views.insight_list, name="insights"),
    path(f"{P}insights/new/", views.insight_create, name="insight_create"),
    path(f"{P}insights/<uuid:code>/", views.insight_detail, name="insight"),
    path(f"{P}insights/<uuid:code>/edit/", views.insight_edit, name="insight_edit"),
    path(f"{P}insights/<uuid:code>/delete/", views.insight_delete, name="insight_delete"),
    path(f"{P}coverage/", views.coverage, name="coverage"),
]
