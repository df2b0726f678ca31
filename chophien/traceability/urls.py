from django.urls import path

from . import seller_views, views

app_name = "traceability"
urlpatterns = [
    path("truy-xuat/<str:public_code>/", views.trace, name="trace"),
    path("truy-xuat/<str:public_code>/<str:serial>/", views.trace, name="trace_serial"),
    path("truy-xuat-noi-quet/", views.scan_place, name="scan_place"),
    path("ban-hang/truy-xuat/", seller_views.batches, name="batches"),
    path("ban-hang/truy-xuat/lo-moi/", seller_views.batch_new, name="batch_new"),
    path("ban-hang/truy-xuat/lo/<int:batch_id>/", seller_views.batch_detail, name="batch"),
    path("ban-hang/truy-xuat/lo/<int:batch_id>/tem.pdf", seller_views.batch_labels, name="batch_labels"),
    path("ban-hang/truy-xuat/don/<int:order_id>/", seller_views.order_batches, name="order_batches"),
    path("ban-hang/truy-xuat/canh-bao/", seller_views.alerts, name="alerts"),
    path("kiem-duyet/canh-bao-tem/", seller_views.moderator_alerts, name="moderator_alerts"),
]
