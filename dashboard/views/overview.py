from django.shortcuts import redirect

from dashboard.access import read_access


@read_access
def overview(request):
    return redirect("home")


def cell_quotes(request, expert, issue):
    return redirect("home")
