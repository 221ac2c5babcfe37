from django.http import JsonResponse

from devices.models import Device


def device_table(request):
    devices = Device.objects.filter(serial__startswith=request.GET.get("prefix", ""))
    data = [
        {
            "device": d.display,
            "owner_key": d.owner_key(),
            "owner": d.owner_name,  # expect: ORM101
        }
        for d in devices
    ]
    return JsonResponse({"devices": data})
