"""The assemblies under /assembly/: the table of contents of the app's pages."""

from django.urls import path

from hamafza.assembly.views import assemblies, ballots, elections, letters, nominations, results

app_name = "assembly"

urlpatterns = [
    # Assemblies and their members
    path("", assemblies.assembly_list, name="list"),
    path("new/", assemblies.assembly_create, name="create"),
    path("<int:pk>/", assemblies.assembly_detail, name="detail"),
    path("<int:pk>/edit/", assemblies.assembly_edit, name="edit"),
    path("<int:pk>/attendance/<int:meeting>/", assemblies.attendance, name="attendance"),
    path("members/<int:pk>/", assemblies.member_detail, name="member"),
    # Nominations
    path("<int:pk>/nominations/", nominations.nomination_list, name="nominations"),
    path("<int:pk>/nominations/new/", nominations.nomination_create, name="nomination_create"),
    path("<int:pk>/nominations/accept/", nominations.nomination_accept_many, name="nomination_accept_many"),
    path("<int:pk>/nominations/import/", nominations.nomination_import, name="nomination_import"),
    path(
        "<int:pk>/nominations/import/template.xlsx",
        nominations.nomination_import_template,
        name="nomination_import_template",
    ),
    path(
        "<int:pk>/nominations/import/confirm/",
        nominations.nomination_import_confirm,
        name="nomination_import_confirm",
    ),
    path("nominations/<int:pk>/decide/", nominations.nomination_decide, name="nomination_decide"),
    path("nominations/<int:pk>/letter/", nominations.nomination_letter, name="nomination_letter"),
    # Elections
    path("<int:pk>/elections/new/", elections.election_create, name="election_create"),
    path("elections/<int:pk>/", elections.election_detail, name="election"),
    path("elections/<int:pk>/edit/", elections.election_edit, name="election_edit"),
    path("elections/<int:pk>/officials/", elections.officials, name="officials"),
    path("elections/<int:pk>/step/<slug:step>/", elections.election_step, name="election_step"),
    path("elections/<int:pk>/stand/", elections.stand, name="stand"),
    path("candidates/<int:pk>/", elections.candidate_detail, name="candidate"),
    path("candidates/<int:pk>/withdraw/", elections.candidate_withdraw, name="candidate_withdraw"),
    path("candidates/<int:pk>/refuse/", elections.candidate_refuse, name="candidate_refuse"),
    # Voting, on the site and on paper
    path("elections/<int:pk>/vote/", ballots.vote, name="vote"),
    path("elections/<int:pk>/paper/", ballots.paper, name="paper"),
    path("elections/<int:pk>/paper/voters/", ballots.paper_voter, name="paper_voter"),
    path("elections/<int:pk>/tracking/", ballots.tracking, name="tracking"),
    # Results, ties, signatures
    path("elections/<int:pk>/results/", results.results, name="results"),
    path("elections/<int:pk>/results.xlsx", results.results_xlsx, name="results_xlsx"),
    path("elections/<int:pk>/minutes.pdf", results.minutes_pdf, name="minutes_pdf"),
    path("elections/<int:pk>/lots/", results.lots, name="lots"),
    path("elections/<int:pk>/runoff/", results.runoff, name="runoff"),
    path("elections/<int:pk>/confirm/", results.confirm, name="confirm"),
    path("elections/<int:pk>/publish/", results.publish, name="publish"),
    # Letters of introduction
    path("letters/<int:pk>.pdf", letters.letter_pdf, name="letter_pdf"),
    path("verify/", letters.verify, name="verify"),
]
