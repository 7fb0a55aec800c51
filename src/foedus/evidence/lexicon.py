"""Word lists for events, stances and reliability cues (rule-based, documented in docs/evidence.md)."""

# ruff: noqa: E501  (word lists and patterns read better unbroken)

from __future__ import annotations

import re

SPEECH = (
    r"said|says|told|tells|added|adds|warned|warns|stressed|insisted|insists|wrote|writes|"
    r"argued|argues|noted|declared|stated|posted|replied|acknowledged|conceded|claimed|"
    r"remarked|explained|cautioned|announced|insisted|continued|asked|described|describes|hailed|repeated|repeats|"
    r"accused|accuses|posted|framed|qualified|dubbed|branded|urged|urges|vowed|vows|pledged|predicted|complained|"
    r"admitted|admits|recalled|responded|retorted|countered|quipped|tweeted|underlined|emphasi[sz]ed|put it"
)

# ---------------------------------------------------------------- events (kind, trigger regex)
EVENT_TRIGGERS: list[tuple[str, re.Pattern[str]]] = [
    (
        "incident",
        re.compile(
            r"\b((drones?|balloons?|missiles?|rockets?|projectiles?|helicopters?|debris)\b[^.]{0,60}\b(enter(s|ed)?|violat(es|ed)|"
            r"cross(es|ed)?|strikes?|struck|hits?|fl[eo]w into|landed|crashed|damag(ed|es)|launched from|breach(ed|es)|"
            r"strayed)|hybrid attacks?|(attack|assault)s? on [^.]{0,30}(infrastructure|city|port|plant|village|territory)|"
            r"violated [^.]{0,30}airspace|airspace violation|incursion|missile strikes?|"
            r"drone (attack|strike)s?|(launched|fired) [^.]{0,30}(missiles|drones)|"
            r"shell(ed|ing)\b|sabotage|cyber-?attack|struck [^.]{0,40}(city|port|plant|grid)|"
            r"air ?strikes?)",
            re.I,
        ),
    ),
    # passive voice, attacker unnamed: "a tanker was hit", "an explosion on a railway line"
    (
        "incident",
        re.compile(
            r"\b((tankers?|ships?|vessels?|ports?|plants?|power stations?|substations?|railways?|rail lines?|"
            r"pipelines?|cables?|depots?|refiner(y|ies)|trains?|bridges?|airports?|terminals?|warehouses?|"
            r"grid)\b[^.]{0,40}\b(was|were|has been|have been|had been) (hit|struck|attacked|damaged|targeted|"
            r"set on fire|set alight|blown up|sabotaged)|"
            r"(explosions?|blasts?|explosives?|saboteurs?) [^.]{0,20}\b(railway|rail line|tracks?|pipeline|cable|"
            r"depot|bridge|plant|substation|power line))\b",
            re.I,
        ),
    ),
    (
        "deployment",
        re.compile(
            r"\b(deploy(s|ed|ing)?\b|(?<!the )(?<!this )(?<!that )deployment of|"
            r"station(s|ed|ing)? [^.]{0,30}(troops|soldiers|brigade|jets)|"
            r"(sen[dt]s?|sending|dispatch(es|ed|ing)?|mov(es|ed|ing)|transferr?(s|ed|ing)?|redeploy\w*|forward-deploy\w*) [^.]{0,40}(troops|soldiers|jets|"
            r"fighter|frigate|warships?|battalion|brigade|air[- ]defen[cs]e|Patriot|squadron|helicopters|ships|vessels|"
            r"minehunters?|minesweepers?|corvettes?|destroyers?|submarines?|aircraft|planes|F-\d+s?|Eurofighters?|Typhoons?|"
            r"Gripens?|Rafales?|AWACS|tanks|artillery|HIMARS|engineers|marines|paratroopers|personnel|units|contingent|"
            r"forces|air[- ]policing|radars?|NASAMS|IRIS-T|SAMP/T)|"
            r"(troops|soldiers|jets|warships?|ships|vessels|minehunters?|aircraft|contingent|battalion|brigade|personnel|"
            r"marines|paratroopers|units|squadron|frigates?|corvettes?|patrol boats?|boats|Eurofighters?|F-\d+s?|"
            r"Gripens?|Rafales?|fighters|helicopters|drones)\b[^.]{0,40}\b(arrived|landed|docked|touched down|"
            r"took up positions|were deployed|have been deployed|were sent|were stationed|were moved|were dispatched|"
            r"(?:was|were) also dispatched|left [A-Z]\w+ to join|sailed (?:for|to))|"
            r"(beef|shor|step|ramp)\w* up [^.]{0,20}(military |troop |naval |air )?presence|"
            r"bolster(s|ed|ing)? [^.]{0,30}(air defen[cs]es?|presence|eastern flank|border)|"
            r"rotat(ed|ion of) [^.]{0,30}(troops|jets|battalion)|reinforce[ds]? [^.]{0,30}(flank|border|presence))",
            re.I,
        ),
    ),
    (
        "sanction",
        re.compile(
            r"\b(sanctions package|package of sanctions|(imposed|adopted|approved|announced|unveiled|agreed|slapped|levied|"
            r"expanded|widened) [^.]{0,40}(sanctions|penalties|export controls|travel bans|asset freezes)|sanctioned|"
            r"blacklisted|asset freezes?|added [^.]{0,40} to (its|the|their) sanctions list)\b",
            re.I,
        ),
    ),
    (
        "legislation",
        re.compile(
            r"\b((parliament|bundestag|sejm|congress|senate|verkhovna rada|rada|assembly|lawmakers|deputies|"
            r"house of representatives|lawmakers|legislators|MPs|senators|parliamentarians|legislature|Riigikogu|Saeima|"
            r"Seimas|Eduskunta|Riksdag|Storting|Folketing|Commons|National Assembly)\b[^.]{0,60}\b(passed|approved|voted|"
            r"ratified|adopted|backed|enacted|endorsed)|"
            r"(introduced|tabled|filed) (a |the )?[^.]{0,30}\b(bill|motion|legislation|draft law)|"
            r"(passed|adopted|approved|enacted) (a |the )?[^.]{0,30}\b(law|bill|act|motion|resolution|budget)\b|"
            r"\bbill\b[^.]{0,40}\b(passed|signed into law)|ratif(ied|ication))",
            re.I,
        ),
    ),
    (
        "agreement",
        re.compile(
            r"\b((signed|inked|initialled|initialed|concluded|finali[sz]ed) [^.]{0,50}(agreement|accord|deal|memorandum|"
            r"declaration|treaty|pact|protocol|letter of intent|contract|arrangement)|"
            r"(leaders|ministers|members|states|governments|allies|capitals) (chose|decided|opted|settled|approved|endorsed|"
            r"backed|signed off)\b|(struck|clinched|sealed|concluded) (an|a|the) [^.]{0,30}(deal|agreement|accord|pact)|"
            r"(agreement|accord|deal|treaty) was signed|reached (an|a) (agreement|deal)|"
            r"agreed (on|to) (a|an|the) [^.]{0,30}(deal|framework|agreement|text)|"
            r"(allies|leaders|ministers|members|states|governments|sides|parties) agreed\b)",
            re.I,
        ),
    ),
    (
        "proposal",
        re.compile(
            r"\b((sent|delivered|submitted|handed over|presented|returned|gave) (its|their|his|her|a) "
            r"(written )?(response|reply|answer|counter-?proposal|amendments|revisions|counter-?offer)|"
            r"(plan|proposal|loan|package|framework|draft|scheme|text) (that |which )?(the )?[A-Z][\w ]{0,40}? "
            r"(had |has |have )?(proposed|drafted|tabled|put forward|floated|unveiled|presented)\b|"
            r"(proposed|presented|tabled|unveiled|drafted|put forward|submitted|circulated|floated|outlined|laid out) "
            r"[^.]{0,60}(plan|proposal|draft|framework|text|points|roadmap|blueprint|initiative|formula|non-paper|"
            r"term sheet|settlement terms)|counter-?proposal|"
            r"(drew up|came up with|pitched|put on the table|sent over|handed) (a|an|the|its|their) [^.]{0,40}"
            r"(plan|proposal|draft|framework|text|roadmap|blueprint|offer)|"
            r"(\d+|twenty|twenty-eight|28|20)-point (peace )?plan|peace plan|draft (framework|plan)|"
            r"offer(ed|s)? [^.]{0,40}(guarantee|plan|deal|proposal|protections?|assurances?|terms|ceasefire)|"
            r"(plan|proposal|draft|framework)s? (was|were|is|has been|had been) (proposed|presented|tabled|"
            r"unveiled|drafted|put forward|submitted|written|drawn up|authored) by)",
            re.I,
        ),
    ),
    (
        "statement",
        re.compile(
            r"\b(joint (\w+ )?statement|issued a statement|said in a statement|communiqu[eé]|declaration "
            r"(issued|adopted))",
            re.I,
        ),
    ),
]

