"""A list-of-choices model field that works the same on SQLite and PostgreSQL."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


class ChoiceListField(models.JSONField):
    """A JSON list of values from a TextChoices class, edited as checkboxes.

    Stored as JSON so SQLite and PostgreSQL behave alike; values are validated against
    ``choices_class`` and kept in the order the vocabulary lists them.
    """

    def __init__(self, *args, choices_class=None, **kwargs):
        self.choices_class = choices_class
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["choices_class"] = self.choices_class
        if kwargs.get("default") is list:
            del kwargs["default"]
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not isinstance(value, list):
            raise ValidationError("Expected a list of values.", code="invalid")
        unknown = [item for item in value if item not in self.choices_class.values]
        if unknown:
            raise ValidationError(
                "Unknown value(s): %(values)s",
                code="invalid_choice",
                params={"values": ", ".join(map(str, unknown))},
            )

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.choices_class.choices,
            "widget": forms.CheckboxSelectMultiple,
            "required": not self.blank,
            "label": self.verbose_name.capitalize(),
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        for key in ("encoder", "decoder", "max_length"):
            defaults.pop(key, None)
        return form_class(**defaults)

    def ordered(self, values):
        """``values`` restricted to the vocabulary, in its order."""
        return [value for value in self.choices_class.values if value in set(values)]

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname) or []
        value = self.ordered(value)
        setattr(model_instance, self.attname, value)
        return value
