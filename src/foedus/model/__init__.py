"""The domain model: validated types for actors, instruments, clauses, incidents and scenarios."""
