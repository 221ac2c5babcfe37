from library.models import Loan


def lend(book: str, members: list[str]) -> None:
    Loan.objects.bulk_create([Loan(book=book, member=m) for m in members])


def return_all(member: str) -> int:
    return Loan.objects.filter(member=member, returned=False).update(returned=True)
