"""Editing: `stratbook update` changes a value in place, touching only the bytes that change."""
