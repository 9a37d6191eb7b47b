"""Rendering: the linked playbook as Markdown pages with pictures, for any builder that reads Markdown."""
