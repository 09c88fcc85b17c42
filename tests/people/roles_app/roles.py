from people import roles

ROLE_PERMISSIONS = {roles.TRAINER: ["people.view_grade"]}
