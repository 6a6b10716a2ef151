from django.urls import path

from kuulu.budgeting import staff_views, views

app_name = "budgeting"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:process_id>/", views.process_detail, name="process"),
    path("<int:process_id>/propose/", views.propose, name="propose"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("proposals/<int:proposal_id>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:proposal_id>/comment/", views.proposal_comment, name="comment"),
    path("proposals/<int:proposal_id>/support/", views.proposal_support, name="support"),
    path("budgets/<int:budget_id>/vote/", views.vote, name="vote"),
    path("budgets/<int:budget_id>/vote/code/", views.vote_code, name="vote_code"),
    path("budgets/<int:budget_id>/vote/email/", views.vote_email, name="vote_email"),
    path(
        "budgets/<int:budget_id>/vote/email/verify/",
        views.vote_email_verify,
        name="vote_email_verify",
    ),
    path("budgets/<int:budget_id>/results/", views.budget_results, name="results"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    # staff
    path("manage/new/", staff_views.process_new, name="process_new"),
    path("manage/<int:process_id>/budgets/new/", staff_views.budget_new, name="budget_new"),
    path("manage/<int:process_id>/", staff_views.manage, name="manage"),
    path("manage/<int:process_id>/plans/new/", staff_views.plan_new, name="plan_new"),
    path("manage/<int:process_id>/codes/", staff_views.voting_codes, name="codes"),
    path("manage/<int:process_id>/phases/", staff_views.phases, name="phases"),
    path("manage/<int:process_id>/publish/", staff_views.publish, name="publish"),
    path("manage/proposals/<int:proposal_id>/", staff_views.review, name="review"),
    path(
        "manage/comments/<int:comment_id>/", staff_views.moderate_comment, name="moderate_comment"
    ),
    path("manage/budgets/<int:budget_id>/paper/", staff_views.paper_entry, name="paper_entry"),
    path(
        "manage/budgets/<int:budget_id>/reconciliation/",
        staff_views.reconciliation,
        name="reconciliation",
    ),
    path("manage/budgets/<int:budget_id>/turnout/", staff_views.turnout, name="turnout"),
    path("manage/budgets/<int:budget_id>/count/", staff_views.count, name="count"),
    path("manage/budgets/<int:budget_id>/export.pb", staff_views.export_pabulib, name="export"),
    path("manage/plans/<int:plan_id>/edit/", staff_views.plan_edit, name="plan_edit"),
    path("manage/plans/<int:plan_id>/override/", staff_views.override, name="override"),
    path("manage/plans/<int:plan_id>/follow-up/", staff_views.follow_up, name="follow_up"),
    path("manage/pabulib/", staff_views.pabulib_count, name="pabulib"),
]
