"""Forms for a placement's add-ons: attach one (from the agreement's add-on items), end one."""

from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from registry.core.forms import REQUIRED, BaseForm, IsoDateField, MoneyField, VersionedForm
from registry.core.money import format_rate

UNIT_CHOICES = [("day", "per dygn"), ("hour", "per timme"), ("programme", "per program"),
                ("month", "per månad")]


class AddonForm(BaseForm):
    """Attach an add-on; outside agreement the name, unit and price are typed."""

    price_item_id = SelectField("Tillägg ur avtalets prislista", coerce=str,
                                validators=[Optional()])
    name = StringField("Tillägg (utanför avtal)", validators=[Optional(), Length(max=80)])
    unit = SelectField("Prisenhet (utanför avtal)", choices=[("", "")] + UNIT_CHOICES,
                       validators=[Optional()])
    price = MoneyField("Pris (kr, utanför avtal)", validators=[Optional()])
    valid_from = IsoDateField("Gäller från", validators=[InputRequired(REQUIRED)])
    valid_to = IsoDateField("Gäller till och med (valfritt)", validators=[Optional()])
    hours_per_month = IntegerField("Timmar per månad (tillägg med timpris)", validators=[
        Optional(), NumberRange(min=1, max=744, message="Ange 1–744 timmar.")])

    def values(self):
        """Return the service's values (price item id as an integer, price in öre)."""
        item = self.price_item_id.data if "price_item_id" in self else None
        typed = "name" in self
        return {"price_item_id": int(item) if item else None,
                "name": (self.name.data or "").strip() if typed else "",
                "unit": (self.unit.data or None) if typed else None,
                "price_ore": self.price.ore if typed else None,
                "valid_from": self.valid_from.data,
                "valid_to": self.valid_to.data, "hours_per_month": self.hours_per_month.data}


    def for_placement(self, placement, items):
        """Keep the fields that apply: the agreement's add-on items, or a free add-on."""
        if placement.agreement_id is None:
            del self.price_item_id
            return self
        for name in ("name", "unit", "price"):
            delattr(self, name)
        self.price_item_id.choices = [("", "Välj tillägg")] + [
            (str(item.id), f"{item.addon} {format_rate(item.price_ore, item.unit)}"
             + (f" (från {item.valid_from:%Y-%m-%d})" if item.valid_from else ""))
            for item in items]
        return self


class AddonEndForm(VersionedForm):
    valid_to = IsoDateField("Sista dag med tillägget", validators=[InputRequired(REQUIRED)])
