"""Import every model module so the metadata is complete (app start, Alembic, tests)."""

from registry.agreements import models as agreements  # noqa: F401
from registry.alerts import models as alerts  # noqa: F401
from registry.auth import models as auth  # noqa: F401
from registry.core import audit  # noqa: F401
from registry.finance import models as finance  # noqa: F401
from registry.municipalities import models as municipalities  # noqa: F401
from registry.placements import models as placements  # noqa: F401
from registry.providers import models as providers  # noqa: F401
from registry.quality import models as quality  # noqa: F401