INCIDENT_KIND: list[tuple[str, re.Pattern[str]]] = [
    ("drone-incursion", re.compile(r"drones?\b[^.]{0,60}(airspace|entered|crossed)|drone incursion", re.I)),
    (
        "air-incursion",
        re.compile(r"(jets?|aircraft|fighters?|MiG|bombers?)[^.]{0,60}(violated|entered)[^.]{0,30}airspace", re.I),
    ),
    ("missile-strike", re.compile(r"missiles?", re.I)),
    ("cyberattack", re.compile(r"cyber", re.I)),
    ("sabotage", re.compile(r"sabotage|saboteur|severed|cable|explosion|blast|explosive|railway|rail line", re.I)),
    ("shelling", re.compile(r"shell(ed|ing)", re.I)),
    ("air-strike", re.compile(r"air ?strikes?|drone (attack|strike)s?|drones?[^.]{0,30}(struck|hit)", re.I)),
]

# ---------------------------------------------------------------- stances
#: issue -> list of (phrase regex, polarity toward the issue's proposition, anchor position)
#: propositions (what "support" means): see docs/evidence.md
ISSUES: dict[str, list[tuple[str, int, float | None]]] = {
    "nato": [
        (
            r"(renounc\w+|give up|abandon\w*|drop\w*|forgo\w*) (its |their |Ukraine's )?(bid|ambitions?|aspirations?) (to join|for) NATO",
            -1,
            0,
        ),
        (r"(renounc\w+|give up|abandon\w*|forgo\w*) NATO (membership|accession|ambitions?|aspirations?)", -1, 0),
        (r"non-?membership in NATO|outside NATO|neutral(ity| status)", -1, 0),
        (
            r"NATO (membership|accession|bid|aspirations?|ambitions?|path|door)|join(s|ed|ing)? (the )?(NATO|alliance)|membership (in|of) (NATO|the alliance)|invitation to join|accession to (NATO|the alliance)|alliance membership|Euro-Atlantic integration",
            1,
            None,
        ),
        (r"(neutral|non-aligned|non-bloc) (status|country|state)|ban on (joining )?NATO|NATO ban", -1, 0),
        (
            r"(NATO|alliance|Euro-Atlantic) (door|future|perspective|prospects?|hopes?|aspirations?|ambitions?)|"
            r"(bid|quest|drive|hope|hopes|path|road|route|push) (to|for|toward|towards|into) (join(ing)? |membership (of|in) )?(NATO|the (Atlantic )?alliance)|"
            r"membership (of|in) the (Atlantic |North Atlantic )?alliance|admi(t|tted|tting|ssion) (Ukraine )?(to|into) (NATO|the alliance)",
            1,
            None,
        ),
    ],
    "army_cap": [
        (r"600,000", 1, 600),
        (r"800,000", 1, 800),
        (r"85,000", 1, 85),
        (
            r"(cut|reduc\w+|shrink\w*|slash\w*) [^.]{0,30}(army|armed forces)|(army|armed forces) [^.]{0,20}(cut|reduced|shrunk)",
            1,
            None,
        ),
        (
            r"(cap|ceiling|limit)s? on (the size of )?(Ukraine's |Ukrainian |its |the )?(armed forces|army|military|troops)|(army|troop|force) (cap|ceiling)|"
            r"(cap(s|ped|ping)?|limit\w*|restrict\w*|downsiz\w+) (the size of )?(Ukraine's |the Ukrainian |Kyiv's |its )(army|armed forces|military)|"
            r"demilitari[sz]ation of Ukraine",
            1,
            None,
        ),
        (
            r"(ceiling|cap|limit|upper limit|maximum) of (\d{2,3},000|\d{2,3} 000|\d{3}k)|(\d{3},000)[- ](strong|troop|soldier|personnel)|"
            r"(shrink|downsiz|trim|slash|cut|reduc|demobili[sz])\w* (\w+ ){0,3}(military|army|armed forces|troop numbers|force levels)|"
            r"(limits?|caps?|ceilings?|restrictions?) on (the )?(size|strength|numbers?) of (Ukraine's |the Ukrainian |Kyiv's |its )?(military|army|armed forces|forces)",
            1,
            None,
        ),
    ],
    "foreign_troops": [
        (
            r"(send|deploy|station)\w* (\w+ ){0,2}(troops|soldiers|forces) (to|in|into) Ukrain|(troops|soldiers) [^.]{0,20}deployed (to|in) Ukrain",
            1,
            None,
        ),
        (r"(presence|deployment) of (any )?(foreign|European|Western|western|NATO) (troops|forces|soldiers)", 1, None),
        (
            r"(presence|deployment|stationing) of (\w+ ){0,3}(troops|forces|soldiers|personnel|contingents?)|"
            r"(troops|soldiers|forces) from (NATO|European|Western|western|allied|foreign) (countries|states|nations|armies)",
            1,
            None,
        ),
        (
            r"(reassurance|multinational|peacekeeping|stabili[sz]ation|security) (force|mission)|(European|allied|Western|western) contingent|(foreign|European|western|Western|British|French|NATO) (troops|soldiers|forces) (in|on|to) Ukrain|troops on Ukrainian soil|peacekeepers|boots on the ground|coalition of the willing",
            1,
            None,
        ),
        (
            r"(troops|soldiers|forces|personnel|contingents?|units|boots|peacekeepers|brigades?|battalions?)\b[^.]{0,30}\b"
            r"(deploy\w*|station\w*|sen[dt]\w*|bas(?:ed|ing)|post(?:ed|ing)|plac\w+|garrison\w*|position\w*|go|going) "
            r"(to|in|into|on|inside) (Ukrain|the country|Ukrainian soil)|"
            r"(Polish|German|Italian|Turkish|Dutch|Nordic|Baltic|Canadian|allied|Allied|American|US|Danish|Swedish|Finnish|Estonian) "
            r"(troops|soldiers|forces|contingent|personnel|boots) (in|on|to|inside|into) Ukrain|"
            r"(standing|ground|tripwire|protection|deterrence|guarantee|monitoring|observer|reassurance) (force|mission|presence) "
            r"(on the ground|in Ukraine)|(force|troops|presence) on the ground in Ukraine|(troops|forces) on Ukrainian (soil|territory)",
            1,
            None,
        ),
    ],
    "guarantee": [
        (r"(mirror\w*|modelled on|modeled on|similar to|like) Article 5|Article 5-(like|style)", 1, 55),
        (
            r"security guarantees?|guarantees? of (its |Ukraine's )?security|security (assurances|commitments)|backstop|guarantees? (for|to) (Ukraine|Kyiv)|collective[- ]defen[cs]e (clause|commitment)",
            1,
            None,
        ),
        (
            r"(security|defen[cs]e|mutual[- ]defen[cs]e) (pact|treaty|commitments?|umbrella|arrangements?|architecture|pledges?|promises?)"
            r" (for|with|to) (Ukraine|Kyiv)|(binding|ironclad|iron-clad|firm|credible|robust|legally binding|watertight|solid|"
            r"meaningful|real) (security )?(guarantees?|commitments?|assurances?)|guarantors?\b|"
            r"(defend|come to the aid of|come to the defen[cs]e of|protect) Ukraine",
            1,
            None,
        ),
    ],
    "territory": [
        (r"1991 borders", -1, 100),
        (
            r"freez\w+ [^.]{0,30}(line of contact|front ?line|current line)|(line of contact|front ?line) [^.]{0,20}(frozen|freeze)",
            1,
            50,
        ),
        (
            r"(recogni[sz]\w*|cede|ced\w+|hand(ing)? over|surrender\w*|give up|withdraw\w* from|leave|leaving|pull\w* out of) [^.]{0,40}(Donbas|Donetsk|Luhansk|Crimea|territor\w+|land)|territorial concessions?|land for peace|buffer zone|demilitari[sz]ed zone|"
            r"(recogni[sz]\w*|legitimi[sz]\w*) [^.]{0,30}(annexation|Russian control|as Russian)|(cede|ced\w+|surrender\w*|hand\w* over) (the )?(occupied|Zaporizhzhia|Kherson)",
            1,
            None,
        ),
        (r"(Ukraine's|Ukrainian|Kyiv's) territorial integrity|territorial integrity of Ukraine", -1, 100),
    ],
    "sanctions": [
        (
            r"(lift\w*|eas\w+|relax\w*|end\w*|remov\w+|roll\w* back|scrap\w*|drop\w*) [^.]{0,20}sanctions|sanctions relief|relief from sanctions|"
            r"sanctions (to be|be|being|were|are|would be|will be) (lifted|eased|relaxed|removed|dropped|scrapped|rolled back)",
            1,
            None,
        ),
        (
            r"(keep\w*|maintain\w*|tighten\w*|extend\w*|renew\w*|more|new|further|additional|stronger|tougher) [^.]{0,15}sanctions|sanctions (must|will) (stay|remain)|pressure on (Russia|Moscow)",
            -1,
            100,
        ),
        (
            r"(suspend\w*|unwind\w*|waiv\w+|phas\w+ out|rescind\w*|loosen\w*) [^.]{0,20}(sanctions|restrictions|embargo)|"
            r"(sanctions|restrictions|embargo|penalties) [^.]{0,20}(lifted|eased|relaxed|removed|suspended|unwound|waived|phased out)",
            1,
            None,
        ),
        (
            r"(prolong\w*|roll\w* over|ratchet\w* up|step\w* up|toughen\w*|widen\w*|expand\w*) [^.]{0,15}(sanctions|restrictions)|"
            r"(\d+(st|nd|rd|th)|twentieth|nineteenth|new|next|fresh) (sanctions )?package( of sanctions)?",
            -1,
            100,
        ),
    ],
    "frozen_assets": [
        (
            r"(frozen|immobili[sz]ed) (Russian |Russia's )?(central[- ]bank |state |sovereign )?(assets|funds|reserves)|reparations loan|windfall profits|"
            r"(seiz\w+|confiscat\w+|us(e|ing)) (the )?(Russian|Russia's) (central[- ]bank |state |sovereign )?(assets|funds|reserves)",
            1,
            None,
        ),
        (
            r"(frozen|immobili[sz]ed|blocked|seized|sanctioned) (\w+ ){0,3}(assets|funds|reserves|money|holdings|billions|cash)|"
            r"(Russian|Russia's|Moscow's|Kremlin's) (\w+ ){0,2}(central[- ]bank |state |sovereign )?(assets|funds|reserves|money|holdings)|"
            r"Euroclear|reparations? (loan|credit|facility)",
            1,
            None,
        ),
    ],
    "g8": [(r"\bG8\b|Group of Eight", 1, None)],
    "us-plan-2025-28pt": [(r"28-point (peace )?plan|twenty-eight-point plan", 1, None)],
    "us-plan-2025-20pt": [(r"20-point (peace )?plan|twenty-point plan", 1, None)],
    "e3-counterproposal-2025": [(r"(European|E3) counter-?proposal|counter-?proposal", 1, None)],
}
#: proposition each issue's "support" refers to, and the end of the negotiation scale it points to
PROPOSITIONS: dict[str, tuple[str, int]] = {
    "nato": ("Ukraine joins NATO", +1),
    "army_cap": ("a cap on Ukraine's armed forces", -1),
    "foreign_troops": ("foreign (European) troops in Ukraine", +1),
    "guarantee": ("strong security guarantees for Ukraine", +1),
    "territory": ("Ukraine cedes or freezes territory (concessions)", -1),
    "sanctions": ("sanctions relief for Russia", -1),
    "frozen_assets": ("using frozen Russian assets for Ukraine", +1),
    "g8": ("Russia returns to the G8", -1),
    "us-plan-2025-28pt": ("the US 28-point plan", 0),
    "us-plan-2025-20pt": ("the 20-point plan", 0),
    "e3-counterproposal-2025": ("the European counter-proposal", 0),
}
ISSUE_RE: dict[str, list[tuple[re.Pattern[str], int, float | None]]] = {
    issue: [(re.compile(p, re.I), pol, anchor) for p, pol, anchor in items] for issue, items in ISSUES.items()
}
#: strings at least one of which every phrase of an issue contains (anywhere in a word): the reader
#: runs an issue's phrase patterns only over the sentences that have one, which keeps the forty-odd
#: patterns from being tried at every position of the article. Keep in step with ISSUES; a test
#: checks that the filter changes nothing on the labelled articles and the written examples.
ISSUE_HINTS: dict[str, str] = {
    "nato": r"nato|alliance|atlantic|neutral|non-aligned|non-bloc|invitation to join|membership|accession",
    "army_cap": r"\d{2,3}[, ]000|\d{3}k|army|armed|military|troop|force|demilitari",
    "foreign_troops": r"troop|soldier|force|contingent|boots|peacekeep|personnel|units|brigade|battalion|mission|presence|coalition",
    "guarantee": r"guarant|article 5|backstop|assurance|commitment|collective|pact|treaty|umbrella|arrangement|architecture|pledge|promise|defen|protect|aid of",
    "territory": r"1991|freez|frozen|donbas|donetsk|luhansk|crimea|territor|land|buffer|demilitari|annex|russian control|as russian|occupied|zaporizh|kherson",
    "sanctions": r"sanction|pressure|restriction|embargo|penalt|package",
    "frozen_assets": r"asset|fund|reserve|money|holding|billion|cash|euroclear|reparation|windfall",
    "g8": r"g8|group of eight",
    "us-plan-2025-28pt": r"28-point|twenty-eight-point",
    "us-plan-2025-20pt": r"20-point|twenty-point",
    "e3-counterproposal-2025": r"counter",
}
ISSUE_HINT_RE: dict[str, re.Pattern[str]] = {issue: re.compile(h, re.I) for issue, h in ISSUE_HINTS.items()}
#: the same hints for text lowered with ASCII_LOWER (four times faster than matching with re.I; the
#: hints are written in lower-case ASCII, and ASCII lowering keeps every character's position)
ISSUE_HINT_LOWER: dict[str, re.Pattern[str]] = {issue: re.compile(h) for issue, h in ISSUE_HINTS.items()}
ASCII_LOWER = str.maketrans({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})

