"""Loading: the playbook folder read into validated, located entities."""
