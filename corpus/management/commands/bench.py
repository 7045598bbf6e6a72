import argparse

from django.core.management.base import BaseCommand

from tests.perf import bench


class Command(BaseCommand):
    help = (
        "Benchmark every page warm, right after an edit and under a mixed load, against a "
        "minimal view (the floor) and Datasette, under gunicorn at 1k and 100k synthetic "
        "stances; writes tests/perf/results/bench.json and bench.md."
    )

    def add_arguments(self, parser):
        bench.add_arguments(parser)

    def handle(self, *args, **options):
        result = bench.run(argparse.Namespace(**options), say=self.stdout.write)
        for verdict in result["targets"]:
            met = {True: "met", False: "MISSED", None: "NOT MEASURED"}[verdict["met"]]
            self.stdout.write(
                f"{verdict['db']:<10} {verdict['page']:<12} {verdict['target']}: {met} "
                f"({verdict['value']})"
            )
