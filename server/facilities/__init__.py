"""Kitas and child-minders: the directory model, import, sample data, gazetteer and search."""
