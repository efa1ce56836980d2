"""UI strings per feature, each module a STRINGS dict of key -> {"vi": ..., "en": ...}."""
