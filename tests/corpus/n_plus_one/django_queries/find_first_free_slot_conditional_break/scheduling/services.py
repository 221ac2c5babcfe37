from scheduling.models import Booking, Room


def first_free_room(starts_at, ends_at):
    # Breaks only on a match: with no free room this runs one query per room.
    for room in Room.objects.order_by("name"):
        clash = Booking.objects.filter(  # expect: ORM102
            room=room, starts_at__lt=ends_at, ends_at__gt=starts_at
        ).exists()
        if not clash:
            return room
    return None
