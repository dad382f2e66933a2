"""The Units page's family: per model a "units" job (top-9 training digits and activation
maximization per unit, ``analysis``) and a "facets" job (multifaceted feature visualization per
class, ``facets``), listed in ``jobs``."""
