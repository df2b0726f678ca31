from django.urls import path

from . import seller_views, views

app_name = "live"
urlpatterns = [
    path("live/<int:session_id>/", views.viewer_page, name="viewer"),
    path("live/<int:session_id>/su-kien/", views.events_stream, name="events"),
    path("live/<int:session_id>/dia-chi/", views.viewer_details, name="viewer_details"),
    path("live/<int:session_id>/chot/<int:pin_id>/", views.viewer_claim, name="viewer_claim"),
    path("live/giu/<str:token>/", views.claim_finish, name="claim_finish"),
    path("ban-hang/live/", seller_views.sessions, name="sessions"),
    path("ban-hang/live/<int:session_id>/", seller_views.console, name="console"),
    path("ban-hang/live/<int:session_id>/lam/", seller_views.console_action, name="console_action"),
    path("ban-hang/live/<int:session_id>/ngay-luc-nay/", seller_views.console_live, name="console_live"),
]
