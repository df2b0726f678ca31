from django.urls import path

from . import views

app_name = "places"
urlpatterns = [
    path("dia-chi/tim-xa-phuong/", views.ward_search, name="ward_search"),
    path("dia-chi/xa-phuong-cua-tinh/", views.ward_options, name="ward_options"),
]
