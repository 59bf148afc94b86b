from django.core.management.base import BaseCommand

from berdaya.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo programmes, groups, people and one login per role (drawn from the seed cases). Idempotent."

    def handle(self, *args, **options):
        result = load_demo()
        created = result["created"]
        if created:
            self.stdout.write(
                "Demo data: " + ", ".join(f"{n} {what}" for what, n in created.items()) + " added."
            )
        else:
            self.stdout.write("Demo data already loaded; nothing changed.")
        password = result["logins"][0]["password"]
        self.stdout.write(f"\nDemo logins (password for all: {password}):")
        for login in result["logins"]:
            self.stdout.write(f"  {login['username']:<12} {login['role']}")
