"""Agreements as Open Contracting Data Standard 1.1 releases (a release package, JSON).

Only agreement data goes out: the buyers as parties, the agreement and its suppliers,
contract periods with maxExtentDate, and unit prices. Nothing about placements or cases.
"""

from datetime import datetime, time

from registry.agreements.models import AgreementForm, OptionDecision
from registry.agreements.status import AgreementStatus, effective_end
from registry.core.dates import STOCKHOLM
from registry.core.money import kronor

# A real publisher registers its own prefix with the Open Contracting Partnership.
OCID_PREFIX = "ocds-nv8kmn"
PUBLISHER = "Utförarregistret Nordväst"
CURRENCY = "SEK"
UNIT_NAMES = {"day": "dygn", "hour": "timme", "programme": "program"}
PROCUREMENT_METHODS = {  # OCDS method codes; a framework's method is not recorded here
    AgreementForm.DIRECT_AWARD: "direct", AgreementForm.SINGLE_CASE: "limited",
    AgreementForm.INTER_MUNICIPAL: "direct"}
CONTRACT_STATUS = {AgreementStatus.UPCOMING: "pending", AgreementStatus.ACTIVE: "active",
                   AgreementStatus.OPTION_PERIOD: "active",
                   AgreementStatus.EXPIRED: "terminated"}


def ocid(agreement):
    return f"{OCID_PREFIX}-{agreement.reference}"


def max_extent(agreement):
    """Return the latest possible end: every option not declined, in order."""
    months = []
    for option in sorted(agreement.options, key=lambda o: o.sequence):
        if option.decision == OptionDecision.DECLINED:
            break
        months.append(option.length_months)
    return effective_end(agreement.end_date, months)


def json_kronor(ore):
    """Return öre as a JSON number of kronor (exact to the öre)."""
    amount = kronor(ore)
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def release_package(views, prices_by_agreement, published, uri):
    """Return an OCDS 1.1 release package for AgreementViews and their current prices."""
    return {
        "uri": uri, "version": "1.1", "publishedDate": _datetime(published),
        "publisher": {"name": PUBLISHER},
        "releases": [release(view, prices_by_agreement.get(view.agreement.id, []), published)
                     for view in views],
    }


def release(view, prices, published):
    """Return one release: the agreement as tender, award and contract."""
    agreement = view.agreement
    buyers = [agreement.lead_municipality] + [
        m for m in agreement.participants if m.id != agreement.lead_municipality_id]
    suppliers = [row.provider for row in agreement.providers]
    return {
        "ocid": ocid(agreement), "id": f"{ocid(agreement)}-{agreement.version}",
        "date": _datetime(published), "tag": ["award", "contract"],
        "initiationType": "tender", "language": "sv",
        "parties": [_buyer(m, m.id == agreement.lead_municipality_id) for m in buyers]
        + [_supplier(p) for p in suppliers],
        "buyer": _ref_municipality(agreement.lead_municipality),
        "tender": _tender(agreement),
        "awards": [_award(agreement, suppliers)],
        "contracts": [_contract(view, prices)],
    }


def _datetime(moment):
    return moment.replace(microsecond=0).isoformat() + "Z"


def day_start(day):
    """Return the first second of a Stockholm day as an OCDS date-time."""
    return datetime.combine(day, time(0, 0, 0), tzinfo=STOCKHOLM).isoformat()


def day_end(day):
    """Return the last second of a Stockholm day as an OCDS date-time."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=STOCKHOLM).isoformat()


def _municipality_id(municipality):
    return f"SE-KOMMUN-{municipality.scb_code}"


def _ref_municipality(municipality):
    return {"id": _municipality_id(municipality), "name": municipality.name}


def _buyer(municipality, lead):
    roles = ["buyer", "procuringEntity"] if lead else ["buyer"]
    return {**_ref_municipality(municipality), "roles": roles,
            "identifier": {"scheme": "SE-SCB-KOMMUNKOD", "id": municipality.scb_code}}


def _supplier(provider):
    return {"id": f"SE-BLV-{provider.org_number}", "name": provider.legal_name,
            "roles": ["supplier"],
            "identifier": {"scheme": "SE-BLV", "id": provider.org_number.replace("-", ""),
                           "legalName": provider.legal_name}}


def _tender(agreement):
    tender = {"id": agreement.reference, "title": agreement.title,
              "procurementMethodDetails": AgreementForm(agreement.form).label}
    method = PROCUREMENT_METHODS.get(agreement.form)
    if method:
        tender["procurementMethod"] = method
    return tender


def _award(agreement, suppliers):
    return {"id": f"{agreement.reference}-award", "title": agreement.title, "status": "active",
            "suppliers": [{"id": f"SE-BLV-{p.org_number}", "name": p.legal_name}
                          for p in suppliers]}


def _contract(view, prices):
    agreement = view.agreement
    contract = {
        "id": agreement.reference, "awardID": f"{agreement.reference}-award",
        "title": agreement.title, "status": CONTRACT_STATUS[view.status],
        "period": {"startDate": day_start(agreement.start_date),
                   "endDate": day_end(view.current_end),
                   "maxExtentDate": day_end(max_extent(agreement))},
        "items": [_item(item) for item in prices],
    }
    if agreement.ceiling_ore is not None:
        contract["value"] = {"amount": json_kronor(agreement.ceiling_ore), "currency": CURRENCY}
    return contract


def _item(item):
    addon = f", {item.addon}" if item.addon else ""
    description = f"{item.service_type.name}{addon} – {item.provider.legal_name}"
    return {"id": str(item.id), "description": description,
            "unit": {"name": UNIT_NAMES.get(item.service_type.unit, item.service_type.unit),
                     "value": {"amount": json_kronor(item.price_ore), "currency": CURRENCY}}}
