"""Analysis: what the linked, checked playbook says about alignment."""
