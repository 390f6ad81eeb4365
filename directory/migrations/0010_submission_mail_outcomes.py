"""What became of a submission's two e-mails, now that they are sent after the
request: the old yes/no for the partner's confirmation becomes sent or failed; the
moderators' notice was never recorded."""

from django.db import migrations, models

MAIL_CHOICES = [
    ("sending", "Sending"),
    ("sent", "Sent"),
    ("failed", "Failed: the mail server did not take it"),
    ("no_address", "Not sent: no moderator has an e-mail address"),
    ("not_recorded", "Not recorded (sent before this was kept)"),
]


def carry_over(apps, schema_editor):
    Submission = apps.get_model("directory", "Submission")
    Submission.objects.filter(confirmation_sent=True).update(confirmation_mail="sent")
    Submission.objects.filter(confirmation_sent=False).update(
        confirmation_mail="failed"
    )
    Submission.objects.update(moderator_mail="not_recorded")


def carry_back(apps, schema_editor):
    Submission = apps.get_model("directory", "Submission")
    Submission.objects.filter(confirmation_mail="sent").update(confirmation_sent=True)


class Migration(migrations.Migration):
    dependencies = [("directory", "0009_moderators_only_moderate")]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="confirmation_mail",
            field=models.CharField(
                choices=MAIL_CHOICES,
                default="sending",
                help_text="The e-mail giving the partner their reference.",
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="submission",
            name="moderator_mail",
            field=models.CharField(
                choices=MAIL_CHOICES,
                default="sending",
                help_text="The e-mail telling moderators about this submission.",
                max_length=12,
            ),
        ),
        migrations.RunPython(carry_over, carry_back),
        migrations.RemoveField(model_name="submission", name="confirmation_sent"),
    ]
