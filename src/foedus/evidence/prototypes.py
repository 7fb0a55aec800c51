"""Short prototype descriptions for the optional embeddings path (foedus.evidence.embed).

Written from the issue definitions (docs/evidence.md, "Issues and what support means") and the event
kinds of the JSON contract, not from any article. Each is a label and a sentence in plain words; the
classifier is trained on these plus the dev articles' sentences that the rules labelled correctly.
"""

# ruff: noqa: E501

from __future__ import annotations

#: (issue|direction, sentence)
STANCE: list[tuple[str, str]] = [
    ("nato|support", "The country wants Ukraine to become a member of NATO."),
    ("nato|support", "Kyiv insists that membership of the Atlantic alliance remains its goal."),
    ("nato|support", "The government backs an invitation for Ukraine to join the alliance."),
    ("nato|oppose", "Moscow demands that Ukraine never join NATO."),
    ("nato|oppose", "The plan would bar Ukraine from the alliance and require permanent neutrality."),
    ("nato|oppose", "Washington has ruled out Ukrainian membership of the alliance."),
    ("nato|shift", "The government signalled it could drop its bid to join NATO in exchange for guarantees."),
    ("army_cap|support", "The plan limits the size of Ukraine's armed forces to a fixed ceiling."),
    ("army_cap|support", "Russia insists that Ukraine's military be cut to a smaller number of soldiers."),
    ("army_cap|oppose", "Kyiv refuses any limit on the size of its army."),
    ("army_cap|oppose", "Ukraine says no one can dictate how many soldiers it keeps."),
    ("army_cap|shift", "Kyiv indicated it could live with a higher ceiling on its troops."),
    (
        "foreign_troops|support",
        "The country is ready to send soldiers to a European force in Ukraine after a ceasefire.",
    ),
    ("foreign_troops|support", "Britain and France will lead a multinational contingent on Ukrainian soil."),
    ("foreign_troops|support", "Kyiv welcomes European troops on its territory."),
    ("foreign_troops|oppose", "Moscow rejects any presence of Western soldiers in Ukraine."),
    ("foreign_troops|oppose", "The government will not contribute troops to a mission in Ukraine."),
    ("foreign_troops|shift", "The government is reconsidering how many soldiers it could contribute to the mission."),
    ("guarantee|support", "Ukraine needs binding security guarantees similar to the alliance's mutual defence clause."),
    ("guarantee|support", "The allies pledged firm commitments to defend Ukraine if it is attacked again."),
    ("guarantee|oppose", "Washington refuses to give Kyiv a binding commitment to defend it."),
    ("guarantee|oppose", "Moscow rejects any Western security assurances for Ukraine."),
    ("guarantee|shift", "The administration now says it could offer some protection for Kyiv."),
    ("territory|support", "The plan would have Ukraine hand over the rest of the Donbas to Russia."),
    ("territory|support", "Moscow demands that Kyiv withdraw its forces from the regions it claims."),
    ("territory|support", "The front line would be frozen where it stands."),
    ("territory|oppose", "Ukraine will not give up any of its land."),
    ("territory|oppose", "Kyiv refuses to recognise occupied regions as Russian."),
    ("territory|oppose", "The government insists on restoring the country's internationally recognised borders."),
    ("territory|shift", "Kyiv signalled it might accept a ceasefire along the current front."),
    ("sanctions|support", "Russia wants the restrictive measures against it lifted."),
    ("sanctions|support", "The plan would ease economic penalties on Moscow step by step."),
    ("sanctions|oppose", "The bloc will keep the economic pressure on Moscow until the war ends."),
    ("sanctions|oppose", "The government refuses to relax the restrictive measures on Russia."),
    ("sanctions|shift", "The administration is considering easing some penalties on Russian banks."),
    (
        "frozen_assets|support",
        "The Commission proposes to use the immobilised Russian central bank money to fund Ukraine.",
    ),
    ("frozen_assets|support", "The country backs lending Kyiv the cash balances of the frozen reserves."),
    ("frozen_assets|oppose", "Belgium objects to touching the Russian state funds held in its clearing house."),
    ("frozen_assets|oppose", "Moscow warns that any seizure of its reserves would be theft."),
    ("frozen_assets|shift", "The government dropped its objection to the loan backed by the immobilised reserves."),
    ("g8", "Russia would be invited back into the Group of Eight."),
    ("none", "The talks are expected to continue next week in Geneva."),
    ("none", "The minister arrived in the capital on Tuesday for a two-day visit."),
    ("none", "Officials met for several hours behind closed doors."),
    ("none", "The report was published on the ministry's website."),
    ("none", "Markets fell on the news and the currency weakened."),
]
STANCE = [(label if "|" in label or label == "none" else label + "|support", text) for label, text in STANCE]

#: (event kind, sentence)
EVENT: list[tuple[str, str]] = [
    ("incident", "Russian drones violated the country's airspace overnight and were shot down."),
    ("incident", "A missile struck an energy facility, damaging a substation."),
    ("incident", "An undersea cable was severed and the authorities suspect sabotage."),
    ("incident", "Fighter jets entered the airspace without permission for twelve minutes."),
    ("deployment", "The government will send a battalion of soldiers to the eastern flank."),
    ("deployment", "Fighter jets were moved to an air base near the border."),
    ("deployment", "The alliance stationed additional air-defence systems in the region."),
    ("proposal", "The administration presented a new peace framework to both sides."),
    ("proposal", "The ministers put forward a counter-proposal with amended terms."),
    ("proposal", "The Commission suggested lending Kyiv money backed by the frozen reserves."),
    ("agreement", "The two governments signed an accord on security cooperation."),
    ("agreement", "Leaders reached a deal after overnight negotiations."),
    ("agreement", "A side agreement on prisoner exchanges was concluded."),
    ("legislation", "Parliament approved the bill by a large majority."),
    ("legislation", "Lawmakers ratified the treaty in a vote on Thursday."),
    ("sanction", "The bloc adopted new restrictive measures against Russian banks and tankers."),
    ("sanction", "Washington imposed penalties on two oil companies."),
    ("statement", "The foreign ministers issued a joint declaration after the meeting."),
    ("none", "Analysts expect the talks to drag on for months."),
    ("none", "The minister arrived in the capital on Tuesday for a two-day visit."),
    ("none", "The war began in February 2022."),
    ("none", "Prices of gas rose sharply over the winter."),
]
