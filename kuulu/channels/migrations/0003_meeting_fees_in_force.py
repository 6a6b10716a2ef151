from collections import defaultdict
from decimal import Decimal

from django.db import migrations, models


def fix_fees_of_recorded_meetings(apps, schema_editor):
    """A meeting whose attendance is already recorded keeps, per role, the highest fee paid to
    someone present in it (what was in force then); a role nobody present was paid in takes
    the channel's fee of today, which is what a correction paid before this migration."""
    Meeting = apps.get_model("channels", "Meeting")
    Attendance = apps.get_model("channels", "Attendance")
    ChannelFee = apps.get_model("channels", "ChannelFee")
    today = defaultdict(dict)
    for channel_id, role, amount in ChannelFee.objects.values_list("channel_id", "role", "amount"):
        today[channel_id][role] = amount
    paid = defaultdict(dict)
    for meeting_id, role, fee in Attendance.objects.filter(status="present", fee__gt=0).values_list(
        "meeting_id", "membership__role", "fee"
    ):
        paid[meeting_id][role] = max(fee, paid[meeting_id].get(role, Decimal(0)))
    recorded = Meeting.objects.filter(attendances__isnull=False).distinct()
    for meeting in recorded.only("id", "channel_id"):
        fees = {**today[meeting.channel_id], **paid[meeting.id]}
        Meeting.objects.filter(pk=meeting.pk).update(
            fees={role: str(amount) for role, amount in fees.items()}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("channels", "0002_membership_councils_meetings"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="fees",
            field=models.JSONField(
                blank=True, editable=False, null=True, verbose_name="fees in force"
            ),
        ),
        migrations.RunPython(fix_fees_of_recorded_meetings, migrations.RunPython.noop),
    ]
