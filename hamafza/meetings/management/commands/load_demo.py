from django.core.management.base import BaseCommand

from hamafza.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo (Tehran province, two bodies, their meetings and follow-up) once, and print the logins."

    def handle(self, *args, **options):
        result = load_demo()
        if result.loaded:
            self.stdout.write(self.style.SUCCESS("The demo data was loaded."))
        else:
            self.stdout.write("The demo data is already loaded; nothing was changed.")
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in result.counts.items()))
        self.stdout.write("")
        self.stdout.write(self._table(result.logins))

    @staticmethod
    def _table(rows: list[tuple[str, str, str, str]]) -> str:
        header = ("username", "password", "role", "organisation")
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(3)]
        lines = []
        for row in [header, *rows]:
            lines.append(
                "  ".join(str(cell).ljust(width) for cell, width in zip(row[:3], widths, strict=True))
                + "  "
                + row[3]
            )
            if row is header:
                lines.append("  ".join("-" * width for width in widths) + "  " + "-" * 12)
        return "\n".join(lines)
