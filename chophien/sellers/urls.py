from django.urls import path

from . import views

app_name = "sellers"
urlpatterns = [
    path("ban-hang/mo-cua-hang/", views.register, name="register"),
    path("ban-hang/thong-tin-cua-hang/", views.shop_settings, name="settings"),
]
