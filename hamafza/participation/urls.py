"""Participation pages under /participation/, namespace "participation": the hub, the registries (NGOs
and donors, with their Excel imports), the achievements portfolio, capacities and coverage, needs,
pledges and the donor's papers, matching, and the public page."""

from django.urls import path

from hamafza.participation.views import (
    achievements,
    capacity,
    hub,
    imports,
    matching,
    needs,
    pledges,
    public,
    registry,
)

app_name = "participation"

urlpatterns = [
    path("", hub.hub, name="hub"),
    # Registries: NGOs (and their Excel import)
    path("ngos/", registry.ngo_list, name="ngo_list"),
    path("ngos/new/", registry.ngo_create, name="ngo_create"),
    path("ngos/import/", imports.ngo_import, name="ngo_import"),
    path("ngos/import/template/", imports.ngo_import_template, name="ngo_import_template"),
    path("ngos/import/confirm/", imports.ngo_import_confirm, name="ngo_import_confirm"),
    path("ngos/<int:pk>/", registry.ngo_detail, name="ngo_detail"),
    path("ngos/<int:pk>/edit/", registry.ngo_edit, name="ngo_edit"),
    path("ngos/<int:pk>/contacts/add/", registry.ngo_contact_add, name="ngo_contact_add"),
    path("contacts/<int:pk>/remove/", registry.ngo_contact_remove, name="ngo_contact_remove"),
    # Achievements: NGOs' reports, and the calls for them
    path("achievements/", achievements.achievement_list, name="achievement_list"),
    path("achievements/new/", achievements.achievement_submit, name="achievement_submit"),
    path("achievements/<int:pk>/", achievements.achievement_detail, name="achievement_detail"),
    path("achievements/<int:pk>/review/", achievements.achievement_review, name="achievement_review"),
    path("achievements/<int:pk>/edit/", achievements.achievement_edit, name="achievement_edit"),
    path("achievements/files/<int:pk>/", achievements.achievement_file, name="achievement_file"),
    path("achievements/calls/", achievements.achievement_calls, name="achievement_calls"),
    path("achievements/calls/new/", achievements.achievement_call_create, name="achievement_call_create"),
    path("achievements/calls/<int:pk>/", achievements.achievement_call, name="achievement_call"),
    path(
        "achievements/calls/<int:pk>/close/",
        achievements.achievement_call_close,
        name="achievement_call_close",
    ),
    # Registries: donors and industries (and their Excel import)
    path("donors/", registry.donor_list, name="donor_list"),
    path("donors/new/", registry.donor_create, name="donor_create"),
    path("donors/import/", imports.donor_import, name="donor_import"),
    path("donors/import/template/", imports.donor_import_template, name="donor_import_template"),
    path("donors/import/confirm/", imports.donor_import_confirm, name="donor_import_confirm"),
    path("donors/<int:pk>/", registry.donor_detail, name="donor_detail"),
    path("donors/<int:pk>/edit/", registry.donor_edit, name="donor_edit"),
    path("donors/<int:pk>/recognitions/add/", registry.donor_recognition_add, name="donor_recognition_add"),
    # Capacities and the coverage matrix
    path("capacities/", capacity.capacity_list, name="capacity_list"),
    path("capacities/export/", capacity.capacity_export, name="capacity_export"),
    path("capacities/new/", capacity.capacity_add, name="capacity_add"),
    path("capacities/<int:pk>/edit/", capacity.capacity_edit, name="capacity_edit"),
    path("capacities/<int:pk>/remove/", capacity.capacity_remove, name="capacity_remove"),
    path("coverage/", capacity.coverage_matrix, name="coverage"),
    path("coverage/export/", capacity.coverage_export, name="coverage_export"),
    # Needs: proposed, decided, prioritised
    path("needs/", needs.need_list, name="need_list"),
    path("needs/new/", needs.need_create, name="need_create"),
    path("needs/<int:pk>/", needs.need_detail, name="need_detail"),
    path("needs/<int:pk>/edit/", needs.need_edit, name="need_edit"),
    path("needs/<int:pk>/approve/", needs.need_approve, name="need_approve"),
    path("needs/<int:pk>/reject/", needs.need_reject, name="need_reject"),
    path("needs/<int:pk>/withdraw/", needs.need_withdraw, name="need_withdraw"),
    path("needs/<int:pk>/priority/", needs.need_priority, name="need_priority"),
    path("needs/<int:pk>/met/", needs.need_mark_met, name="need_mark_met"),
    path("needs/recompute/<int:pk>/", needs.need_recompute, name="need_recompute"),
    # Pledges: offered, pledged, delivered, verified; the donor's papers; the totals
    path("pledges/", pledges.pledge_list, name="pledge_list"),
    path("pledges/new/", pledges.pledge_create, name="pledge_create"),
    path("pledges/totals/", pledges.pledge_totals, name="totals"),
    path("pledges/<int:pk>/", pledges.pledge_detail, name="pledge_detail"),
    path("pledges/<int:pk>/accept/", pledges.pledge_accept, name="pledge_accept"),
    path("pledges/<int:pk>/match/", pledges.pledge_match, name="pledge_match"),
    path("pledges/<int:pk>/decline/", pledges.pledge_decline, name="pledge_decline"),
    path("pledges/<int:pk>/link/", pledges.pledge_link, name="pledge_link"),
    path("pledges/<int:pk>/cancel/", pledges.pledge_cancel, name="pledge_cancel"),
    path("pledges/<int:pk>/deliver/", pledges.pledge_deliver, name="pledge_deliver"),
    path("pledges/<int:pk>/verify/", pledges.pledge_verify, name="pledge_verify"),
    path("pledges/<int:pk>/reject/", pledges.pledge_reject, name="pledge_reject"),
    path("pledges/<int:pk>/receipt.pdf", pledges.pledge_receipt, name="pledge_receipt"),
    path("pledges/<int:pk>/certificate.pdf", pledges.pledge_certificate, name="pledge_certificate"),
    path("pledges/evidence/<int:pk>/", pledges.pledge_evidence, name="pledge_evidence"),
    # Matching: donors ranked for a need, allocation proposals confirmed line by line
    path("needs/<int:pk>/donors/", matching.need_donors, name="need_donors"),
    path("matching/", matching.matching_home, name="matching"),
    path("matching/<int:pk>/", matching.proposal_detail, name="proposal"),
    path("matching/<int:pk>/confirm-all/", matching.proposal_confirm_all, name="proposal_confirm_all"),
    path("matching/<int:pk>/close/", matching.proposal_close, name="proposal_close"),
    path("matching/lines/<int:pk>/confirm/", matching.line_confirm, name="line_confirm"),
    path("matching/lines/<int:pk>/reject/", matching.line_reject, name="line_reject"),
    # The public page (no login): approved open needs and visitors' offers
    path("public/", public.public, name="public"),
    path("public/needs/<int:pk>/", public.public_need, name="public_need"),
    path("public/needs/<int:pk>/offer/", public.public_offer, name="public_offer"),
    path("public/thanks/", public.public_thanks, name="public_thanks"),
]
