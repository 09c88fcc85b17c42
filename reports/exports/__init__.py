"""Any registered report as a file: XLSX, CSV or JSON, streamed or built by a task."""
