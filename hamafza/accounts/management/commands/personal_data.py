"""A person's data on request from the command line (issue 12):

manage.py personal_data find 09121234567
manage.py personal_data export donor 12 --out person.zip
manage.py personal_data erase donor 12 --by admin --confirm "the person's name"
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hamafza.accounts.models import User
from hamafza.accounts.services import privacy


class Command(BaseCommand):
    help = "Find, export or erase a person's data (a user, a donor or a contact person)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        find = sub.add_parser("find", help="People whose mobile, national ID, e-mail or name holds the text.")
        find.add_argument("query")
        for name in ("export", "erase"):
            action = sub.add_parser(name)
            action.add_argument("kind", choices=sorted(privacy.KINDS))
            action.add_argument("pk", type=int)
            if name == "export":
                action.add_argument("--out", required=True, help="The zip file to write.")
            else:
                action.add_argument("--by", required=True, help="The administrator's username (audited).")
                action.add_argument("--confirm", required=True, help="The person's name, as confirmation.")

    def handle(self, *args, **options):
        if options["action"] == "find":
            for person in privacy.find_people(options["query"]):
                self.stdout.write(f"{person.kind}\t{person.pk}\t{person.name}\t{person.masked_contacts()}")
            return
        try:
            person = privacy.get_person(options["kind"], options["pk"])
        except privacy.PersonNotFound:
            raise CommandError("No such person.") from None
        if options["action"] == "export":
            Path(options["out"]).write_bytes(privacy.export_zip(person))
            self.stdout.write(f"Written {options['out']}")
            return
        admin = User.objects.filter(username=options["by"], is_superuser=True, is_active=True).first()
        if admin is None:
            raise CommandError("--by must name an active administrator.")
        if options["confirm"].strip() != person.name.strip():
            raise CommandError("The name given to --confirm does not match; nothing was erased.")
        result = privacy.erase(person, by=admin)  # the default origin: source «system»
        self.stdout.write("Erased." if result.did_anything else "Nothing left to erase.")