#: stance cues that are phrases rather than verbs (the verb classes, negation and modality are in cues.py)
CUE_SHIFT = re.compile(
    r"\b(signall?ed (it|he|she|they) (could|might|would)|dropped (its|his|her|their) (demand|insistence|objection)|"
    r"(ready|willing|prepared) to (discuss|consider|talk about)|u-turn|reversed (its|his|her|their)|"
    r"changed (its|his|her|their) (position|stance|tune)|(left|leaves|leaving) the door open|"
    r"(could|can|might) live with|(set|sets|setting) aside|(put|puts|putting) on hold|(open|opened|opening) the door to|"
    r"(no longer|not necessarily) (insist|insists|insisted|demand|demands|demanded)|(warm|warmed|warming|warms) to|"
    r"(softened|softening|softens|eased|easing) (its|his|her|their) (stance|position|line|opposition|demands?))\b",
    re.I,
)
CUE_OPPOSE = re.compile(
    r"\b(out of the question|no way|off the table|not on the table|over (my|our|his|her|its|their) dead body|"
    r"a non-starter|"
    # idioms of opposition, by family: standing in the way, holding out, cold water, doubts, targets
    r"(stand|stood|standing|stands) in the way of|(held|hold|holding|holds) out against|dug in|digging in|"
    r"(pour|poured|pouring|pours) cold water on|(take|took|taking|takes) issue with|(push|pushed|pushing|pushes) back "
    r"(against|on)|(have|has|had|voiced|expressed|raised) (serious |deep |strong )?(doubts|reservations|concerns|misgivings) "
    r"(about|over|on)|(sceptical|skeptical|wary|cool|cold|hostile) (of|about|towards?|on)|legitimate targets?|"
    r"a (dangerous )?provocation|(won't|will not|would not|refuses? to|refused to) (hear of|countenance|entertain)|"
    r"(drag|dragged|dragging|drags) (its|their|his|her) feet|(put|puts|putting) the brakes on|"
    r"(say|said|says|saying) no to|(turn|turned|turning|turns) down|(shot|shoot|shooting|shoots) down)\b",
    re.I,
)
#: idioms of support (phrases; single verbs are in cues.py)
CUE_SUPPORT = re.compile(
    r"\b((throw|threw|thrown|throwing|throws|put|puts|putting) (its|their|his|her|the [\w-]+(?:'s|’s)?|[\w-]+(?:'s|’s)) "
    r"(full |considerable |political |whole )?weight behind|(get|got|getting|gets|line|lined|lining|lines|rally|rallied|"
    r"rallying|rallies) (up )?behind|(sign|signed|signing|signs) on to|(is|are|was|were) (firmly |squarely |fully )?"
    r"(behind|in favou?r of|on board with)|(make|made|making|makes) the case for|(lead|led|leading|leads) (the )?"
    r"(push|drive|charge|calls?) for|(is|are|was|were) (ready|willing|prepared) to (lead|join|contribute to|take part in))\b",
    re.I,
)

