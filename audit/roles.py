"""What the platform's roles may do with the audit log (collected by people).

audit sits at the bottom and imports no app, so the role name is spelled out;
people refuses a name it does not know. Administrators read and export the
log; nobody holds a permission to change it.
"""

ROLE_PERMISSIONS = {
    "Administrator": ["audit.view_auditentry"],
}
