from django.urls import path

from kuulu.methods import views

app_name = "methods"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:card_id>/", views.card, name="card"),
    path("work/", views.work, name="work"),
    path("cards/new/", views.card_edit, name="card_new"),
    path("cards/<int:card_id>/edit/", views.card_edit, name="card_edit"),
    path("exchange-schema.json", views.schema, name="schema"),
    path("export/", views.export, name="export"),
    path("import/", views.import_cards, name="import"),
    path("experts/", views.experts, name="experts"),
    path("experts/new/", views.expert_new, name="expert_new"),
    path("experts/<int:expert_id>/", views.expert_detail, name="expert"),
    path("experts/<int:expert_id>/toggle/", views.expert_toggle, name="expert_toggle"),
    path("support/new/", views.support_new, name="support_new"),
    path("support/<int:support_id>/", views.support_detail, name="support"),
    path("uses/new/", views.use_new, name="use_new"),
    path("adoption/", views.adoption, name="adoption"),
]
