"""Throwaway local services (PostgreSQL, ...) from the system's packages, for tests and demos."""