# ---------------------------------------------------------------- reliability cues
ANON = re.compile(
    r"\b((a|one|two|three|several|some|many|other) ([\w-]+ ){0,3}(officials?|diplomats?|sources?|aides?|insiders?|"
    r"people|persons?|officers?|advisers?|advisors?|negotiators?)|officials said|sources said|"
    r"people familiar with|person familiar with|on condition of anonymity|who asked not to be named|"
    r"who declined to be named|according to (sources|officials|insiders|people)|sources (close to|say|told)|"
    r"insiders|unnamed)\b",
    re.I,
)
#: weasel phrases, by pattern family: an unnamed crowd that believes, an appeal to what is known or
#: obvious, an impersonal "it is said", a hedge adverb, and "make no mistake"-style assertions
_CROWD = r"(?:many|most|some|numerous|countless|several|a (?:growing )?number of|a lot of|plenty of|lots of|a majority of|more and more)"
_CROWD_NOUN = r"(?:experts?|analysts?|observers?|commentators?|people|critics|scholars|specialists|watchers|insiders|pundits|historians|economists|westerners|europeans|americans|ukrainians|russians|voices)"
_BELIEF = r"(?:believe|agree|say|think|feel|fear|suspect|argue|accept|know|expect|assume|concede|warn|contend|maintain|doubt)s?"
WEASEL = re.compile(
    r"\b(" + _CROWD + r" (?:[\w-]+ ){0,2}" + _CROWD_NOUN + r" (?:now |privately |quietly |already )?" + _BELIEF + r"|"
    r"(?:everyone|everybody|nobody|no one|all serious|any serious|anyone serious|the whole world)(?: [\w-]+){0,4} (?:now )?(?:knows?|accepts?|agrees?|believes?|understands?|doubts?|admits?|sees?)|"
    r"(?:it is|it's|it has become|it remains) (?:now )?(?:clear|obvious|evident|plain|undeniable|beyond (?:any )?doubt|self-evident|"
    r"(?:widely |generally |commonly |broadly )?(?:known|accepted|believed|understood|acknowledged|agreed)|"
    r"(?:an )?(?:open |badly kept |poorly kept |worst-kept )?secret|no secret|common knowledge|an (?:established|undisputed) fact) that|"
    r"(?:an|the) (?:open|badly kept|poorly kept|worst-kept) secret|"
    r"(?:it is|it's|it was|it has been) (?:said|believed|thought|understood|rumou?red|claimed|felt|argued) that|"
    r"(?:there is|there's|there can be) (?:no|little) (?:serious |real |reasonable |genuine )?(?:doubt|question)"
    r"(?: (?:among|in|within) [^,.;]{1,40}?)? that|as (?:everyone|everybody|we all) knows?|needless to say|"
    r"it goes without saying|(?:studies|research|reports|surveys) (?:show|have shown|suggest|prove)|"
    r"observers (?:say|believe|agree)|reportedly|allegedly|supposedly|purportedly|some say|"
    r"it has emerged that|undeniabl[ey]|unquestionabl[ey]|make no mistake|let there be no doubt|"
    # received wisdom stated as fact: "it is an article of faith that", "few serious observers dispute"
    r"(?:it is|it's|it has (?:long )?been|it remains|it was) (?:now )?(?:an article of faith|axiomatic|a given|"
    r"(?:the )?(?:conventional|received|accepted) wisdom|a truism|settled|an established fact|taken for granted|"
    r"beyond (?:dispute|argument|question)|indisputable|incontrovertible|incontestable|an open question no longer)|"
    r"(?:few|no|hardly any|scarcely any) (?:serious |credible |informed |sane |reasonable |honest )?"
    r"(?:observers?|analysts?|experts?|one|people|commentators?|diplomats?|historians?|officials?|insiders?) "
    r"(?:would |could |now |still |seriously |really )?(?:disputes?|doubts?|questions?|denies|deny|disagrees?|contests?)|"
    r"(?:nobody|no one) (?:seriously |really |now |still )?(?:disputes?|doubts?|questions?|denies|contests?)|"
    r"(?:there is|there's|there is now) (?:a |broad |growing |wide |general |near-|near )?(?:consensus|agreement) (?:that|among)|"
    r"(?:as )?(?:is|was|has long been) (?:well|widely|universally|generally|commonly) (?:known|accepted|understood|"
    r"recogni[sz]ed|documented|established|acknowledged)|by (?:all|common|general) (?:accounts|consent|agreement)|"
    r"(?:history|experience) (?:shows|teaches|tells us|has shown|proves)|there is no longer (?:any )?(?:doubt|question)|"
    r"it is (?:now |increasingly )?(?:widely|generally|commonly|broadly|universally) (?:accepted|believed|understood|"
    r"acknowledged|agreed|assumed)(?: (?:in|among|across|by) [^,.;]{1,40}?)? that|the (?:facts|evidence|record) (?:speaks?|speak) for (?:itself|themselves))\b",
    re.I,
)
SECRET = re.compile(
    r"\b(secret|hidden|covert|confidential|leaked|undisclosed) [\w-]{0,20} ?(deal|annex|protocol|agreement|plan|clause|pact|understanding)s?\b",
    re.I,
)
AGGREGATOR = re.compile(
    r"\b(keep reading|continue reading|read more|read the full (story|article)|also read|related:|"
    r"more stories|click here|recommended for you|trending now|read next|most read|more on this(?: story| topic)?|"
    r"full story|see also|related (?:stories|coverage|articles|reading)|you may also like|don'?t miss|further reading|"
    r"read on|story continues|continue to (?:the )?(?:full )?(?:story|article))\b",
    re.I,
)
OPINION_LABEL = re.compile(
    r"^\W*(opinion|comment|commentary|op-ed|column|analysis|editorial|"
    r"viewpoint|perspective|essay)\b",
    re.I | re.M,
)
#: loaded words as lemma classes (stems): every inflection and derivation of a stem counts
#: ("coward", "cowardly", "cowardice"; "betray", "betrayal"; "appease", "appeasement")
EVALUATIVE_STEMS = (
    "disgrac",
    "shame",
    "betray",
    "appeas",
    "naive",
    "na\u00efve",
    "reckless",
    "coward",
    "absurd",
    "outrag",
    "capitulat",
    "surrender",
    "folly",
    "farce",
    "pathetic",
    "disastrous",
    "delusion",
    "catastroph",
    "humiliat",
    "craven",
    "feckless",
    "hypocri",
    "grotesque",
    "ludicrous",
    "idiocy",
    "idiotic",
    "insan",
    "madness",
    "scandalous",
    "despicable",
    "contemptible",
    "cynical",
    # the vocabulary of slanted reporting: courage and its lack, show and substance
    "blinked",
    "lose their nerve",
    "lost their nerve",
    "lose its nerve",
    "without the courage",
    "lacked the courage",
    "fanfare",
    "brave face",
    "victory lap",
    "bluster",
    "hollow",
    "feeble",
    "toothless",
    "pantomime",
    "gesture politics",
    "photo op",
    "much-vaunted",
    "much-touted",
    "self-styled",
    "predictabl",
    "as ever,",
    "spectacle",
    "bungl",
    "botch",
    "muddl",
    "impoten",
    "caved",
    "climbdown",
    "frightens nobody",
    "words with action",
    "talk is cheap",
    # general evaluative vocabulary of commentary (stems)
    "failure of nerve",
    "only itself to blame",
    "only themselves to blame",
    "should be ashamed",
    "wake up",
    "wake-up call",
    "head in the sand",
    "lost its nerve",
    "lack of courage",
    "moral failure",
    "paraly",
    "timid",
    "weak-knee",
    "hand-wring",
    "half-measure",
    "fig leaf",
    "charade",
    "complacen",
    "abdicat",
    "dereliction",
    "short-sighted",
    "shortsighted",
    "myopic",
    "blunder",
    "fiasco",
    "debacle",
    "travest",
    "pitiful",
    "laughable",
    "risible",
    "foolish",
    "stupid",
    "kowtow",
    "grovel",
    "sellout",
    "sell-out",
    "wishful thinking",
    "sleepwalk",
    "dither",
    "gutless",
    "pusillanim",
    "shambol",
    "posturing",
    "grandstand",
    "whitewash",
    "lip service",
    "empty words",
    "treacher",
    "spinel",
    "servil",
    "obscen",
    "monstrous",
    "barbar",
    "lunacy",
    "moronic",
    "abomination",
    # weakness and timidity as a class: "timid", "timidity", "flinch", "cower", "dither", "feeble", "supine"
    "flinch",
    "cower",
    "supine",
    "meek",
    "lily-livered",
)
EVALUATIVE = re.compile(
    r"\b(?:(?:" + "|".join(re.escape(w) for w in EVALUATIVE_STEMS) + r")[\w-]*|sham|vile)\b",
    re.I,
)
#: the author's own voice: stance adverbs and rhetorical frames of commentary, outside quotes
AUTHORIAL = re.compile(
    r"\b(?:frankly|honestly|sadly|regrettably|thankfully|mercifully|shamefully|alarmingly|astonishingly|"
    r"tellingly|predictably|to (?:its|his|her|their) credit|in truth|the truth is|let(?: us|'s) be (?:clear|honest)|"
    r"it is (?:high )?time (?:for|to)|enough is enough|the sooner .{1,40} the better|what (?:Europe|the West|"
    r"Washington|Brussels|Berlin|Kyiv) needs)\b",
    re.I,
)
FIRST_PERSON = re.compile(r"\b(I|I'm|I've|my|we|we're|our|us)\b")
_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
#: English number words from one to ninety-nine ("twenty-eight", "thirty two")
NUMBER_WORDS: dict[str, int] = {
    **{w: i + 1 for i, w in enumerate(_UNITS)},
    **{w: i + 10 for i, w in enumerate(_TEENS)},
    **{w: 10 * (i + 2) for i, w in enumerate(_TENS)},
    **{f"{t}{sep}{u}": 10 * (i + 2) + k + 1 for i, t in enumerate(_TENS) for k, u in enumerate(_UNITS) for sep in "- "},
}
#: a regex alternative for any of them, compact (a flat list of 171 words is slow to try at every
#: word boundary): tens with an optional unit, then teens, then units
NUMBER_WORD_RE = (
    "(?:"
    + "|".join(_TENS)
    + ")(?:[- ](?:"
    + "|".join(_UNITS)
    + "))?|"
    + "|".join(_TEENS[1:])
    + "|ten|"
    + "|".join(_UNITS)
)
_N_WORD = r"\d{1,2}|" + NUMBER_WORD_RE
SELF_DESCRIPTION = re.compile(
    r"(?:\b(?:in|these|the following|here are|our|its|my|top|explains?|explaining|lists?|covers?|gives?|sets? out|"
    r"outlines?|looks? at|examines?|walks? (?:you )?through|answers?|offers?|presents?|breaks? down|summari[sz]es?|"
    r"know|need to know) |: |^|^#{1,3}[ \t]*)(?:the |you )?(?P<n>"
    + _N_WORD
    + r") (?:key |main |big |essential |important |crucial |"
    r"simple |quick |short |core |central )?(?P<what>points|takeaways|things|reasons|lessons|questions|steps|facts|"
    r"parts|sections|items|issues|answers|scenarios|options|ways|myths|truths|signs|numbers|charts)\b(?! of the (?:\d|plan))",
    re.I | re.M,
)

