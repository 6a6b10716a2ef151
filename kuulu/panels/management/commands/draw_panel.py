"""`manage.py draw_panel`: a stratified random draw from CSV files, outside any panel in the
database. The same engine (`kuulu.panels.sortition`) draws the panels in Kuulu."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kuulu.panels.draw_csv import CsvProblem, read_quotas, read_volunteers
from kuulu.panels.sortition import Infeasible, QuotaError, select


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc


class Command(BaseCommand):
    help = (
        "Select a panel from volunteers by stratified random selection. The volunteers file has "
        "an `id` column and one column per stratum; the quotas file has stratum,value,min,max "
        "rows. The result is the same for the same seed."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--volunteers", required=True, help="CSV file of volunteers")
        parser.add_argument("--quotas", required=True, help="CSV file of quotas")
        parser.add_argument("--seats", required=True, type=int, help="number of seats to fill")
        parser.add_argument("--seed", required=True, type=int, help="seed of the random draw")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        seats, seed = options["seats"], options["seed"]
        if seats < 1:
            raise CommandError("--seats must be at least 1.")
        try:
            strata, volunteers = read_volunteers(
                _read(options["volunteers"]), options["volunteers"]
            )
            quotas = read_quotas(_read(options["quotas"]), options["quotas"], strata=set(strata))
            selection = select(volunteers, quotas, seats, seed)
        except CsvProblem as exc:
            raise CommandError(f"The file is not usable. {exc}") from exc
        except QuotaError as exc:
            raise CommandError(str(exc)) from exc
        except Infeasible as exc:
            lines = ["The quotas cannot be met:", *(f"  {r}" for r in exc.reasons)]
            if exc.shortages:
                lines.append("Stratum values lacking volunteers:")
                lines += [
                    f"  {s.stratum}={s.value} (needed {s.needed}, available {s.available})"
                    for s in exc.shortages
                ]
            raise CommandError("\n".join(lines)) from exc
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "seed": selection.seed,
                        "seats": selection.seats,
                        "selected": list(selection.selected),
                        "counts": selection.counts,
                        "input_hash": selection.input_hash,
                        "algorithm": selection.algorithm,
                        "excluded": list(selection.excluded),
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        out = [
            f"Seed: {selection.seed}",
            f"Seats: {selection.seats}",
            f"Algorithm: {selection.algorithm}",
            f"Input hash: {selection.input_hash}",
        ]
        if selection.excluded:
            out.append(
                f"Not eligible (a value the quotas do not list): {', '.join(selection.excluded)}"
            )
        out.append(f"Selected ({len(selection.selected)}):")
        out += [f"  {volunteer_id}" for volunteer_id in selection.selected]
        out.append("Achieved counts (min-max):")
        bounds = {(q.stratum, q.value): (q.min, q.max) for q in quotas}
        for stratum, values in selection.counts.items():
            out.append(f"  {stratum}")
            for value, count in values.items():
                low, high = bounds[(stratum, value)]
                out.append(f"    {value}: {count} ({low}-{high})")
        self.stdout.write("\n".join(out))
