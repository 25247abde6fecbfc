"""Issue 10: the «vote» link is offered only to whom the voting page answers.

Officers of a member NGO, the election's officials and the secretariat were sent to
/assembly/elections/N/vote/ (by the notice that voting opened) and found a 404. The page, the ballot
endpoint, the election's page and the notice now share one rule, `access.ballot_member`: the member's
representative or substitute.
"""

import pytest
from django.urls import reverse

from hamafza.accounts.models import Notification
from hamafza.assembly.services import elections as services

VOTE_LINK = 'id="vote-link"'


@pytest.mark.parametrize("role", ["rep_a", "sub_a"])
def test_a_voter_is_offered_the_vote_and_the_page_answers(request, client_for, voting, role):
    client = client_for(request.getfixturevalue(role))
    vote_url = reverse("assembly:vote", args=[voting.pk])
    page = client.get(reverse("assembly:election", args=[voting.pk])).content.decode()
    assert VOTE_LINK in page and f'href="{vote_url}"' in page
    assert client.get(vote_url).status_code == 200


@pytest.mark.parametrize("role", ["officer_a", "secretary", "sup1", "teller1", "viewer"])
def test_who_may_not_vote_sees_no_vote_link_and_the_page_is_404(request, client_for, voting, role):
    client = client_for(request.getfixturevalue(role))
    vote_url = reverse("assembly:vote", args=[voting.pk])
    response = client.get(reverse("assembly:election", args=[voting.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert VOTE_LINK not in page and vote_url not in page
    assert client.get(vote_url).status_code == 404


def test_the_notice_that_voting_opened_links_only_voters_to_the_ballot(
    election,
    candidates,
    members,
    secretary,
    officer_a,
    sub_a,
    sup1,
    teller1,
    client_for,
    django_capture_on_commit_callbacks,
):
    services.close_candidacy(election, by=secretary)
    with django_capture_on_commit_callbacks(execute=True):
        services.open_voting(election, by=secretary)
    vote_url = reverse("assembly:vote", args=[election.pk])
    election_url = reverse("assembly:election", args=[election.pk])
    voters = [members[key].representative for key in "abcd"] + [sub_a]
    for user in voters:
        told = Notification.objects.get(user=user, title__contains=election.title)
        assert told.url == vote_url, user
        assert client_for(user).get(told.url).status_code == 200
    for user in (officer_a, sup1, teller1):
        told = Notification.objects.get(user=user, title__contains=election.title)
        assert told.url == election_url, user
        assert client_for(user).get(told.url).status_code == 200
