"""Scripted sessions: therapists write conversations as YAML, run them, and read a report."""
