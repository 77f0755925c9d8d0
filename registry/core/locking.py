"""Optimistic locking for edit forms: a stale submit is a 409, never a silent overwrite."""

from sqlalchemy.orm.exc import StaleDataError


def check_version(obj, submitted_version):
    """Raise StaleDataError when the form was read at another version than the record has now.

    core/errors.py turns StaleDataError into the Swedish 409 page (JSON 409 under /api/).
    The version column itself (VersionedMixin) still guards the UPDATE against a race
    between this check and the flush.
    """
    try:
        submitted = int(submitted_version)
    except (TypeError, ValueError) as exc:
        raise StaleDataError(f"{type(obj).__name__} edited without a version") from exc
    if submitted != obj.version:
        raise StaleDataError(f"{type(obj).__name__} {obj.id} changed since the form was read")
