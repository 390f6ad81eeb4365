"""What the search app stores itself: index updates that could not be sent yet."""

from django.db import models


class PendingIndexUpdate(models.Model):
    """A program whose Elasticsearch document could not be written or removed (the
    cluster was down). ``manage.py search_index retry`` sends it again; every later
    successful sync does too; ``search_index check`` lists it."""

    program_id = models.BigIntegerField(unique=True)
    queued_at = models.DateTimeField(auto_now=True)
    attempts = models.PositiveIntegerField(default=1)
    last_error = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["queued_at"]
        verbose_name = "pending index update"

    def __str__(self):
        return f"program {self.program_id} ({self.attempts} attempt(s))"
