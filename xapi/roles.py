"""What the platform's roles may do with LRS clients (collected by people).

xapi sits below people and imports none of it, so the role name is spelled
out; people refuses a name it does not know.
"""

ROLE_PERMISSIONS = {
    "Administrator": ["xapi.view_client", "xapi.add_client", "xapi.change_client"],
}
