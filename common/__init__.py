"""Domain-free helpers shared by several apps; it imports no app of the project."""
