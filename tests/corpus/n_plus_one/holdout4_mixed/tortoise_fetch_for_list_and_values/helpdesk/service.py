from helpdesk.models import Agent, Ticket


class TicketService:
    async def open_board(self) -> list[dict]:
        tickets = await Ticket.filter(status="open")
        await Ticket.fetch_for_list(tickets, "assignee")
        return [
            {"id": t.id, "subject": t.subject, "agent": t.assignee.name if t.assignee else None}
            for t in tickets
        ]

    async def export_rows(self) -> list[tuple[int, str]]:
        rows = await Ticket.all().values("id", "subject", "assignee__name")
        return [(r["id"], f'{r["subject"]} [{r["assignee__name"] or "-"}]') for r in rows]

    async def agent_loads(self) -> dict[int, int]:
        loads: dict[int, int] = {}
        for ticket in await Ticket.filter(status="open").only("id", "assignee_id"):
            if ticket.assignee_id is not None:
                loads[ticket.assignee_id] = loads.get(ticket.assignee_id, 0) + 1
        return loads

    async def agent_names(self) -> list[str]:
        return [name for name in await Agent.all().values_list("name", flat=True)]
