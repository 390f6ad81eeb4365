"""The HHS poverty guidelines, one row per year and area, kept by curators so the
screener can say a household's income as a percentage of the poverty level (the
unit most income limits are written in)."""

from django.db import models


class PovertyArea(models.TextChoices):
    """The three areas the HHS guidelines give amounts for."""

    CONTIGUOUS = "contiguous", "The 48 contiguous states and the District of Columbia"
    ALASKA = "alaska", "Alaska"
    HAWAII = "hawaii", "Hawaii"


# The HHS guidelines are not defined for Puerto Rico, the U.S. Virgin Islands,
# American Samoa, Guam, the Northern Mariana Islands and the freely associated
# states; each program decides what to use there (the notice says so).
NOT_COVERED = {"PR", "VI", "AS", "GU", "MP", "FM", "MH", "PW"}


def area_of_state(state):
    """The guidelines' area for a USPS state code, or None where HHS defines none."""
    state = (state or "").upper()
    if not state or state in NOT_COVERED:
        return None
    return {"AK": PovertyArea.ALASKA, "HI": PovertyArea.HAWAII}.get(
        state, PovertyArea.CONTIGUOUS
    )


class PovertyGuidelineQuerySet(models.QuerySet):
    def latest_for(self, state):
        """The newest year's row for the area of ``state``, or None."""
        area = area_of_state(state)
        if area is None:
            return None
        return self.filter(area=area).order_by("-year").first()


class PovertyGuideline(models.Model):
    """One year's poverty guideline for one area: the amount for a household of one
    and what each further person adds, with the notice it comes from."""

    year = models.PositiveSmallIntegerField(
        help_text="The guidelines' year, e.g. 2025."
    )
    area = models.CharField(
        max_length=12,
        choices=PovertyArea.choices,
        help_text="Which of the three HHS tables this row is.",
    )
    first_person = models.PositiveIntegerField(
        "amount for one person (US$)",
        help_text="The yearly guideline for a household of one person.",
    )
    each_additional_person = models.PositiveIntegerField(
        "amount for each extra person (US$)",
        help_text="What each further person in the household adds.",
    )
    source_title = models.CharField(
        max_length=255,
        help_text="The notice the amounts come from, e.g. “Annual Update of the HHS "
        "Poverty Guidelines, Federal Register, 17 January 2025”.",
    )
    source_url = models.URLField(
        max_length=500, help_text="Where the notice can be read."
    )

    objects = PovertyGuidelineQuerySet.as_manager()

    class Meta:
        verbose_name = "poverty guideline"
        ordering = ["-year", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "area"], name="one_poverty_guideline_per_year_area"
            )
        ]

    def __str__(self):
        return f"{self.year} HHS poverty guideline: {self.get_area_display()}"

    def amount_for(self, household_size):
        """The guideline for a household of ``household_size`` people."""
        return self.first_person + (household_size - 1) * self.each_additional_person

    def percent_of(self, yearly_income, household_size):
        """Yearly income as a percentage of this guideline (unrounded)."""
        return yearly_income * 100 / self.amount_for(household_size)
