from django.urls import path

from . import seller_views, views

app_name = "orders"
urlpatterns = [
    path("gio-hang/", views.cart_page, name="cart"),
    path("gio-hang/them/", views.cart_add, name="cart_add"),
    path("gio-hang/sua/", views.cart_update, name="cart_update"),
    path("thanh-toan/", views.checkout_page, name="checkout"),
    path("thanh-toan/dia-chi-cu/", views.last_address, name="last_address"),
    path("dat-hang-xong/<str:reference>/", views.placed_page, name="placed"),
    path("don-hang/", views.lookup_page, name="lookup"),
    path("don-hang/<str:code>/", views.order_page, name="order"),
    path("don-hang/<str:code>/huy/", views.order_cancel, name="order_cancel"),
    path("ban-hang/don-hang/", seller_views.desk, name="desk"),
    path("ban-hang/don-hang/xu-ly/", seller_views.desk_bulk, name="desk_bulk"),
    path("ban-hang/don-hang/in/", seller_views.packing_list, name="packing_list"),
    path("ban-hang/don-hang/xuat.<str:file_format>", seller_views.export, name="export"),
    path("ban-hang/don-hang/cod/", seller_views.cod_policy, name="cod_policy"),
    path("ban-hang/don-hang/<int:order_id>/", seller_views.desk_order, name="desk_order"),
]
