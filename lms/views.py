from django.http import HttpResponse
from django.shortcuts import render


def home(request):
    """Show the site home: a welcome for visitors, the learner's dashboard when signed in."""
    if request.user.is_authenticated:
        from courses.views import dashboard

        return dashboard(request)
    return render(request, "lms/home.html")


def healthz(request):
    """Answer load balancers' health checks without touching the database."""
    return HttpResponse("ok", content_type="text/plain")
