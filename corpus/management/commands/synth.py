from django.core.management.base import BaseCommand, CommandError

from corpus.synth import SynthError, SynthSpec, build, has_real_sources


class Command(BaseCommand):
    help = (
        "Build a deterministic synthetic record (replacing any earlier one) for benchmarks; "
        "refuses a database holding real sources unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--experts", type=int, default=300)
        parser.add_argument("--issues", type=int, default=12)
        parser.add_argument("--sources", type=int, default=400)
        parser.add_argument("--stances", type=int, default=10_000)
        parser.add_argument("--scenarios", type=int, help="default: half the issues, at least 3")
        parser.add_argument("--assessments", type=int, help="default: a tenth of the stances")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add the synthetic record beside real sources already in the database.",
        )

    def handle(self, *args, force, **options):
        if not force and has_real_sources():
            raise CommandError(
                "This database holds real (non-synthetic) sources; use a fresh database, "
                "or --force to add the synthetic record beside them."
            )
        spec = SynthSpec(
            experts=options["experts"],
            issues=options["issues"],
            sources=options["sources"],
            stances=options["stances"],
            seed=options["seed"],
            scenarios=options["scenarios"],
            assessments=options["assessments"],
        )
        try:
            report = build(spec)
        except SynthError as exc:
            raise CommandError(str(exc)) from None
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"synthetic record built (seed {spec.seed})"))
