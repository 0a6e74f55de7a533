"""activsoc-costs: justify the personnel and operating costs of the federal
'activation sociale' subsidy (CPAS / OCMW), to the cent.

The pipeline, one module per arrow::

    inputs/ --load--> validated tables (keydata.Inputs) --allocate (rules)--> lines with their
            fates and basis --summarise--> figures --export--> outputs/*.xlsx

``report(inputs)`` (pipeline) runs allocate and summarise.
"""
__version__ = "0.1.0"

from .load import Inputs, load  # noqa: E402
from .allocate import Allocation, allocate  # noqa: E402
from .summarise import Figures, summarise  # noqa: E402
from .pipeline import report  # noqa: E402

__all__ = ["load", "allocate", "summarise", "report", "Inputs", "Allocation", "Figures", "__version__"]
