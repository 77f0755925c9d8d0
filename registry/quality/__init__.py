"""Quality checklist templates and provider assessments, shared by all eight."""
