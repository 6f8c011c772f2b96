//! Spatial statistics: projection, KDE, DBSCAN, Getis-Ord Gi*, Moran's I, correlation.
