"""State shared by one seeding run: the day it counts from, counts and lookups."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from registry.agreements.models import Agreement
from registry.auth.models import User
from registry.core.enums import LabelledEnum
from registry.extensions import db
from registry.municipalities.models import Municipality
from registry.providers.models import Provider, ServiceType
from registry.seeding.files import SeedDataError

REFERENCE_KINDS = ("municipalities", "service_types", "checklist_templates", "indicators")
DEMO_KINDS = ("users", "providers", "agreements", "agreement_providers", "extension_options",
              "agreement_terms", "price_list_items", "placements", "extensions", "rate_changes",
              "monthly_reports", "follow_ups", "deviations", "invoices",
              "reimbursement_claims", "budgets", "assessments", "assessment_answers")


class SeedCount(LabelledEnum):
    """What the seeder counts, with the words `flask seed` prints."""

    MUNICIPALITIES = "municipalities", "kommuner"
    SERVICE_TYPES = "service_types", "insatstyper"
    CHECKLIST_TEMPLATES = "checklist_templates", "kvalitetschecklistor"
    INDICATORS = "indicators", "kvalitetsindikatorer"
    USERS = "users", "användare"
    PROVIDERS = "providers", "utförare"
    AGREEMENTS = "agreements", "avtal"
    AGREEMENT_PROVIDERS = "agreement_providers", "utförare på avtal"
    EXTENSION_OPTIONS = "extension_options", "förlängningsoptioner"
    AGREEMENT_TERMS = "agreement_terms", "avtalsvillkor"
    PRICE_LIST_ITEMS = "price_list_items", "prisrader"
    PLACEMENTS = "placements", "placeringar"
    EXTENSIONS = "extensions", "förlängningar"
    RATE_CHANGES = "rate_changes", "prisändringar på placeringar"
    MONTHLY_REPORTS = "monthly_reports", "månadsrapporter"
    FOLLOW_UPS = "follow_ups", "uppföljningar"
    DEVIATIONS = "deviations", "avvikelser"
    INVOICES = "invoices", "fakturor"
    REIMBURSEMENT_CLAIMS = "reimbursement_claims", "återsökningar"
    BUDGETS = "budgets", "budgetrader"
    ASSESSMENTS = "assessments", "kvalitetsbedömningar"
    ASSESSMENT_ANSWERS = "assessment_answers", "svar i bedömningar"


@dataclass
class SeedContext:
    """One run: `today` is the day every relative date in the demo counts from."""

    today: date
    demo: bool = False
    counts: Counter = field(default_factory=Counter)
    _cache: dict = field(default_factory=dict)

    def created(self, kind, number=1):
        self.counts[kind] += number

    def result(self):
        kinds = REFERENCE_KINDS + (DEMO_KINDS if self.demo else ())
        return {kind: self.counts[kind] for kind in kinds}

    def days(self, offset):
        """The day `offset` days from today."""
        return self.today + timedelta(days=int(offset))

    def date_field(self, row, name):
        """A date from row[name] (ISO date) or row[name + '_offset_days'] (from today)."""
        value = row.get(name)
        if value not in (None, ""):
            return value if isinstance(value, date) else date.fromisoformat(str(value))
        offset = row.get(f"{name}_offset_days")
        if offset in (None, ""):
            return None
        return self.days(offset)

    def municipality(self, slug, required=True):
        return self._lookup(Municipality, "slug", slug, required)

    def service_type(self, code, required=True):
        return self._lookup(ServiceType, "code", code, required)

    def provider(self, org_number, required=True):
        return self._lookup(Provider, "org_number", org_number, required)

    def agreement(self, reference, required=True):
        return self._lookup(Agreement, "reference", reference, required)

    def user(self, email, required=True):
        return self._lookup(User, "email", email, required)

    def _lookup(self, model, column, value, required):
        """Find a row by its natural key (cached once found); None or an error when absent."""
        key = (model.__name__, value)
        if key not in self._cache:
            found = db.session.scalar(select(model).where(getattr(model, column) == value))
            if found is None:
                if required:
                    raise SeedDataError(f"{model.__name__} med {column}={value!r} finns inte")
                return None
            self._cache[key] = found
        return self._cache[key]
