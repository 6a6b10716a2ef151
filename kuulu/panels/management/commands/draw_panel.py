"""`manage.py draw_panel`: a draw from CSV files, outside any panel in the database: maximally
fair (maximin, the default) or stratified random. The same engines (`kuulu.panels.fairness`,
`kuulu.panels.sortition`) draw the panels in Kuulu."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kuulu.panels.draw_csv import CsvProblem, read_quotas, read_volunteers
from kuulu.panels.sortition import Infeasible, QuotaError, Relaxation, select


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc


class Command(BaseCommand):
    help = (
        "Select a panel from volunteers: maximally fair (maximin over panel distributions, the "
        "default) or stratified random. The volunteers file has an `id` column and one column "
        "per stratum; the quotas file has stratum,value,min,max rows (values without a row are "
        "not limited). The result is the same for the same seed."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--volunteers", required=True, help="CSV file of volunteers")
        parser.add_argument("--quotas", required=True, help="CSV file of quotas")
        parser.add_argument("--seats", required=True, type=int, help="number of seats to fill")
        parser.add_argument("--seed", required=True, type=int, help="seed of the random draw")
        parser.add_argument(
            "--method",
            choices=["maximin", "stratified"],
            default="maximin",
            help="maximin (maximally fair, default) or stratified (greedy stratified random)",
        )
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
            if options["method"] == "stratified":
                selection = select(volunteers, quotas, seats, seed)
            else:
                from kuulu.panels.fairness import select_maximin

                selection = select_maximin(volunteers, quotas, seats, seed)
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
            relaxations = exc.relaxations or _relaxations(volunteers, quotas, seats)
            if relaxations:
                lines.append("Smallest quota changes that make a panel possible:")
                lines += [
                    f"  {r.stratum}={r.value}: {r.min}-{r.max} -> {r.new_min}-{r.new_max}"
                    for r in relaxations
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
                        "min_probability": selection.min_probability,
                        "probabilities": dict(sorted(selection.probabilities.items())),
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
        if selection.min_probability is not None:
            out.append(f"Smallest selection probability: {selection.min_probability:.6f}")
        out.append(f"Selected ({len(selection.selected)}):")
        out += [f"  {volunteer_id}" for volunteer_id in selection.selected]
        out.append("Achieved counts (min-max):")
        bounds = {(q.stratum, q.value): (q.min, q.max) for q in quotas}
        for stratum, values in selection.counts.items():
            out.append(f"  {stratum}")
            for value, count in values.items():
                low, high = bounds.get((stratum, value), (0, seats))
                limit = f"{low}-{high}" if (stratum, value) in bounds else "no quota"
                out.append(f"    {value or '(no answer)'}: {count} ({limit})")
        self.stdout.write("\n".join(out))


def _relaxations(volunteers, quotas, seats) -> tuple[Relaxation, ...]:  # type: ignore[no-untyped-def]
    from kuulu.panels.fairness import suggest_relaxations

    try:
        return tuple(suggest_relaxations(volunteers, quotas, seats))
    except QuotaError:
        return ()
