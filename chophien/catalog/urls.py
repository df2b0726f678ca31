from django.urls import path

from . import seller_views, views

app_name = "catalog"
urlpatterns = [
    path("", views.home, name="home"),
    path("tim-kiem/", views.search, name="search"),
    path("danh-muc/<slug:category_slug>/", views.search, name="category"),
    path("san-pham/<slug:slug>/", views.product_detail, name="product"),
    path("cua-hang/<slug:slug>/", seller_views.shop, name="shop"),
    path("kiem-duyet/san-pham/<int:product_id>/an/", views.moderate_hide, name="moderate_hide"),
    path("ban-hang/", seller_views.dashboard, name="dashboard"),
    path("ban-hang/san-pham/moi/", seller_views.product_new, name="product_new"),
    path("ban-hang/anh/", seller_views.photo_upload, name="photo_upload"),
    path("ban-hang/anh/<str:token>/xoa/", seller_views.photo_remove, name="photo_remove"),
    path("ban-hang/san-pham/<int:product_id>/sua/", seller_views.product_edit, name="product_edit"),
    path("ban-hang/san-pham/<int:product_id>/tam-ngung/", seller_views.product_pause, name="product_pause"),
]
