from __future__ import annotations

from typing import Any

from kuulu.datacollection.models import Collection
from kuulu.organisation.models import County


def make_collection(county: County, **fields: Any) -> Collection:
    values: dict[str, Any] = {
        "name_fi": "Kouluterveyskysely",
        "name_en": "School Health Promotion study",
        "source": Collection.Source.EXTERNAL,
        "organiser": "THL",
        "schedule": Collection.Schedule.ODD_YEARS,
        "month": 3,
        "target_group_fi": "Peruskoulun 4., 5., 8. ja 9. luokkalaiset",
        "target_group_en": "Pupils of grades 4, 5, 8 and 9",
    }
    values.update(fields)
    return Collection.objects.create(county=county, **values)
