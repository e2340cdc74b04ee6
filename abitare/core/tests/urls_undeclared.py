from django.http import HttpRequest, HttpResponse
from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


def undeclared(request: HttpRequest) -> HttpResponse:
    return HttpResponse("should never be served")


class UndeclaredApi(APIView):
    def get(self, request: Request) -> Response:
        return Response({"secret": True})


urlpatterns = [
    path("undeclared/", undeclared),
    path("api/undeclared/", UndeclaredApi.as_view()),
]
