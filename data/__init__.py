"""Data layer: models, write path, providers, seeding and the live simulator."""
