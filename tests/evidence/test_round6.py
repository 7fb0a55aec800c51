"""Rules added in rounds 6-12, each on a sentence written for the test (not from the articles)."""

from __future__ import annotations

from typing import Any

import pytest

from foedus.evidence import embed, nlp, rank, read_string


@pytest.fixture(autouse=True)
def _rules_only():
    with embed.using(None), nlp.using(None), rank.using(None):
        yield


def _st(ev: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(s["actor"], s["issue"], s["direction"]) for s in ev["stances"]}


def _kinds(ev: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [f for f in ev["flags"] if f["kind"] == kind]


def test_transcript_labels_make_the_guest_the_holder():
    text = (
        "Radio Baltica, 9 December 2025\n\nOur guest is Polish Prime Minister Donald Tusk.\n\n"
        "PRESENTER: Will Poland send soldiers?\n"
        "TUSK: Polish troops will not be stationed in Ukraine.\n"
        "PRESENTER: Thank you.\n"
    )
    assert ("POL", "foreign_troops", "oppose") in _st(read_string(text, "t.txt"))


def test_capitalised_labels_without_a_known_guest_are_not_an_interview():
    # were these lines read as an interviewer's questions, their stances would be nobody's
    text = "WARSAW: 9 December 2025\n\nBERLIN: Germany will send troops to Ukraine.\nPARIS: nothing new.\n"
    assert ("DEU", "foreign_troops", "support") in _st(read_string(text, "t.txt"))


def test_a_negative_subject_denies_the_clause():
    text = "WARSAW, 2 December 2025 - Nobody in the Polish government will ask Ukraine to cede the Donbas."
    assert ("POL", "territory", "support") not in _st(read_string(text, "t.txt"))


def test_coordinated_and_plural_subjects_each_hold_the_stance():
    one = "PARIS, 2 December 2025 - France and the United Kingdom have said they would lead a reassurance force."
    assert {("FRA", "foreign_troops", "support"), ("GBR", "foreign_troops", "support")} <= _st(
        read_string(one, "a.txt")
    )
    two = (
        "PARIS, 2 December 2025 - Italy and Spain met in Rome on Monday. "
        "Both governments have said they are ready to commit forces to a reassurance mission."
    )
    assert {("ITA", "foreign_troops", "support"), ("ESP", "foreign_troops", "support")} <= _st(
        read_string(two, "b.txt")
    )
    prep = "PARIS, 2 December 2025 - Talks between France and Germany said little; a reassurance force was discussed."
    assert ("DEU", "foreign_troops", "support") not in _st(read_string(prep, "c.txt"))


def test_a_modal_in_a_reported_clause_is_the_speakers_intention():
    text = "LONDON, 2 December 2025 - Keir Starmer has said British troops would deploy to Ukraine after a truce."
    assert ("GBR", "foreign_troops", "support") in _st(read_string(text, "t.txt"))


def test_idioms_of_support_and_opposition():
    back = "BERLIN, 2 December 2025 - Germany has thrown its full weight behind the reparations loan."
    assert ("DEU", "frozen_assets", "support") in _st(read_string(back, "a.txt"))
    cold = "BRUSSELS, 2 December 2025 - Belgium poured cold water on using the frozen Russian assets."
    assert ("BEL", "frozen_assets", "oppose") in _st(read_string(cold, "b.txt"))


def test_a_conditional_concession_is_a_shift_and_its_condition_support():
    text = (
        "KYIV, 2 December 2025 - Ukraine is prepared to give up its bid to join NATO if it receives binding "
        "security guarantees from its partners."
    )
    got = _st(read_string(text, "t.txt"))
    assert ("UKR", "nato", "shift") in got and ("UKR", "guarantee", "support") in got
    assert ("UKR", "nato", "oppose") not in got


def test_number_words_up_to_ninety_nine_are_compared_with_digits():
    text = (
        "VILNIUS, 3 December 2025 - Radars tracked seventeen drones near the border overnight.\n\n"
        "The army said the 12 drones had flown in two groups."
    )
    flags = _kinds(read_string(text, "t.txt"), "internal-contradiction")
    assert flags and "17 drones earlier, 12 here" in flags[0]["detail"]


def test_received_wisdom_is_an_unsupported_claim():
    text = (
        "BRUSSELS, 3 December 2025 - It is now widely accepted in European capitals that the loan is dead. "
        "Few serious analysts dispute that the summit failed."
    )
    assert len(_kinds(read_string(text, "t.txt"), "unsupported-claim")) == 2


def test_a_member_state_described_as_outside_nato_in_other_words():
    text = "HELSINKI, 3 December 2025 - Finland, a NATO hopeful, hosted a naval drill with Estonia."
    flags = _kinds(read_string(text, "t.txt"), "anachronism")
    assert flags and "Finland is already a member of NATO" in flags[0]["detail"]
    past = (
        "HELSINKI, 3 December 2025 - Finland, which joined NATO in 2023 after decades outside the alliance, "
        "hosted a drill."
    )
    assert not _kinds(read_string(past, "p.txt"), "anachronism")


def test_more_aggregator_links():
    text = (
        "EVENING BRIEFING, 3 December 2025\n\nDrones over Poland.\n\nMore on this story\n\n"
        "Sanctions talks in Brussels.\n\nSee also\n\nA cable cut in the Baltic.\n"
    )
    assert _kinds(read_string(text, "t.txt"), "aggregator")


def test_unknown_people_are_found_again_by_surname_and_pronoun():
    text = (
        "RIGA, 3 December 2025 - Latvian President Edgars Rinkevics met the NATO commander on Monday. "
        "Later Rinkevics spoke to reporters. "
        '"We will not be intimidated by anyone at all," he said.'
    )
    quotes = read_string(text, "t.txt")["quotes"]
    assert quotes[0]["speaker"] == "Edgars Rinkevics"


def test_comma_lists_name_the_speaker_not_the_clause():
    text = (
        "BERLIN, 3 December 2025 - Chancellor Friedrich Merz has cancelled a trip to Paris, and a government "
        'spokesman in Berlin said the chancellor was "convinced that a solution can be found soon".\n\n'
        'Andriy Yermak, who leads the Ukrainian delegation, said the talks were "very productive indeed today".'
    )
    speakers = [q["speaker"] for q in read_string(text, "t.txt")["quotes"]]
    assert speakers[0].startswith("(unnamed) a government spokesman")
    assert speakers[1] == "Andriy Yermak"


def test_a_wished_for_trigger_is_not_an_event():
    text = "KYIV, 3 December 2025 - Zelensky wants any American guarantee ratified by Congress next year."
    assert not [e for e in read_string(text, "t.txt")["events"] if e["kind"] == "legislation"]


def test_an_unknown_person_given_two_offices():
    text = (
        "BRUSSELS, 3 December 2025 - Belgian Prime Minister Jan De Smedt said no on Monday.\n\n"
        "Later, Foreign Minister De Smedt repeated that Belgium would not change its mind."
    )
    flags = _kinds(read_string(text, "t.txt"), "internal-contradiction")
    assert flags and "Jan De Smedt is called prime minister and also foreign minister" in flags[0]["detail"]


def test_a_speaker_named_by_office_is_the_holder_on_the_date():
    text = 'MOSCOW, 3 December 2025 - Talks ended late. "We have made no concessions at all," the Russian leader said.'
    assert read_string(text, "t.txt")["quotes"][0]["speaker"] == "Vladimir Putin"
    nato = 'BRUSSELS, 3 December 2025 - "Allies are united on this question," NATO\'s secretary general said.'
    assert read_string(nato, "n.txt")["quotes"][0]["speaker"] == "Mark Rutte"


def test_a_pronoun_refers_to_the_subject_before_it_not_to_a_possessor_or_a_later_name():
    text = (
        "KYIV, 3 December 2025 - Foreign Minister Andrii Sybiha took aim at Zakharova's threat. "
        '"Moscow does not get a veto over who helps us," he wrote.\n\n'
        'Donald Trump, speaking in the Oval Office, was upbeat. He said Putin "wants to make a deal" soon.'
    )
    speakers = [q["speaker"] for q in read_string(text, "t.txt")["quotes"]]
    assert speakers == ["Andrii Sybiha", "Donald Trump"]


def test_it_said_is_the_institution_and_this_person_the_unnamed_source():
    text = (
        "LONDON, 3 December 2025 - The Russian embassy in London dismissed the move. "
        '"These restrictions have not worked before and will not work now," it said.\n\n'
        'A second official said Washington wanted a deal. "Nobody wants to say it out loud," this person said.'
    )
    speakers = [q["speaker"] for q in read_string(text, "t.txt")["quotes"]]
    assert speakers[0] == "The Russian embassy in London" and speakers[1].startswith("(unnamed)")


def test_the_president_of_the_european_council_is_not_a_head_of_state():
    text = "BRUSSELS, 20 December 2025 - António Costa, the president of the European Council, praised the deal."
    assert not _kinds(read_string(text, "t.txt"), "anachronism")
    envoy = "MOSCOW, 3 December 2025 - Steve Witkoff, President Donald Trump's special envoy, met Putin."
    assert not _kinds(read_string(envoy, "e.txt"), "anachronism")


def test_a_slanted_report_is_opinion_but_one_loaded_word_in_a_wire_is_not():
    slanted = (
        "BRUSSELS, 19 December 2025 - EU ministers blinked again on Friday. After weeks of fanfare, they chose "
        "the option that frightens nobody in Moscow, and the minister put a brave face on it."
    )
    flags = _kinds(read_string(slanted, "s.txt"), "opinion")
    assert flags and "'fanfare'" in flags[0]["detail"]
    wire = "BRUSSELS, 19 December 2025 - Ministers met on Friday. Critics called the outcome a fiasco for the bloc."
    assert not _kinds(read_string(wire, "w.txt"), "opinion")


def test_a_markdown_listicle_counts_its_numbered_headings():
    text = (
        "# 5 Things to Know About the Loan\n\n3 December 2025\n\n"
        "## 1. What is it?\n\nA loan.\n\n## 2. Who pays?\n\nNobody yet.\n\n## 3. When?\n\nSoon.\n\n"
        "## 4. Why now?\n\nMoney runs out.\n\n## Final thoughts\n\nWatch this space.\n"
    )
    flags = _kinds(read_string(text, "l.md"), "self-description-mismatch")
    assert flags and "announces 5 things but has 4" in flags[0]["detail"]


def test_a_member_expected_to_become_a_member_and_a_deputy_title():
    text = "STOCKHOLM, 20 November 2025 - Sweden, which expects to become NATO's newest member next year, held a drill."
    assert _kinds(read_string(text, "s.txt"), "anachronism")
    two = (
        "MOSCOW, 3 December 2025 - Yuri Ushakov, Putin's foreign-policy aide, spoke first.\n\n"
        "Later, Deputy Foreign Minister Yuri Ushakov said the talks would go on."
    )
    flags = _kinds(read_string(two, "t.txt"), "internal-contradiction")
    assert flags and "aide and also deputy foreign minister" in flags[0]["detail"]


def test_no_serious_doubt_among_experts_is_unsupported():
    text = "KYIV, 3 December 2025 - There is no serious doubt among Western planners that the line will hold."
    assert _kinds(read_string(text, "t.txt"), "unsupported-claim")


def test_an_attribution_later_in_the_sentence_and_an_office_named_without_a_name():
    text = (
        'BRUSSELS, 19 December 2025 - Hungary would not pay "one more forint" for this lost war, '
        "the Hungarian prime minister said on Friday.\n\n"
        "The Ukrainian president thanked the leaders for the loan. "
        '"The aggressor must pay for every town it has destroyed," he said.'
    )
    speakers = [q["speaker"] for q in read_string(text, "t.txt")["quotes"]]
    assert speakers == ["Viktor Orbán", "Volodymyr Zelensky"]


def test_an_actor_after_a_preposition_is_not_the_agent():
    text = "LONDON, 3 December 2025 - After a call with Kyiv, Britain imposed sanctions on 20 Russian tankers."
    events = [e for e in read_string(text, "t.txt")["events"] if e["kind"] == "sanction"]
    assert events and events[0]["actors"][0] == "GBR"


def test_a_state_and_office_without_any_name_in_the_article_is_the_gazetteer_holder():
    text = (
        "KYIV, 3 December 2025 - Talks went on. "
        '"We will not give away our land, not now and not ever," the Ukrainian president said.'
    )
    assert read_string(text, "t.txt")["quotes"][0]["speaker"] == "Volodymyr Zelensky"


def test_a_deputy_title_after_a_name_is_the_deputy_office():
    from foedus.evidence.extract import Reader

    r = Reader("LONDON, 3 December 2025 - David Lammy, the deputy prime minister, spoke.", None)
    assert [r.descriptor(m)[0] for m in r.mentions] == ["deputy prime minister"]


# ---------------------------------------------------------------- round 12: quote speakers by structure
def _speakers(text: str) -> list[str | None]:
    return [q["speaker"] for q in read_string(text, "t.txt")["quotes"]]


def test_a_quote_inside_a_participle_of_speech_is_the_subjects():
    text = (
        "MOSCOW, 4 December 2025 - Sergei Lavrov spoke first. Dmitry Peskov was more cautious on Thursday, "
        'telling reporters that it would be "too early to talk about any kind of timetable" for the talks.'
    )
    assert _speakers(text) == ["Dmitry Peskov"]


def test_a_quote_running_on_into_its_sentence_has_no_attribution_after_it():
    # without the guard, "the American plan and repeated" would be read as the speaker after the quote
    text = (
        "MOSCOW, 4 December 2025 - Foreign Minister Sergei Lavrov accused Brussels of trying to "
        '"wreck" the American plan and repeated that Russia would not accept European troops.'
    )
    assert _speakers(text) == ["Sergei Lavrov"]


def test_a_name_after_a_long_title_with_an_institution_and_a_state():
    text = (
        "MOSCOW, 4 December 2025 - Euroclear said nothing. The official representative of the Ministry of "
        "Foreign Affairs of Russia "
        'Maria Zakharova on her weekly briefing called the seizure "a theft that will not go unanswered".'
    )
    assert _speakers(text) == ["Maria Zakharova"]


def test_a_name_beats_the_description_beside_it():
    text = (
        "BRUSSELS, 4 December 2025 - Kaja Kallas, the EU's foreign policy chief, put it bluntly on Monday: "
        '"Pressure is what brings Moscow to the table, and we will not lift it."'
    )
    assert _speakers(text) == ["Kaja Kallas"]


def test_a_pronoun_before_a_colon_and_an_unnamed_subject_before_a_pronoun():
    text = (
        "RIGA, 4 December 2025 - Mark Rutte arrived in Riga on Tuesday. Asked what a settlement needs, he "
        'was firm: "Guarantees that are real, not guarantees on paper." A border guard spokeswoman told '
        'reporters that two drones had crossed. "We tracked both of them for twenty minutes," she said.'
    )
    assert _speakers(text) == ["Mark Rutte", "(unnamed) A border guard spokeswoman"]


def test_an_interviewees_own_reported_words_and_authorities_as_speakers():
    text = (
        "Interview with Finnish Foreign Minister Elina Valtonen, 4 December 2025\n\n"
        'Q: Is the plan dead?\nA: No. I said it was "a starting point and nothing more", and I still think so.\n'
        "Q: And the drones?\nA: We are watching closely.\n\n"
        '"Our crews are restoring power to the hospitals first," regional authorities wrote on Telegram.'
    )
    assert _speakers(text) == ["Elina Valtonen", "regional authorities"]


# ---------------------------------------------------------------- round 13: statements, institutions, sources
def test_a_joint_statement_speaks_for_its_issuers():
    text = (
        "PARIS, 4 December 2025 - The call lasted two hours. Afterwards Britain and France issued a joint "
        'statement saying that their planners would be "ready to deploy within weeks of a ceasefire".'
    )
    q = read_string(text, "t.txt")["quotes"][0]
    assert q["speaker"] == "Britain and France (joint statement)" and q["actor"] == "GBR"


def test_an_institution_opening_the_sentence_speaks():
    text = (
        "CHISINAU, 4 December 2025 - Moldova protested. The Russian embassy rejected the protest as a "
        '"provocation staged for Brussels" and demanded proof.'
    )
    assert _speakers(text) == ["The Russian embassy"]


def test_sources_named_after_the_quote_but_not_the_media_that_carried_it():
    text = (
        'ANKARA, 4 December 2025 - The drone was shot down. It fell "in a safe area, away from homes and '
        'shipping lanes", according to defence ministry sources. Dmitry Peskov spoke later. He added that '
        'the deliveries "do not help the search for peace at all," according to Russian state media.'
    )
    assert _speakers(text) == ["(unnamed) defence ministry sources", "Dmitry Peskov"]


def test_in_someones_words_and_a_long_lead_before_the_subject():
    text = (
        'WARSAW, 4 December 2025 - Talks went on. The framework is "90% done and needs one last push", in '
        "Witkoff's words. In Warsaw, where candidates have argued for weeks over how far Poland can trust "
        'Washington, Prime Minister Donald Tusk called a return to the G8 "a reward for aggression, plain and simple".'
    )
    assert _speakers(text) == ["Steve Witkoff", "Donald Tusk"]


def test_a_reporter_and_a_mayor_without_names_are_unnamed_sources():
    text = (
        'BRUSSELS, 4 December 2025 - Mark Rutte took questions. "Is the alliance simply reacting to every '
        'drone?" the reporter asked. "We have asked for a radar here for two years," said the mayor of '
        "Plauru commune, which lies on the river."
    )
    speakers = _speakers(text)
    assert all(s is not None and s.startswith("(unnamed)") for s in speakers), speakers


def test_an_interview_without_labels_is_read_as_questions_and_answers():
    text = (
        "HELSINKI, 4 December 2025\n\nElina Valtonen has been Finland's foreign minister since 2023. We met "
        "her in her office for this interview.\n\nWhat did you think of the plan?\n\nIt was written with "
        "somebody else's interests in mind, and it was a disgrace.\n\nShould Ukraine give up land?\n\nNo. "
        "Ukraine must not give up any territory.\n\nWill you back the reparations loan?\n\nYes, we support "
        "the reparations loan.\n"
    )
    ev = read_string(text, "t.txt")
    assert ("FIN", "frozen_assets", "support") in _st(ev)
    assert not _kinds(ev, "opinion")  # the answers are the minister's words, not the outlet's
