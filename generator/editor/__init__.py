"""Tools for the people who edit content: JSON Schema and `showcase new` scaffolds."""
