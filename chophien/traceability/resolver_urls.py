"""Label links, outside the language prefixes: a label printed once must resolve for ever."""

from django.urls import path

from . import epcis_views, views

urlpatterns = [
    path("01/<path:path>", views.digital_link, name="digital_link"),
    path("t/<str:public_code>", views.platform_link, name="platform_link"),
    path("t/<str:public_code>/<str:serial>", views.platform_link, name="platform_serial_link"),
    path("epcis/", epcis_views.root, name="epcis_root"),
    path("epcis/capture", epcis_views.capture_post, name="epcis_capture"),
    path("epcis/capture/<str:capture_id>", epcis_views.capture_get, name="epcis_capture_job"),
    path("epcis/events", epcis_views.events_get, name="epcis_events"),
    path("epcis/events/<path:event_id>", epcis_views.event_get, name="epcis_event"),
]
