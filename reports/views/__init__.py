"""HR's report pages: thin views over ``reports.queries``, all scoped and audit-logged."""
