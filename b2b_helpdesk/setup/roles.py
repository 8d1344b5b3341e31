"""The app's roles. The records themselves ship as a filtered fixture (fixtures/role.json)."""

SERVICE_DISPATCHER = "Service Dispatcher"
SERVICE_ENGINEER = "Service Engineer"
SERVICE_MANAGER = "Service Manager"
SERVICE_ACCOUNTANT = "Service Accountant"
SERVICE_CUSTOMER = "Service Customer"

STAFF_ROLES = (SERVICE_DISPATCHER, SERVICE_ENGINEER, SERVICE_MANAGER, SERVICE_ACCOUNTANT)
ALL_ROLES = (*STAFF_ROLES, SERVICE_CUSTOMER)
