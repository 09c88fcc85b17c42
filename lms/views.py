from django.shortcuts import render

from people.models import StaffMember


def home(request):
    """Show the site home: a welcome for visitors, the learner's own page when signed in."""
    staff = None
    if request.user.is_authenticated:
        staff = (
            StaffMember.objects.filter(user=request.user)
            .select_related("department", "position", "grade")
            .first()
        )
    return render(request, "lms/home.html", {"staff": staff})
