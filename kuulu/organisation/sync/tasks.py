"""The scheduled HR sync in the task worker: reads the drop directory (HR_SYNC_DROP_DIR).

Queued from cron like the project's other periodic jobs: `manage.py hr_sync --drop --enqueue`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def run_hr_sync_drop(county_slug: str = "") -> None:
    from kuulu.organisation.selectors import county_choice_problem, county_for_job
    from kuulu.organisation.sync.apply import purge_stale_previews
    from kuulu.organisation.sync.sources import run_drop_directory

    purge_stale_previews()

    if not settings.HR_SYNC_DROP_DIR:
        logger.warning("hr sync: HR_SYNC_DROP_DIR is not set; nothing to read")
        return
    county = county_for_job(county_slug)
    if county is None:
        logger.warning("hr sync: %s", county_choice_problem(county_slug))
        return
    outcome = run_drop_directory(
        directory=Path(settings.HR_SYNC_DROP_DIR), county=county, language=settings.LANGUAGE_CODE
    )
    if outcome is None:
        logger.info("hr sync: the drop directory is empty")
