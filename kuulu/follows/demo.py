"""The demo county's Follow and be told data: a resident who follows the county (weekly
digest), its first service area (email) and the participatory budget (email). Idempotent."""

from __future__ import annotations

from kuulu.organisation.models import County

DEMO_EMAIL = "seuraaja.demo@example.test"


def load_follows_demo(county: County) -> int:
    from kuulu.accounts.models import User
    from kuulu.follows.models import Follow
    from kuulu.follows.selectors import followable_targets

    user = User.objects.filter(email=DEMO_EMAIL).first()
    created = 0
    if user is None:
        user = User.objects.create_user(email=DEMO_EMAIL, password=None, language="fi")
        created += 1
    wanted = {"county": "digest", "service": "email", "process": "email"}
    for target in followable_targets(county):
        delivery = wanted.pop(target.kind, None)
        if delivery is None:
            continue
        _follow, made = Follow.objects.get_or_create(
            user=user,
            target_key=target.key,
            delivery=delivery,
            defaults={
                "county": county,
                "target_kind": target.kind,
                "target_label": target.label[:200],
            },
        )
        created += int(made)
    return created
