"""The loss-landscape family (kind "landscape"; Li et al. 2018): the jobs per model and method
(``jobs``), the two batch-size models they compare (``batch_models``, own module so a landscape
change retrains nothing), the shared subset and model loading (``common``), the 2-D grids split
into row parts (``grid``, ``work``), the 1-D and comparison methods (``methods``) and a fast
eval-mode forward for the grids (``fast_eval``)."""
