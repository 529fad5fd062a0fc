from django.urls import path

from mulighetsrom.privacy import public_views

app_name = "privacy_public"

R = "s/<str:token>/r/<str:rtoken>/"

urlpatterns = [
    path(R + "mine/", public_views.mine, name="mine"),
    path(R + "mine.<str:fmt>", public_views.download, name="download"),
    path(R + "withdraw/", public_views.withdraw, name="withdraw"),
    path(R + "delete/", public_views.delete, name="delete"),
]
