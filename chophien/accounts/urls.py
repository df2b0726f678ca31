from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.login_phone, name="login"),
    path("nhap-ma/", views.login_code, name="code"),
    path("dang-xuat/", views.logout_view, name="logout"),
]
