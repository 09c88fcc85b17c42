def staff_list(request):
    pass


def roster_upload(request):
    pass


def roster_preview(request, pk):
    pass
