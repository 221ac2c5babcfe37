from .org import Team
from .staff import Employee
