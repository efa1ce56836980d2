"""City packs (boundaries, roads, sites, targets) and the geometry helpers that read them."""