# ---------------------------------------------------------------- references back to an issue
#: a definite reference ("the plan", "the use of the assets") takes the issue of an earlier phrase:
#: one whose words contain the same head noun, else (for generic heads) the last issue named in the
#: two sentences before. An elliptical commitment ("ready to deploy" with no object) takes the
#: force named just before.
ANAPHOR = re.compile(
    r"\b(?:the|this|that|such an?) (?:(?:use|seizure|confiscation) of (?:the )?)?(?P<head>plan|proposal|idea|scheme|"
    r"initiative|offer|loan|assets|draft|framework|force|guarantees?|cap|ceiling)\b(?!-| of\b)|"
    r"\b(?:ready|prepared|willing|plans?|intends?|agreed|offered|pledged|promised|will|would) to "
    r"(?P<verb>deploy|contribute|take part|participate)\b(?! (?:\w+ )?(?:troops|soldiers|forces|jets|ships))",
    re.I,
)
#: heads that may refer to any issue named just before (others need the same noun)
ANAPHOR_GENERIC = {"plan", "proposal", "idea", "scheme", "initiative", "offer", "draft", "framework"}
#: what a generic reference ("the plan") can point back to: something named as a plan-like thing
PLAN_NOUN = re.compile(r"\b(plan|proposal|loan|draft|framework|scheme|initiative|offer|deal)s?\b", re.I)
#: the country a peace is for: "the Ukraine peace plan" names the plan's subject, not its author
PEACE_SUBJECTS = {"UKR"}
PEACE_OF = re.compile(r"^\s+peace (plan|deal|talks|process|framework|proposal)", re.I)
#: verbs whose object is an actor that is not the clause's subject ("make Russia pay")
OBJECT_VERB = re.compile(
    r"\b(make|makes|making|made|let|lets|letting|help|helps|helped|helping|urge|urges|urged|urging|"
    r"ask|asks|asked|asking|force|forces|forced|forcing|press|presses|pressed|pressing|push|pushes|"
    r"pushed|pushing|persuade\w*|convinc\w+|compel\w*|allow\w*|leave|leaves|leaving|punish\w*|hand|hands|handed|"
    r"handing|give|gives|gave|giving|grant\w*|offer\w*|tell|tells|told|deny|denies|denied|send|sends|sent|"
    r"invit\w+|requir\w+|oblig\w+|call(?:s|ed)? on|reward\w*|exclud\w+|bar|bars|barred)\s+(the\s+)?$",
    re.I,
)


#: month names (and their three-letter and "sept" abbreviations) to month numbers
MONTHS: dict[str, int] = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
MONTHS.update({name[:3]: number for name, number in list(MONTHS.items())})
MONTHS["sept"] = 9
