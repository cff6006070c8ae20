import time

from django.core.management.base import BaseCommand

from tipnet.referrals import services


class Command(BaseCommand):
    help = ("Escalate referrals left unanswered past their deadline (TIPNET_REFERRAL_ANSWER_"
            "HOURS, or TIPNET_REFERRAL_URGENT_ANSWER_HOURS when urgent): mark them overdue and "
            "e-mail both organisations, once per referral. Run it from cron every few minutes, "
            "or with --every SECONDS as a long-running process.")

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--every", type=int, default=0,
                            help="keep running, checking every SECONDS (default: once)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        while True:
            count = services.escalate_due()
            self.stdout.write(f"{count} referral(s) escalated")
            if not options["every"]:
                return
            time.sleep(max(10, options["every"]))
