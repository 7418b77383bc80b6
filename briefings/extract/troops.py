"""Troop counts: levels, changes and casualties, with status, country and force.

A number is a troop count when a troop noun follows it ("600 troops", "2,000
American troops", "1,000 personnel", "two members of the Iowa National Guard"),
or when the noun is elided after a level cue in a sentence about troops
("leaving fewer than 1,000 to ...", "troop levels had doubled to about 2,000").

- kind: casualty when the troops were killed or wounded; change when a movement
  verb governs the number ("withdraw 600", "deploy 500 more", "cut by 300"); level
  otherwise ("cut to 900", "leaving fewer than 1,000", "the roughly 1,000 remaining").
  "withdraw all of the 2,000 troops" is the current level plus a planned change.
- status: planned after will/would/plans to...; past after had/was/were or a
  past-tense level verb; current otherwise ("remaining").
- country: the place attached to the troops ("troops in Jordan", "presence in
  Syria"); a count placed only "in the region" is skipped (no country to file it
  under); with no place at all, the article's main country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefings.dates import DateMatch, FactDate
from briefings.extract.numbers import Number, find_numbers

COUNTRIES = (
    "Syria|Iraq|Jordan|Afghanistan|Kuwait|Qatar|Bahrain|Turkey|Türkiye|Israel|Lebanon|Yemen|Iran|Saudi Arabia"
    "|United Arab Emirates|UAE|Oman|Egypt|Libya|Somalia|Djibouti|Niger|Mali|Chad|Germany|Poland|Romania|Lithuania"
    "|Latvia|Estonia|Japan|South Korea|Korea|Philippines|Ukraine|Russia|Kosovo|Bosnia|Greenland|Taiwan|Cyprus"
    "|Gaza|West Bank|Venezuela|Panama|Haiti|Sudan|Norway|Italy|Spain|Britain|France|Australia|Europe"
)
_COUNTRY = re.compile(rf"\b({COUNTRIES})\b")
# Bases, cities and regions that name their country when the text does not ("at the Harir base and Erbil").
PLACE_COUNTRY = {
    "Baghdad": "Iraq", "Erbil": "Iraq", "Irbil": "Iraq", "Mosul": "Iraq", "Kirkuk": "Iraq", "Basra": "Iraq",
    "Harir": "Iraq", "Ain al-Asad": "Iraq", "Kurdistan Region": "Iraq", "Anbar": "Iraq", "Sulaymaniyah": "Iraq",
    "Damascus": "Syria", "Raqqa": "Syria", "Deir ez-Zor": "Syria", "Hasakah": "Syria", "Kobani": "Syria",
    "Manbij": "Syria", "al-Tanf": "Syria", "Tanf": "Syria", "Palmyra": "Syria", "Aleppo": "Syria", "Idlib": "Syria",
    "Qamishli": "Syria", "Rojava": "Syria", "Amman": "Jordan", "Tower 22": "Jordan", "Shaddadi": "Syria",
    "al-Shaddadi": "Syria", "Rumeilan": "Syria", "Rmeilan": "Syria", "Rumalyn": "Syria", "Tal Baydar": "Syria",
    "Conoco": "Syria", "Green Village": "Syria", "al-Omar": "Syria", "Latakia": "Syria", "Hmeimim": "Syria",
    "Tartus": "Syria", "Qayyarah": "Iraq", "Taji": "Iraq", "Balad": "Iraq", "Makhmur": "Iraq", "Fallujah": "Iraq",
    "Ramadi": "Iraq", "Tikrit": "Iraq", "Victory Base": "Iraq",
}  # fmt: skip
_PLACES = "|".join(re.escape(p) for p in sorted(PLACE_COUNTRY, key=len, reverse=True))
_PLACE_AFTER = re.compile(
    # The place must belong to this count: the span stops at another number or a coordinated clause
    # ("to 2,500 and cut its troops in Iraq" does not put the 2,500 in Iraq).
    r"(?:(?!\band\s+(?!Air\b)[a-z]+\s|\bbut\b|\d)[^,;:—–()]){0,60}?"
    r"(?:\b(?:in|from|out of|inside|into|to|across|throughout|within|stationed in|based in)\s+"
    r"(?:the\s+)?(?:(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west"
    r"|south-east|south-west)(?:ern)?\s+|(?:neighbou?ring|nearby|central|federal)\s+)?"
    rf"(?P<c>{COUNTRIES}|region\b|Middle East|West Asia|Gulf\b|area\b)"
    # "will remain at the Harir base": a base or city the gazetteer places in a country.
    rf"|\b(?:in|at|from|to|inside|near|called|named)\s+(?:the\s+)?(?P<p>{_PLACES})\b)"
)
# "In Iraq, where roughly 5,000 troops ...": a place that opens the clause the number is in.
_PLACE_OPENS = re.compile(
    # after a transcript's speaker label ("GEN. KRANE: In Iraq we have roughly 2,500")
    rf"(?:[A-Z][A-Z.'’ -]+:\s+)?(?:In|Inside|Across)\s+(?:the\s+)?(?P<c>{COUNTRIES})\s*,?\s"
)
# "... about 900 troops in Syria and roughly 2,500 in Iraq": a bare number placed in a country.
_PLACED_AFTER = re.compile(rf"\s+(?:in|inside)\s+(?:neighbou?ring\s+)?(?P<c>{COUNTRIES})\b")
# "..., including about 2,500 in Iraq", "... and 900 in Syria": a list that goes on from a troop count.
_LIST_CUE = re.compile(r"(?i)(?:\bincluding|\band|\bwith|\bof\s+(?:them|whom)|,)\s+(?:(?:some|about|around|roughly"
                       r"|nearly|approximately|more\s+than|fewer\s+than|over|under)\s+)?$")
_PLACE_BEFORE = re.compile(
    r"\b(?:troops?|forces?|presence|footprint|levels?|deployment|personnel|soldiers|contingent|garrison|mission)"
    r"\s+(?:(?:deployed|stationed|based|sent)\s+)?(?:in|inside|to)\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+|(?:neighbou?ring|nearby)\s+)?"
    rf"(?P<c>{COUNTRIES}|region\b|Middle East|Gulf\b)"
)
_TROOP_WORD = (
    r"(?i:troops|soldiers|forces|personnel|service\s?members|servicemen|servicewomen|marines|sailors|airmen|troop"
    r"|advisers|advisors|trainers|commandos|paratroopers|guardsmen|rangers)"
)
_NOUN_AFTER = re.compile(
    r"\s+(?:(?:more|additional|extra|other|new|remaining|further|of\s+(?:the|its|their)|[A-Z][\w.'’-]*|combat"
    r"|ground|active[- ]duty|special|operations|military|army|reserve|elite|regular|coalition|foreign|allied"
    r"|American|U\.S\.|US|National|Guard|support|rotational|residual|deployed|stationed|uniformed|service|and)\s+){0,5}"
    rf"(?P<noun>{_TROOP_WORD}|military\s+personnel|members\s+of\s+(?:the\s+)?(?:[\w-]+\s+){{0,4}}?"
    r"(?:Guard|Army|Navy|Marines|Marine Corps|Air Force|forces|military|Reserve))\b",
)
# "a Marine was killed", "one more U.S. service member": a single troop, counted only as a casualty.
_NOUN_AFTER_ONE = re.compile(
    r"\s+(?:(?:more|other|[A-Z][\w.'’-]*|American|U\.S\.|US|army|military|coalition|reserve|active[- ]duty)\s+){0,4}"
    r"(?P<noun>(?i:soldier|troop|service\s?member|serviceman|servicewoman|marine|sailor|airman|airwoman"
    r"|guardsman|paratrooper|commando|ranger|trooper))\b"
)
# Case-sensitive, no word boundary: a plain literal alternation is several times faster to scan for.
_CASUALTY_CUE = re.compile(r"killed|wound|injur|died|hurt|slain|suffered|sustained|condition|duty|treated|concussion"
                           r"|evacuat")
# The single troop's own fate, before any other number or a reported clause ("a soldier said 3 were killed").
_SINGLE_CASUALTY_AFTER = re.compile(
    r"(?:(?!\bsaid\b|\btold\b)[^.;\d]){0,80}?\b(?:was|were|has\s+been|had\s+been|is|been)\s+(?:\w+\s+)?"
    r"(?:killed|wounded|injured|hurt|slain)\b|[^.;,\d]{0,40}?\b(?:died|killed\s+in\s+action)\b"
    r"|[^.;,\d]{0,40}?\b(?:suffered|sustained)\s+(?:[\w-]+\s+){0,3}?(?:injuries|injury|wounds|concussions?)\b"
)
# "and some 20,000 have been wounded": the noun elided before a casualty verb.
_CASUALTY_ELIDED = re.compile(
    r"\s+(?:(?:others|more)\s+)?(?:were|was|have\s+been|had\s+been|are|been)\s+(?:\w+\s+)?"
    r"(?:killed|wounded|injured|hurt|slain)\b"
)
# "killed three soldiers and wounded more than 40 others": "others" stands for the troops just named.
_OTHERS_AFTER = re.compile(r"\s+others\b")
# Where an attack happened ("a drone attack on a base in north-east Jordan"): the casualties' country.
_LOCATIVE = re.compile(
    r"\bin\s+(?:the\s+)?(?:(?:north|south|east|west)\w*\s+|(?:north|south)-\w+\s+)?"
    rf"(?P<c>{COUNTRIES})\b"
)
_ELIDED_CUE = re.compile(
    r"\b(?:to|leaving|leave|leaves|left|keeping|keep|keeps|retain|retaining|with|at|of|from|numbered|numbering"
    r"|totalled|totaled|totalling|totaling|alongside|it's|it’s|it\s+is|stay|stays|stayed|remain|remains|remained)\s*$"
    # "out of the roughly 900 we have in Syria", "rather than the 5,100 listed before"
    r"|\b(?:out\s+of|rather\s+than|instead\s+of)\s+(?:the\s+)?$"
    # "In Iraq we have roughly 2,500", "we had a few hundred on the ground"
    r"|\b(?:we|they)\s+(?:have|had|still\s+have|now\s+have|keep|kept)\s*$"
)
# Further cues before an elided noun: "the number ... exceeded 1,200", "A small group, around 150, at a garrison",
# "by 2016 there were more than 5,000", "authorised a further 217", "he had sent 250 more".
_ELIDED_MORE_CUE = re.compile(
    r"(?i)\b(?:exceed(?:ed|s)?|topped|surpassed|passed)\s*$"
    r"|\b(?:group|contingent|detachment|team|unit|garrison|force)\s*,\s*$"
    r"|\bthere\s+(?:were|are|was|is|remain|remained|will\s+be|would\s+be|will\s+remain)\s*$"
    r"|\b(?:another|an additional|an extra|a further)\s*$"
    # "more than double the roughly 900 officials had cited", "the number was closer to 4,000"
    r"|\b(?:double|triple|twice|half|three\s+times|four\s+times)\s+(?:the\s+)?$"
    r"|\b(?:figure|number|total|level|count|tally|presence)\s+(?:was|is|were|are|stood|stands|had\s+been|has\s+been"
    r"|remained|remains)\s*$"
)
# "has fallen below 1,500", "rose above 2,000": the level a count moved past.
_MOVED_PAST = re.compile(
    r"\b(?:fallen|fell|fall|falls|dropped|drop|drops|risen|rose|rise|rises|grown|grew|grow|climbed|climb|slipped|slip"
    r"|dipped|dip|dips|sank|sink|sunk)\s*$"
)
# "About 275 returned", "about 600 remained", "250 more": the bare figure is the subject of a troop verb.
_BARE_SUBJECT = re.compile(
    r"\s+(?:(?:had|have|has|were|was|then|also|later)\s+)?(?:returned|remained|arrived|left|stayed|remain|stay)\b"
    r"|\s+(?:were|are|was|is)\s+(?:still\s+|then\s+)?(?:in\s+(?:the\s+)?(?:country|north\w*|south\w*|east\w*|west\w*"
    rf"|{COUNTRIES})|on\s+the\s+ground|there|deployed|stationed|based)\b"
)
# After a sentence about troops: "About 275 returned in June 2014", "by 2016 there were more than 5,000".
_FOLLOW_FIGURE = re.compile(
    r"(?i)(?:^|,\s+|\band\s+)(?:(?:about|some|roughly|around|nearly|only|just|more\s+than|fewer\s+than)\s+)?"
    r"\d[\d,]*\s+(?:had\s+)?(?:returned|remained|arrived|left|stayed|(?:were|are)\s+(?:still\s+)?(?:in|there|on\s+the"
    r"\s+ground)\b)\b"
    r"|\bthere\s+(?:were|are)\s+(?:(?:about|some|roughly|around|nearly|more\s+than|fewer\s+than)\s+)?\d[\d,]*\s*[.,;]"
    r"|\b(?:group|contingent|detachment|team|unit)\s*,\s+(?:(?:about|some|roughly|around|nearly)\s+)?\d[\d,]*\s*,"
)
_EXCEEDED = re.compile(r"(?i)\b(?:exceed(?:ed|s)?|topped|surpassed)\s*$")
_NOW = re.compile(r"\b(?:now|currently|at present|today)\b")
_NEW_CLAUSE = re.compile(r",\s+(?:and|but|while|whereas)\s|;")
_MORE_ELIDED = re.compile(r"\s+(?:more|additional|extra)\b(?=\s*[,.;]|\s+(?:to|in|into|on|by|and)\b)")
_FOLLOW_OK = re.compile(
    r"^(?:\s*(?:[,.;:)—–]|$)|\s+(?:to|behind|in|by|from|as|after|before|earlier|this|last|next|and|or|while"
    r"|with|at|on|over|under|during|when|following|since|until|there|now|currently|for)\b"
    # "out of the roughly 900 we have in Syria", "the roughly 900 officials had cited", "the 5,100 listed"
    r"|\s+(?:we|they)\s+(?:have|had)\b|\s+(?:that\s+)?(?:officials|it|they|the\s+Pentagon|[A-Z]\w+)\s+had\b"
    r"|\s+(?:listed|cited|given|reported|acknowledged|announced|published)\b"
    r"|\s+a\s+(?:year|month|week|decade)\s+(?:earlier|before|ago)\b"
    # "increasing to 300 the number of U.S. forces": the noun comes after the figure.
    r"|\s+the\s+(?:total\s+)?number\s+of\b)"
)
_TROOP_CONTEXT = re.compile(
    r"(?i)\b(?:troops?|troop levels?|forces|personnel|soldiers?|service ?members?|footprint|military presence|marines?"
    r"|sailors?|airm[ae]n|servicem[ae]n|advisers|advisors|trainers|commandos|paratroopers|regiment|squadron|battalion"
    r"|brigade|platoon"
    r"|number of (?:us |u\.s\. |american )?(?:troops|soldiers|forces)|national guard|members of the|rangers|guardsmen"
    r"|(?:its|the|their|our)\s+(?:[\w.-]+\s+){0,2}?(?:force|garrison|contingent|presence))\b"
)
_CASUALTY_AFTER = re.compile(
    r"^[^.;]{0,120}?\b(?:were|was|have been|had been|are|been|being|is)\s+(?:\w+\s+)?"
    r"(?:killed|wounded|injured|hurt|slain|hospitalized|hospitalised|medevaced|medically\s+evacuated)\b"
    r"|^[^.;,]{0,60}?\b(?:died|killed in action)\b"
    r"|^[^.;]{0,40}?\b(?:suffered|sustained|received)\s+[\"“]?(?:[\w-]+\s+){0,3}?(?:injuries|injury|wounds|concussions?"
    r"|burns)\b"
    # "were being evaluated for possible brain injuries", "were treated for concussion symptoms", "diagnosed
    # with traumatic brain injuries": the wounded counted while being assessed or cared for.
    r"|^[^.;]{0,60}?\b(?:evaluated|treated|assessed|examined|screened|diagnosed|hospitali[sz]ed)\s+(?:\w+\s+)?"
    r"(?:for|with)\s+(?:[\w-]+\s+){0,4}?(?:injur|wound|concussion|TBI|brain|symptom|burn|smoke)"
    # "four U.S. service members and one working dog wounded": a participle right after the casualties.
    r"|^(?:\s+and\s+(?:one|a|an|\d+|two|three|four|five)\s+[^.;,]{0,30}?)?\s+(?:(?:were|was)\s+)?"
    r"(?:killed|wounded|injured|hurt)\b(?!\s+(?:civilians|people|militants|fighters)\b)"
    # "had already returned to duty", "are in stable condition", "were flown to a hospital in Germany".
    r"|^[^.;]{0,60}?\b(?:returned|return|returning|been\s+returned|released)\s+to\s+(?:full\s+)?duty\b"
    r"|^[^.;]{0,60}?\bin\s+(?:stable|critical|serious|grave|good|fair)\s+condition\b"
    r"|^[^.;]{0,60}?\b(?:flown|taken|transported|evacuated|airlifted|moved|sent)\s+(?:\w+\s+){0,3}?to\s+"
    r"(?:a\s+|the\s+)?(?:[\w-]+\s+){0,3}?(?:hospitals?|medical|Landstuhl)\b"
    r"|^[^.;]{0,80}?\b(?:flown|taken|transported|evacuated|airlifted|sent)\b[^.;]{0,60}?\bfor\s+(?:further\s+|medical\s+)?"
    r"(?:treatment|care|evaluation|screening)\b"
    r"|^[^.;]{0,30}?\b(?:were|was|have\s+been|had\s+been)\s+(?:\w+\s+)?evacuated\b"
)
# "left 21 U.S. personnel with minor injuries", "leaves one service member in critical condition".
_LEFT_WITH_WOUNDS = re.compile(
    r"^[^.;]{0,50}?\b(?:with\s+(?:[\w\"“”-]+\s+){0,3}?(?:injuries|injury|wounds|concussions?|burns)\b"
    r"|in\s+(?:stable|critical|serious|grave)\s+condition\b|(?:dead|wounded|injured)\b)"
)
_CASUALTY_BEFORE = re.compile(
    r"\b(?:killing|killed|kills|wounding|wounded|wounds|injuring|injured|injures|hurting|lost|losing|loses)\s+"
    r"(?:at least\s+|another\s+)?$"
)
# "which lost two members in an ISIS attack": a unit's dead.
_LOST_BEFORE = re.compile(r"\b(?:lost|losing|loses|lose)\s+(?:at least\s+|another\s+)?$")
_LOST_MEMBERS = re.compile(r"\s+(?:of\s+its\s+)?(?:members|men|women|comrades|soldiers|troops|personnel)\b")
_LEFT_BEFORE = re.compile(r"\b(?:left|leaving|leaves|leave)\s+(?:at least\s+|another\s+)?$")
_CARED_FOR = re.compile(r"\b(?:hospitals?|medical|facilit\w*|flown|taken|evacuated|transported|airlifted|treated)\b"
                        r"[^.;]{0,40}$")
# "a drone attack on a Jordan military base", "the Syria outpost": a country named as the site of an attack.
_HOMECOMING = re.compile(
    r"(?i)\b(?:welcome[sd]?\s+(?:them\s+|him\s+|her\s+)?(?:home|back)|homecoming|returned\s+home|came\s+home"
    r"|coming\s+home|arrived\s+home|back\s+home|home\s+from\s+(?:a|their|the)\s+(?:\w+\s+)?deployment"
    r"|welcome-home|honou?red\s+during"
    # a rotation: one unit replacing another changes no level
    r"|took\s+over\s+from|taking\s+over\s+from|replaced\s+by|relieved\s+by|relieving|handed\s+over\s+to\s+(?:a|the)\s+"
    r"(?:\w+\s+){0,3}?unit|returned\s+from\s+(?:a|an|their|the)\s+(?:[\w-]+\s+){0,2}?(?:deployment|tour|rotation))\b"
)
# "soldiers from the Second Brigade Combat Team", "Soldiers from the South Dakota Army National Guard's 200th".
_UNIT_AFTER = re.compile(
    r"\s+(?:from|of|with)\s+(?:the\s+|a\s+|an\s+)?[^.;]{0,60}?\b(?i:brigade|battalion|company|regiment|division"
    r"|squadron|wing|guard|group|unit|detachment|team|cavalry|infantry|engineers?)\b"
)
# "more than 48,000 Russian troops have rotated through Syria": everyone who ever served, not a level.
_CUMULATIVE = re.compile(
    r"\s+(?:[\w-]+\s+){0,3}?(?:have|has|had)\s+(?:\w+\s+)?(?:rotated|served|passed|cycled)\s+(?:through|in)\b"
)
# "cut the number of American bases from eight to three": a count of something else than troops.
_OTHER_THINGS = (
    r"(?:bases|sites|outposts|installations|facilities|positions|posts|vehicles|trucks|convoys|aircraft|jets|planes"
    r"|helicopters|drones|missiles|rockets|shells|attacks|strikes|sorties|raids|villages|towns|cities|days|weeks"
    r"|months|hours|locations|bombs|flights|tanks|boats|ships|vessels|detainees|prisoners|civilians|fighters"
    r"|militants|casualties|deaths)"
)
_NUMBER_OF_THINGS = re.compile(
    rf"\b(?:number|count|total|tally)\s+of\s+(?:[\w.-]+\s+){{0,2}}?{_OTHER_THINGS}\b[^.;]{{0,60}}$"
    rf"|\b{_OTHER_THINGS}\s+(?:[^.;,]{{0,40}}?\s)?(?:from|to)\s+(?:[\w,]+\s+(?:to\s+)?)?$"
)
# "no surge of 10,000 troops", "there are no 5,000 troops": a figure denied.
_DENIED = re.compile(
    r"(?i)\bno\s+(?:\w+\s+)?(?:surge|increase|buildup|build-up|deployment|plans?|influx)\s+(?:of|for)\s+$"
    r"|\bthere\s+(?:are|were|is|was)\s+no\s+$"
)
# A fact-check's "CLAIM:" line states what is not so.
_CLAIM = re.compile(r"^\s*(?:CLAIM|THE CLAIM|Claim|FALSE|Viral claim)\s*:")
_PRONOUN_NUMBERS = re.compile(r"(?i)(?:they|these|those)(?:\s+troops|\s+forces)?\s+(?:number|numbered|total|totaled"
                              r"|totalled|are|were)\s+$")
_MOVING_GROUP = re.compile(
    rf"\b{_TROOP_WORD}\s+(?:(?:who|that)\s+)?(?:are|were|will\s+be)?\s*(?P<verb>leaving|withdrawing|pulling\s+out"
    r"|heading\s+home|going\s+home|coming\s+home|being\s+withdrawn|being\s+pulled|arriving|deploying"
    r"|being\s+deployed|being\s+sent)\b"
)
_SITE_OF_COUNTRY = re.compile(
    rf"\b(?:on|at|in)\s+(?:a|an|the)\s+(?:[\w-]+\s+)?(?P<c>{COUNTRIES})\s+(?:military\s+|air\s+|army\s+)?"
    r"(?:base|outpost|facility|garrison|airfield|camp)\b"
)
_ATTACK_SITE = re.compile(
    r"\b(?:attack|strike|raid|bombing|blast|explosion|ambush|collision)s?\b[^.;]{0,60}?\b(?:in|near|at|on)\s+"
    rf"(?:the\s+|a\s+)?(?:(?:north|south|east|west)\w*\s+)?(?:(?P<c>{COUNTRIES})|(?P<p>{_PLACES}))\b"
)
_EVACUATED = re.compile(r"\b(?:flown|taken|evacuated|transported|airlifted|moved|sent)\s+(?:\w+\s+){0,3}?to\b")
# "Fifteen of the injured", "two of them", "two of those": a number of the wounded standing for them.
_WOUNDED_SUBJECT = re.compile(
    r"(?:\s+of\s+(?:the|those|them|these)(?:\s+(?:injured|wounded|hurt|casualties|service\s?members|soldiers|troops"
    r"|personnel|Marines|Americans))?)?(?=\s)"
)
# "One soldier was treated for a concussion", "a Marine was evacuated": the single troop's own care.
_SINGLE_CARED_FOR = re.compile(
    r"\s+(?:was|has\s+been|had\s+been|is\s+being|is)\s+(?:\w+\s+)?(?:treated\s+for|evacuated|hospitali[sz]ed|flown\s+to"
    r"|medevaced|in\s+(?:stable|critical|serious)\s+condition)"
)
_CONJUNCTION = re.compile(r"^\s*(?:and|but|while|with)\s+")
_WOUNDED_BEFORE = re.compile(r"(?i)\b(?:the\s+)?(?:remaining|other|another|last)\s*$")
# "treated 11 of its troops for symptoms of concussion".
_TREATED_BEFORE = re.compile(r"\b(?:treated|treating|evacuated|medevaced|evaluated)\s+(?:at least\s+)?$")
_TREATED_FOR = re.compile(r"^[^.;]{0,60}?\bfor\s+(?:[\w-]+\s+){0,4}?(?:injur|wound|concussion|TBI|brain|symptom|burn"
                          r"|smoke)")
# "three of the service members", "five of them": part of a group the text has already counted.
_SUBSET = re.compile(r"\s+of\s+(?:the|its|their|them|those|these|whom|our|his|her)\b")
# A sentence about the wounded: its subsets ("three of the service members are in stable condition") are too.
_CASUALTY_TALK = re.compile(
    r"(?i)\b(?:killed|wound\w*|injur\w*|casualt\w*|concussion\w*|TBI|brain\s+injur\w*|condition|duty|hospital\w*"
    r"|evacuat\w*|medevac\w*|died|dead|hurt|treated|treatment)\b"
)
# "these 400 troops", "those 2,000 soldiers": a force the article has already counted.
_ANAPHOR = re.compile(r"(?i)\b(?:these|those)\s+(?:some\s+|about\s+|roughly\s+)?$")
# "the additional 1,100 troops", "most of the extra 250 personnel": the increase already told.
_THE_ADDITIONAL = re.compile(r"(?i)\b(?:the|these|those|its|their)\s+(?:additional|extra|new|added)\s*$")
# Counts scoped to one base or site: its complement is not the country's level.
_AT_SITE = re.compile(
    r"\s+(?:(?:[\w-]+|U\.S\.)\s+){0,4}?(?:(?:are|is|were|was|remain|remained)\s+)?(?:(?:(?:stationed|based|deployed"
    r"|posted|assigned|housed|present|serving)\s+)?(?:at|inside|on)|(?:deployed|sent|assigned|posted)\s+to)\s+"
    r"(?:the|a|an|that|this)\s+(?:[\w\'’.-]+\s+){0,4}?"
    r"(?:base|garrison|outpost|airfield|air\s+base|airbase|facility|compound|embassy|site|camp|installation|post"
    r"|airport|complex)\b(?!s)(?![^.;]{0,12}\b(?:and|or)\s+(?:other|several|many|two|three|four|five|\d+)\b)"
)
_TEAM_OF = re.compile(r"(?i)\b(?:teams?|units?|detachments?|squads?|crews?|cells?)\s+(?:of|with)\s+(?:\w+\s+)?$")
# The first place after the troops is a city or base of the gazetteer, not a country ("... are in Manbij").
_IN_ONE_PLACE = re.compile(
    # The place must be the troops' own ("Rangers are in Manbij"), not another noun's ("... while the new
    # authorities in Damascus consolidate control").
    r"\s+(?:(?:elite\s+|army\s+|U\.?S\.?\s+|American\s+)?(?:[A-Z][\w-]+\s+){0,2})?(?:(?:will|would|could|may|might)\s+)?(?:(?:are|were|is|was|be"
    r"|remain|remained|stay|stayed)\s+)?(?:(?:still|now|currently)\s+)?(?:(?:deployed|stationed|based|posted|serving)\s+)?"
    rf"(?:in|at|inside|near)\s+(?:the\s+)?(?:{_PLACES})\b"
    rf"(?![^.;]{{0,12}}\b(?:and|or)\s+(?:other|several|many|across))"
)
_SITE_HOSTS = re.compile(
    r"(?i)\b(?:base|garrison|outpost|airfield|airbase|facility|compound|site|camp|installation)\b[^.;]{0,40}?"
    r"\b(?:hosts?|hosted|hosting|houses|housed|housing|holds|held|home\s+to)\s+[^.;]{0,15}$"
)
_CHANGE_BEFORE = re.compile(
    r"\b(?P<verb>withdraw(?:s|ing|n|al\s+of)?|withdrew|pull(?:s|ed|ing)?(?:\s+out)?(?:\s+of)?|pullout\s+of"
    r"|remov(?:e|es|ed|ing|al\s+of)|departure\s+of|exit\s+of|redeploy(?:s|ed|ing|ment\s+of)?"
    r"|deploy(?:s|ed|ing|ment\s+of)?|send(?:s|ing)?|sent|dispatch(?:es|ed|ing)?|add(?:s|ed|ing)?"
    r"|bring(?:s|ing)?\s+home|brought\s+home|return(?:s|ed|ing)?\s+home|evacuat(?:e|es|ed|ing)|relocat(?:e|ed|ing)"
    r"|drawdown\s+of|draw(?:s|ing)?\s+down|drew\s+down|cut(?:s|ting)?|reduc(?:e|es|ed|ing|tion\s+of)"
    r"|increas(?:e|es|ed|ing)|boost(?:s|ed|ing)?|reinforc(?:e|es|ed|ing)|transfer(?:s|red|ring)?|move|moved|moving"
    r"|recall(?:s|ed|ing)?|bring(?:s|ing)?\s+back|brought\s+back|pull(?:s|ed|ing)?\s+back"
    r"|send(?:s|ing)?\s+(?:home|back)|sent\s+(?:home|back)|order(?:s|ed)?)"
    # "relocated a small contingent of (or) fewer than 50 soldiers": the group the verb moves.
    r"(?:\s+(?:a|an)\s+(?:[\w-]+\s+){0,3}?(?:contingent|detachment|team|group|unit|force|battalion)\s+(?:of|or))?"
    r"(?P<dets>(?:\s+(?:of|the|its|their|all|another|an|additional|some|about|roughly|around|approximately|nearly"
    r"|up|to|as|many|than|more|fewer|less|at|least|by|some|estimated|remaining|virtually|nearly))*)\s*$"
)
_DECREASE = re.compile(r"^(?:withdr|pull|remov|depart|exit|bring|brought|return|evacuat|drawdown|draw|drew|cut|reduc"
                       r"|recall|relocat|sen[dt]\w*\s+(?:home|back))")
# "cut its force in Syria by 400": a change, however far the verb is from "by".
_BY_BEFORE = re.compile(r"\b(cut|reduc\w*|lower\w*|shr[iu]nk\w*|trim\w*|increas\w*|boost\w*|rais\w*|expand\w*)\b"
                        r"[^,;.]{0,60}\bby\s*$")
# "1,000 troops will leave the north": the movement verb follows the noun.
_CHANGE_AFTER = re.compile(  # used with .match(text, pos): no "^", which would only match at 0
    r"\s+(?:(?:will|would|are|were|to|set|expected|due|have|had|has|began|begin|start(?:ed)?|also|then|soon|now"
    r"|be|been|being|could|may|might)\s+){0,3}(?P<verb>(?<=could\s)follow|(?<=may\s)follow|(?<=might\s)follow|leave|left|leaving|withdraw|withdrew|withdrawn|depart(?:ed|ing)?|exit(?:ed)?"
    r"|pull(?:ed)?\s+out|head(?:ed)?\s+home|return(?:ed)?\s+home|returned|crossed(?:\s+back)?\s+(?:into|out\s+of|over)|go\s+home|went\s+home|arrive[ds]?|arriving"
    r"|deployed|sent|redeployed|deploy|be\s+(?:deployed|sent|flown\s+in|flown|dispatched)|flown\s+in|fly\s+in"
    r"|fl(?:ew|own|y|ying)\s+(?:in)?to|came\s+home|come\s+home|coming\s+home|arrived\s+home|rolled\s+into"
    r"|be\s+(?:brought|sent|pulled)\s+(?:home|back|out)|be\s+(?:withdrawn|removed|redeployed)"
    r"|moved\s+into|entered)\b"
)
# "Over 400 US Marines involved in battling the group in Syria are being withdrawn": a participle phrase
# between the troops and their verb.
_PARTICIPLE_PHRASE = re.compile(
    r"(?:\s+(?:involved|fighting|battling|based|stationed|deployed|serving|assigned|working|operating|tasked)\b"
    r"[^,;.]{0,80}?|\s+(?:in|inside|at)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)(?=\s+(?:are|is|were|was|will|would|have|has"
    r"|had)\s)"
)
# "the total below 1,000", "it had stood at 3,100": a level noun or a pronoun stands for the troops.
_LEVEL_SUBJECT = re.compile(
    r"(?i)\b(?:it|they|(?:the|its|their|a|that|this)\s+(?:[\w.-]+\s+){0,2}?(?:figure|number|total|level|cap|force|contingent"
    r"|garrison|footprint|presence)|that(?:'s|’s|\s+is|\s+was)(?=\s+(?:down|up)\b))\b"
)
_LEVEL_NOUN_END = re.compile(
    r"(?i)\b(?:figure|number|total|level|cap|force|contingent|footprint|presence)(?:\s+of)?\s*$"
)
_FROM_BEFORE = re.compile(r"\bfrom\s*$")
_CHANGE_TO = re.compile(r"(?i)\b(?:reduc|cut|rais|increas|lower|fell|fallen|drop|shr[iu]nk|grew|grow|rose|risen|boost"
                        r"|doubl|tripl|halv|trim|swell|swoll|climb|jump|surg|expand|dwindl|declin)\w*\b[^,;]{0,60}"
                        r"\bto\s*$")
_TO_AFTER_FROM = re.compile(r"\bfrom\s+(?:[\w.]+\s+){0,3}?[\d,]+\s+(?:\w+\s+)?to\s*$")
_MORE_AFTER = re.compile(r"^\s+(?:more|additional|extra|further|new)\b")
_ANOTHER_BEFORE = re.compile(r"(?i)\b(?:another|an additional|an extra|a further)\s*$")
# "a further 250 would be flown in": the noun is elided after an additive and before a movement verb.
_FURTHER_MOVED = re.compile(
    r"(?i)\b(?:another|an additional|an extra|a further)\s+[\d,]+\s+(?:would|will|are|were|to)\b"
)
# "between 2,000 and 2,500 troops": one count, the upper figure the noun is attached to, as an estimate.
# "between 2,000 and 2,500 troops", "the 200 to 300 service members": a range, the figure its upper end.
# "from about 4,500 to 2,500", "trimmed by 500 to 2,500": a change, not a range.
_FROM_OR_BY = re.compile(r"\b(?:from|by)\s+(?:\w+\s+){0,2}$")
_RANGE_BEFORE = re.compile(r"(?:\bbetween\s+|(?<!from\s)(?<!\d))(?P<low>\d{1,3}(?:,\d{3})*|\d+)\s*(?:and|to|-|–)\s*$")
# "about 2,500 in Iraq and 900 in Syria": the second figure of a placed list shares the first one's hedge.
_LIST_AND_BEFORE = re.compile(rf"\bin\s+(?:{COUNTRIES})\s+and\s*$")
# "The new arrivals, numbering 48": a count of troops that just moved in.
_ARRIVALS_NUMBERING = re.compile(r"(?i)\b(?:arrivals|reinforcements|newcomers)\b[^.;]{0,40}\bnumbering\s*$")
# "bring the total of additional personnel authorized ... to approximately 3,000": a cumulative increase.
_ADDITIONAL_TOTAL = re.compile(r"(?i)\btotal\s+(?:number\s+)?of\s+(?:additional|extra|new)\b[^.;]{0,60}\bto\s*$")
# "an initial deployment of ... a contingent of some 200": what a deployment sends.
_DEPLOYMENT_OF = re.compile(
    r"(?i)\b(?:deployment|dispatch|surge)\s+of\b[^.;]{0,80}\b(?:contingent|detachment|force|team|unit|battalion"
    r"|group)\s+of\s*$"
)
# "the last of the 2,500 troops": the whole force that is there now.
_LAST_OF = re.compile(r"(?i)\b(?:the\s+)?last\s+of\s+(?:the|its|their)\s*$")
# "a force that rarely exceeded 5,000": a ceiling the level stayed under.
_CEILING = re.compile(r"(?i)\b(?:never|rarely|seldom|not|n't)\s+(?:\w+\s+)?(?:exceed(?:ed|s)?|topped|surpassed)\s*$")
# "Hezbollah withdrew at least 2,000 fighters": fighters count when a movement verb governs them.
_FORCE_NOUN = (
    r"(?:force|forces|contingent|battalion|brigade|unit|detachment|garrison|troops|army|militia|fighters|militiamen"
    r"|convoy|column|mission)"
)
_STRONG_NOUN_AFTER = re.compile(rf"\s+(?:[\w-]+\s+){{0,2}}?{_FORCE_NOUN}\b")
_STRONG_NOUN_BEFORE = re.compile(rf"\b{_FORCE_NOUN}\s+(?:(?:of\s+)?[\w-]+\s+){{0,2}}$")
_PLANNED = re.compile(r"(?i)\b(?:will|would|to\s+be|plans?\s+to|set\s+to|expected\s+to)\b")
_ORIGIN = re.compile(
    r"[^,;.]{0,60}?\b(?:from|out\s+of)\s+(?:the\s+)?(?:(?:north|south|east|west)\w*\s+|(?:north|south)-\w+\s+)?"
    rf"(?P<c>{COUNTRIES})\b"
)
_DESTINATION = re.compile(rf"[^,;.]{{0,40}}?\b(?:into|to|back\s+to|home\s+to)\s+(?:the\s+)?(?:{COUNTRIES})\b")
_FIGHTERS_MOVED = re.compile(
    r"(?i)\b(?:withdr[ae]w\w*|pull(?:ed|s)?(?:\s+out)?|sen[dt]s?|deploy(?:ed|s)?|mov(?:ed|es))\s+(?:[\w,]+\s+){0,3}?"
    r"(?:[\w-]+\s+)?(?:fighters|militiamen)\b"
)
_FIGHTERS = re.compile(r"\s+(?:[\w-]+\s+)?(?:fighters|militiamen|militants)\b")
_FUTURE = re.compile(
    r"(?i)\b(?:will|would|'ll|plans?\s+to|planning\s+to|planned|is\s+to|are\s+to|set\s+to|expected\s+to"
    r"|preparing\s+to|prepares\s+to|going\s+to|intends?\s+to|aims?\s+to|could|should|(?-i:may)|might|ordered"
    r"|agreed\s+to|decided\s+to|announced|proposed|considering|weighing|authori[sz]ed|approved|called\s+for"
    r"|calls?\s+for|plan\s+calls"
    r"|commitment\s+to|committed\s+to|pledged?\s+to|promised?\s+to|vowed?\s+to|decision\s+to|intention\s+to"
    r"|calling\s+for|urged|urging)\b|^(?:[A-Z][\w.'’-]*\s+){1,2}to\s+[a-z]+"
)
_PAST = re.compile(
    r"(?i)\b(?:had|was|were|kept|maintained|stationed|numbered|stood|peaked|rose|grew|doubled|tripled|raised"
    r"|increased|reached|swelled|fell|fallen|dropped|dwindled|deployed|sent|withdrew|pulled|removed|brought|ordered"
    r"|reduced|cut|shrank|declined|lowered|numbered"
    r"|previously|formerly|once|at the time|then)\b"
)
_PRESENT = re.compile(r"(?i)\b(?:has|have|is|are|remain|remains|remaining|now|currently|still|there are)\b")
_DEMONYM = {
    "American": "US", "US": "US", "U.S.": "US", "British": "UK", "UK": "UK", "French": "France",
    "Turkish": "Turkey", "Russian": "Russia", "Iranian": "Iran", "Israeli": "Israel", "German": "Germany",
    "Kurdish": "Kurdish", "Syrian": "Syria", "Iraqi": "Iraq", "Jordanian": "Jordan", "Italian": "Italy",
    "Canadian": "Canada", "Australian": "Australia", "Chinese": "China", "Ukrainian": "Ukraine",
    "Saudi": "Saudi Arabia", "Egyptian": "Egypt", "Lebanese": "Lebanon",
}  # fmt: skip


_FORCE_BEFORE = re.compile(
    r"\b(" + "|".join(re.escape(d) for d in _DEMONYM) + r")\s+(?:[\w-]+\s+)?(?:troops|forces|soldiers|presence"
    r"|force|contingent|personnel|military|advisers|advisors|garrison|deployment)\b"
)


# Full stops inside abbreviations ("U.S.", "Gen.", "p.m.") end no clause, but every "[^.;]" window of the
# patterns below stops at them ("five U.S. service members ... were wounded"). The patterns scan a copy of
# the sentence where those stops are spaces: the same length, so every offset still points into the original.
_ABBREVIATION = re.compile(
    r"\b(?:[A-Z]\.){2,}(?=[\s,;:)’'\"”]|$)|\b(?:Gen|Lt|Col|Maj|Capt|Sgt|Cpl|Pvt|Spc|Adm|Brig|Cmdr|Mr|Mrs|Ms|Dr|Sen"
    r"|Rep|Gov|Sec|Pres|St|Jan|Feb|Aug|Sept|Sep|Oct|Nov|Dec|No|Dept|approx|est|vs)\.(?=\s+\S)"
    r"|\b[ap]\.m\.|\b[A-Z]\.(?=\s+[A-Z][a-z])"
)


def attack_place(text: str) -> str | None:
    """The country a sentence sets an attack in ("the rocket attack near Makhmur", "a drone attack in Jordan")."""
    text = scan_text(text)
    for m in _ATTACK_SITE.finditer(text):
        return m.group("c") or PLACE_COUNTRY[m.group("p")]
    return None


def scan_text(text: str) -> str:
    """``text`` with the full stops of abbreviations blanked ("U.S." -> "US  "), offsets unchanged."""
    if "." not in text:
        return text
    return _ABBREVIATION.sub(lambda m: m.group().replace(".", "") + " " * m.group().count("."), text)


# "reports Wednesday said ...": a date that tells when something was said, not when it happened.
SAID_AFTER = re.compile(r"\s+(?:said|say|says|told|reported|announced|confirmed)\b")


@dataclass(slots=True)
class Count:
    """A troop count found in one sentence."""

    value: int
    qualifier: str
    kind: str
    direction: str | None
    status: str
    date: FactDate | None
    country: str
    force: str
    evidence: str
    sentence: int
    existing: bool = False  # "the N troops": may refer back to a count already given
    dated: bool = False  # the date comes from a date written in the sentence itself
    confidence: float = 0.9  # how strong the evidence is (see :func:`_confidence`)
    placed: bool = True  # the sentence itself names where (else the place comes from the rest of the article)


# A comma between digits ("2,500") is part of a number, not a clause break.
_CLAUSE_BREAK = re.compile(r",(?!\d)|(?<!\d),|;|—| - ")


def _clause_start(text: str, pos: int) -> int:
    cut = -1
    for m in _CLAUSE_BREAK.finditer(text, 0, pos):
        cut = m.start() if m.group() != " - " else m.start() + 1
    return cut + 1 if cut >= 0 else 0


def _country(text: str, num: Number, noun_end: int, clause_from: int) -> str | bool | None:
    """The country the troops are in: a name, False for "the region", None if the text gives none."""
    if _ABOARD.match(text, noun_end):
        return False  # "5,000 sailors on the carrier": a ship's crew is in no country the text names
    if _THERE_AFTER.match(text, noun_end):
        # "supporting the roughly 900 troops still there": there is the place named last before the count.
        named = [m.group(1) for m in _COUNTRY.finditer(text, 0, num.start)]
        if named:
            return named[-1]
    after = _PLACE_AFTER.match(text, noun_end, min(len(text), noun_end + 90))
    if after:
        c = after.group("c") or PLACE_COUNTRY[after.group("p")]
        return False if c in {"region", "Middle East", "West Asia", "Gulf", "area"} else c
    opens = _PLACE_OPENS.match(text)
    if opens and opens.end() <= num.start:
        c = opens.group("c")
        return c
    where = _WHERE_BEFORE.search(text, max(0, num.start - 140), num.start)
    if where:
        # "... repositioned to western Iraq, where about 5,000 U.S. forces are based": the place the clause is in.
        return where.group("c") or PLACE_COUNTRY[where.group("p")]
    window = text[max(clause_from - 1, num.start - 120, 0) : num.start]
    last = None
    for m in _PLACE_BEFORE.finditer(window):
        last = m.group("c")
    if last:
        return False if last in {"region", "Middle East", "Gulf"} else last
    return None


_LOCATIVE_LIST = re.compile(
    rf"\b(?:in|into|from|inside|across|to)\s+(?:the\s+)?(?:[\w-]+ern\s+|neighbou?ring\s+|federal\s+)?(?P<c>{COUNTRIES})"
    rf"(?:\s*(?:,|and|or)\s+(?:in\s+)?(?:the\s+)?(?:[\w-]+ern\s+|neighbou?ring\s+)?(?P<c2>{COUNTRIES}))?\b"
)
_GROUP_NAME = re.compile(r"(?i)\bIslamic\s+State\s+(?:of|in)\s+Iraq\s+and\s+(?:the\s+)?(?:Syria|Levant|al-Sham)\b")


def _places_named(text: str) -> set[str]:
    """The countries a sentence sets something in ("in federal Iraq", "in Iraq and Syria"), not in names ("ISIS")."""
    names = [(m.start(), m.end()) for m in _GROUP_NAME.finditer(text)]
    out: set[str] = set()
    for m in _LOCATIVE_LIST.finditer(text):
        if any(a <= m.start() < b for a, b in names):
            continue
        out.update(c for c in (m.group("c"), m.group("c2")) if c)
    out.discard("Europe")
    return out


_POINTS_BACK = re.compile(r"(?i)\b(?:that|this|the|its|their)\s+(?:figure|number|total|tally|count)\b|\bit\b")
_WHERE_BEFORE = re.compile(
    r"\b(?:in|to|into|from|across)\s+(?:the\s+)?(?:(?:north|south|east|west|northeast|northwest|southeast|southwest"
    rf"|central|federal|neighbou?ring)(?:ern)?\s+)?(?:(?P<c>{COUNTRIES})|(?P<p>{_PLACES}))\s*,\s+where\s+[^,;.]{{0,40}}$"
)
_THERE_AFTER = re.compile(r"\s+(?:(?:still|now|currently|remaining|stationed|deployed|based)\s+)?there\b")
_ABOARD = re.compile(
    r"\s+(?:(?:are|were|is)\s+)?(?:on|aboard|on\s+board)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:carrier|ship|ships|vessel|vessels|destroyer|destroyers|warship|warships|submarine|frigate|cruiser|escorts)\b"
)


# "Ankara keeps about 3,000 troops", "Moscow withdrew ...": a capital or country as the subject of a troop verb.
_SUBJECT_FORCE = {
    "Ankara": "Turkey", "Moscow": "Russia", "Kremlin": "Russia", "Washington": "US", "Pentagon": "US",
    "London": "UK", "Paris": "France", "Tehran": "Iran", "Berlin": "Germany", "Beijing": "China", "Kyiv": "Ukraine",
    "Kiev": "Ukraine", "Damascus": "Syria", "Baghdad": "Iraq", "Amman": "Jordan", "Riyadh": "Saudi Arabia",
    "Doha": "Qatar", "Rome": "Italy", "Ottawa": "Canada", "Canberra": "Australia", "Turkey": "Turkey",
    "Russia": "Russia", "Britain": "UK", "France": "France", "Iran": "Iran", "Germany": "Germany", "Israel": "Israel",
    "Italy": "Italy", "Canada": "Canada", "Australia": "Australia", "China": "China", "United States": "US",
}  # fmt: skip
_SUBJECT = re.compile(
    r"(?:^|[,;]\s+|\b(?:that|and|while|as|when)\s+)(?:the\s+)?(?P<s>" + "|".join(_SUBJECT_FORCE) + r")\s+"
    r"(?:(?:has|have|had|will|would|also|now|still|already|is|was|quietly|then)\s+)?"
    r"(?:keeps?|kept|maintains?|maintained|has|had|stations?|stationed|deploy(?:s|ed)?|sen[dt]s?|withdr[ae]w"
    r"|withdraws|pull(?:s|ed)?|mov(?:es|ed|e)|cuts?|reduc(?:es|ed|e)|add(?:s|ed)?|retains?|retained|bases?|based"
    r"|plans?|planned|keep|maintain|station|withdraw|send|deploy)\b"
)
# "Hezbollah, the Lebanese group, withdrew ... fighters": a named group as the subject.
_NAMED_SUBJECT = re.compile(r"^(?P<s>[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,3})(?:,[^,]{0,50},)?\s+(?:\w+\s+)?"
                            r"(?:withdr|pull|sen[dt]|deploy|mov)")


def _force(text: str, num: Number, noun_end: int) -> str:
    span = text[num.end : noun_end]
    for word in re.findall(r"[A-Z][\w.]*", span):
        if word in _DEMONYM:
            return _DEMONYM[word]
    # "the number of Russian troops in Syria at 3,000", "the total Turkish presence to about 200": the force
    # named before the number in the same sentence, else the US (the story's default subject).
    named = None
    for m in _FORCE_BEFORE.finditer(text, max(0, num.start - 120), num.start):
        named = m.group(1)
    if named:
        return _DEMONYM[named]
    head = text[: num.start]
    subject = None
    for m in _SUBJECT.finditer(head, max(0, num.start - 160)):
        subject = _SUBJECT_FORCE[m.group("s")]
    if subject:
        return subject
    if _FIGHTERS.match(text, num.end) and (group := _NAMED_SUBJECT.match(head)):
        return group.group("s")
    return "US"


def _nearest_date(
    dates: list[DateMatch],
    pos: int,
    text: str = "",
    *,
    allow_future: bool = False,
    clause: tuple[int, int] | None = None,
    until: int | None = None,
) -> FactDate | None:
    best: tuple[int, FactDate] | None = None
    for d in dates:
        if d.value is None or d.vague or (d.future and not allow_future):
            continue
        if d.since and not (text and d.end <= pos and _WHEN_CLAUSE.match(text, d.end, pos)):
            # "since last year" dates the start of a state, not the count; but in "since the autumn, when
            # about 4,500 troops were there" the when-clause is set at that date.
            continue
        if clause is not None and not (clause[0] <= d.start and d.end <= clause[1]):
            continue
        if until is not None and d.start >= until:
            continue
        if text and _ATTRIBUTIVE.match(text, d.end) and text[max(0, d.start - 4) : d.start].lower() == "the ":
            continue  # "following the Sept. 14 attacks": the date of the attacks, not of the count
        dist = min(abs(d.start - pos), abs(d.end - pos))
        if best is None or dist < best[0]:
            best = (dist, d.value)
    return best[1] if best else None


_SENT_THEN = re.compile(
    r"[^,;.]{0,25}?\b(?:sent|deployed|dispatched|posted|flown\s+in|introduced|brought\s+in)\b[^,;.]{0,30}$"
)
# "will remain ... under the agreement reached between Baghdad and Washington last year": the date of that noun.
_OTHER_NOUNS_DATE = re.compile(
    r"\b(?:the|an?)\s+[a-z]+\s+(?:reached|signed|struck|brokered|agreed|announced|made|sealed)\b[^,;.]{0,50}$"
    # "as part of the Global Coalition formed in 2014": the date of another noun's making.
    r"|\b(?:the|an?|its|their)\s+(?:[\w-]+\s+){0,3}?(?:formed|founded|created|established|launched|set\s+up"
    r"|built|started|begun|signed|reached)\s+(?:in|on|during)?\s*$"
)


def _own_dates(dates: list[DateMatch], text: str, noun_end: int) -> list[DateMatch]:
    """The dates that may date a count holding now or planned: not those of another noun or of the sending."""
    return [
        d for d in dates
        if d.start < noun_end or not (
            _SENT_THEN.match(text, noun_end, d.start) or _OTHER_NOUNS_DATE.search(text, noun_end, d.start)
        )
    ]


_ATTRIBUTIVE = re.compile(r"\s+(?!and\b|or\b|to\b|in\b|at\b|on\b|by\b)[a-z]{3,}")
_WHEN_CLAUSE = re.compile(r",?\s+when\b[^.;]*$")


def _clause_span(text: str, pos: int) -> tuple[int, int]:
    """The clause around ``pos``: between the nearest commas, semicolons or dashes."""
    start = _clause_start(text, pos)
    m = _CLAUSE_BREAK.search(text, pos)
    return start, m.start() if m else len(text)


def find_counts(
    text: str,
    sentence: int,
    dates: list[DateMatch],
    said_date: FactDate | None,
    default_date: FactDate,
    main_country: str | None,
    prev_about_troops: bool = False,
    prev_text: str = "",
    story: bool = False,
) -> list[Count]:
    """The troop counts of one sentence.

    ``prev_about_troops`` says the sentence before was about troops, so that "it had stood at 3,100" or
    "officials put the figure at 5,000" can be read as a troop level.
    """
    if len(text) > 3000:
        return []
    evidence, text = text, scan_text(text)
    about_troops = bool(_TROOP_CONTEXT.search(text))
    follows = not about_troops and prev_about_troops and bool(
        _LEVEL_SUBJECT.search(text) or _FURTHER_MOVED.search(text) or _FOLLOW_FIGURE.search(text)
    )
    # "a 2,500-strong force" sizes a force without a troop noun; "withdrew 2,000 fighters" moves a named one.
    # Substring tests first: most sentences are about neither.
    spoken = story and bool(_SPOKEN_LEVEL.search(text))
    if not (about_troops or follows or spoken or "-strong" in text or (
            (prev_about_troops or _CASUALTY_TALK.search(prev_text)) and _CASUALTY_TALK.search(text)) or (
            ("fighters" in text or "militiamen" in text) and _FIGHTERS_MOVED.search(text))):
        return []
    out: list[Count] = []
    date_spans = [(d.start, d.end) for d in dates]
    # Where the saying's date is: "X has 300 troops there, and the ministry said last month that ..." dates the
    # second clause, not the level stated in the first.
    said_at = next((d.start for d in dates if said_date is not None and d.value == said_date), None)
    # A lone "a"/"one" is only ever a casualty; reading every "a" as a number elsewhere costs time for nothing.
    for num in find_numbers(text, singles=bool(_CASUALTY_CUE.search(text))):
        if any(a <= num.num_start < b for a, b in date_spans):
            continue
        if 1900 <= num.value <= 2100 and "," not in num.raw:
            continue
        before = text[max(0, num.start - 80) : num.start]
        clause_from = _clause_start(text, num.start)
        single = num.raw.lower() in {"a", "an", "one"}
        if single:
            # A lone "a"/"one" is a count only of a single troop killed or wounded.
            one = _NOUN_AFTER_ONE.match(text, num.end, min(len(text), num.end + 60))
            if one is None or not (
                _SINGLE_CASUALTY_AFTER.match(text, one.end(), one.end() + 100)
                or _SINGLE_CARED_FOR.match(text, one.end())
                or _CASUALTY_BEFORE.search(before)
                # "leaves one U.S. service member in critical condition"
                or (_LEFT_BEFORE.search(before) and _LEFT_WITH_WOUNDS.match(text[one.end() : one.end() + 80]))
            ):
                continue
        noun = _NOUN_AFTER.match(text, num.end, min(len(text), num.end + 90))
        placed = None
        elided = False  # the troop noun is not written after the number
        if single:
            noun_end = one.end()
        elif noun:
            noun_end = noun.end()
        elif _LOST_BEFORE.search(before) and (lost := _LOST_MEMBERS.match(text, num.end)) and about_troops:
            noun_end = lost.end()  # "the squadron, which lost two members in an attack"
        elif num.strong and (_STRONG_NOUN_AFTER.match(text, num.end) or _STRONG_NOUN_BEFORE.search(before)):
            # "a 2,500-strong force", "a convoy of militiamen about 2,500-strong": the force's size.
            after_noun = _STRONG_NOUN_AFTER.match(text, num.end)
            noun_end = after_noun.end() if after_noun else num.end
        elif (fighters := _FIGHTERS.match(text, num.end)) and _CHANGE_BEFORE.search(before):
            noun_end = fighters.end()  # "withdrew at least 2,000 fighters": a named force's movement
        elif _ANOTHER_BEFORE.search(before) and _CHANGE_AFTER.match(text, num.end) and (about_troops or follows):
            noun_end = num.end  # "a further 250 would be flown in"
        elif (_CASUALTY_ELIDED.match(text, num.end) or (
                _OTHERS_AFTER.match(text, num.end) and _CASUALTY_BEFORE.search(before))) and (
                _TROOP_CONTEXT.search(text, 0, num.start)):
            # "..., and some 20,000 have been wounded", "wounded more than 40 others": the troops just named.
            other = _OTHERS_AFTER.match(text, num.end)
            noun_end = other.end() if other else num.end
        elif (wounded := _WOUNDED_SUBJECT.match(text, num.end)) and _CASUALTY_AFTER.match(
            text[wounded.end() : wounded.end() + 130]
        ) and (_CASUALTY_TALK.search(text) or _CASUALTY_TALK.search(prev_text)) and (
            not _CONJUNCTION.sub("", text[clause_from : num.start]).strip(" \"'“‘") or _WOUNDED_BEFORE.search(before)
        ):
            # "Fifteen of the injured were flown to Landstuhl", "the remaining 14 have returned to duty",
            # "two are flown to Germany for treatment": the wounded just counted.
            noun_end = wounded.end()
        else:
            # The noun may be elided after a level cue ("leaving fewer than 1,000"), after "by" in a change
            # ("cut its troops by 500 to 2,500"), after a qualified level noun ("the total below 1,000"), or
            # in a list after a first count ("900 troops in Syria and roughly 2,500 in Iraq").
            placed = _PLACED_AFTER.match(text, num.end) if out or _LIST_CUE.search(before) else None
            cue = (
                _ELIDED_CUE.search(before)
                or _ELIDED_MORE_CUE.search(before)
                or (num.qualifier in {"under", "over"} and _MOVED_PAST.search(before))
                or _BY_BEFORE.search(before)
                or (num.qualifier != "exact" and _LEVEL_NOUN_END.search(before))
            )
            # "About 275 returned": a bare figure opening its clause as the subject of a troop verb.
            bare = _BARE_SUBJECT.match(text, num.end) if not text[clause_from : num.start].strip(" \"'“‘") or \
                re.search(r"\band\s*$", before) else None
            # "he had sent 250 more": the figure and "more" after a movement verb.
            more_after = _CHANGE_BEFORE.search(before) and _MORE_ELIDED.match(text, num.end)
            if more_after:
                pass
            elif bare:
                pass
            # A closing quotation mark may end the figure: 'cut to "a residual presence of under 200" by June'.
            elif not (cue or placed) or not _FOLLOW_OK.match(text[num.end : num.end + 20].lstrip("\"”’")):
                continue
            head = text[: num.start]
            if _NUMBER_OF_THINGS.search(text, max(0, num.start - 120), num.start):
                continue  # "cut the number of bases from eight to three": a count of something else
            arrivals = _ARRIVALS_NUMBERING.search(before)
            if not (_TROOP_CONTEXT.search(head) or _LEVEL_SUBJECT.search(head) or placed or arrivals
                    or (spoken and _SPOKEN_LEVEL.search(text, max(0, num.start - 60), num.end + 40))
                    or ((bare or more_after or (follows and _ELIDED_MORE_CUE.search(before)))
                        and (about_troops or follows))):
                continue
            noun_end = more_after.end() if more_after else num.end
            elided = True
        # Substring tests guard the rarer patterns: each runs for every number of every troop sentence.
        range_low = None
        if num.qualifier == "exact" and (rng := _RANGE_BEFORE.search(before)) and \
                not _FROM_OR_BY.search(before, 0, rng.start("low")):
            # A range gives two counts: at least the lower figure, at most the upper one (SCHEMA.md).
            low = int(rng.group("low").replace(",", ""))
            if 0 < low < num.value:
                num.qualifier, range_low = "at_most", low
        elif num.qualifier == "exact" and out and " and" in before and _LIST_AND_BEFORE.search(before):
            num.qualifier = out[-1].qualifier  # "about 2,500 in Iraq and 900 in Syria"
        ceiling = ("exceed" in before or "topped" in before or "surpass" in before) and bool(_CEILING.search(before))
        if ceiling:
            num.qualifier = "at_most"  # "a force that rarely exceeded 5,000"
        elif num.qualifier == "exact" and _EXCEEDED.search(before):
            num.qualifier = "over"  # "the number ... exceeded 1,200"
        count = _classify(text, num, noun_end, before, clause_from)
        if count is None:
            continue
        kind, direction, status, existing = count
        if kind != "casualty":
            if _SUBSET.match(text, num.end):
                # "three of the service members are in stable condition": part of a group already counted.
                if not _CASUALTY_TALK.search(text):
                    if kind == "level":
                        continue
                else:
                    kind, direction, status = "casualty", None, "past"
            elif ("these" in before or "those" in before or "These" in before or "Those" in before) and \
                    _ANAPHOR.search(before):
                continue  # "these 400 troops will ...": a force the article has already counted
            elif kind == "level" and _THE_ADDITIONAL.search(before):
                kind, direction, existing = "change", "increase", True  # "the additional 1,100 troops"
            if _CUMULATIVE.match(text, noun_end) or (_CLAIM.match(text) and kind != "casualty") or (
                ("no " in before or "No " in before) and _DENIED.search(before)
            ):
                continue  # a cumulative total, a fact-check's claim, a denied figure: no troop count
            if _HOMECOMING.search(text) and (_UNIT_AFTER.match(text, noun_end) or kind == "level"):
                # "Around 100 soldiers from the 2nd Brigade got a welcome home": one unit's return is a rotation,
                # neither the country's level nor a change in it.
                continue
            if kind == "level" and (_AT_SITE.match(text, noun_end) or _SITE_HOSTS.search(before)
                                    or _TEAM_OF.search(before) or _IN_ONE_PLACE.match(text, noun_end)):
                # One base's complement ("some 1,500 troops were at the base"), one city's ("fewer than 100
                # Rangers are in Manbij") or one team's ("two teams with about 40 personnel") is not the
                # country's level.
                continue
            if kind == "level" and prev_text and _PRONOUN_NUMBERS.match(text[clause_from : num.start].strip() + " ") \
                    and (moving := _MOVING_GROUP.search(scan_text(prev_text))):
                # "... all U.S. troops who are leaving Syria to go to western Iraq. They number more than 700."
                verb = moving.group("verb").lower()
                direction = "increase" if verb.startswith(("arriv", "deploy", "being deployed", "being sent")) \
                    else "decrease"
                kind, status = "change", "planned" if _FUTURE.search(prev_text) else "current"
        place = placed.group("c") if placed else _country(text, num, noun_end, clause_from)
        if kind == "change" and direction == "decrease" and not placed:
            # A withdrawal is counted where the troops leave: "from Syria", not "into Iraq"; with only a
            # destination named, the article's country is the one they left.
            origin = _ORIGIN.match(text, noun_end, min(len(text), noun_end + 90))
            if origin:
                place = origin.group("c")
            elif _DESTINATION.match(text, noun_end, min(len(text), noun_end + 60)) and main_country:
                place = main_country
        if place is False:
            continue
        if kind == "casualty" and not placed:
            # Casualties are where the attack was: the place named nearest before them ("a drone attack in Syria
            # injures a service member"), else the first after them ("killed three soldiers ... in Jordan").
            spots = sorted([*_LOCATIVE.finditer(text), *_SITE_OF_COUNTRY.finditer(text)], key=lambda m: m.start())
            earlier = [m for m in spots if m.end() <= num.start and num.start - m.end() < 100
                       and not _CARED_FOR.search(text, max(0, m.start() - 60), m.start())]
            # Not where they were taken to be treated ("flown to a hospital in Germany").
            later = [m for m in spots if m.start() >= noun_end and not _CARED_FOR.search(text, max(0, m.start() - 60),
                                                                                        m.start())]
            if earlier:
                place = earlier[-1].group("c")
            elif place is not None and _EVACUATED.search(text, noun_end, noun_end + 80):
                place = later[0].group("c") if later else None
            elif place is None and later:
                place = later[0].group("c")
        inferred_place = place is None
        if place is None and not out and kind != "casualty":
            # (Not for casualties: the place named may be where they were flown to be treated.)
            # The one place the sentence sets anything in ("The mission in federal Iraq ended, and about 1,500
            # troops remain"), else, for a figure that points back ("the Defense Department puts that figure
            # at 2,500"), the one place of the sentence before.
            spots = _places_named(text)
            if not spots and elided and prev_text and _POINTS_BACK.search(text, max(0, num.start - 60), num.start):
                spots = _places_named(scan_text(prev_text))
            if len(spots) == 1:
                place = spots.pop()
        if place is None:
            place = out[-1].country if out else main_country
        if place is None:
            continue
        said = said_date
        own_date = None
        if said_at is not None and said_at > num.end and _NEW_CLAUSE.search(text, num.end, said_at):
            said = None
        if said is not None and status == "current" and _NOW.search(text, max(clause_from, num.start - 60),
                                                                      min(len(text), noun_end + 40)):
            said = None  # "about 900 troops are now in Syria, officials said last month": "now" is publication
        if kind == "casualty" or status == "past" or (kind == "change" and status != "planned"):
            # A date in a later clause ("..., fulfilling an order issued in November") dates something else.
            until = _clause_span(text, num.end)[1]
            # The wounded are dated by the attack, never by when their number was told ("told reporters on
            # Tuesday that three had returned to duty").
            candidates = [d for d in dates if d.start != said_at and not SAID_AFTER.match(text, d.end)] \
                if kind == "casualty" else dates
            own_date = _nearest_date(candidates, num.start, text, until=until)
            # A level that held before the article, with no date given, held in the run-up to it: its month.
            date = own_date or said or (default_date if kind != "level" else default_date[:7])
        elif status == "planned":
            # "will bring the number to about 300, up from the 50 first sent last autumn": a date in a later
            # clause dates the other figure.
            until = _clause_span(text, num.end)[1]
            own = _own_dates(dates, text, noun_end)
            # "before announcing Dec. 19 that he was ordering the withdrawal": the plan is dated by its announcement.
            announced = [d for d in own if _ANNOUNCED_ON.search(text, max(0, d.start - 30), d.start)]
            date = _nearest_date(announced, num.start, text, until=until) or said or \
                _nearest_date(own, num.start, text, until=until) or default_date
        else:
            # A level that holds now is dated only by a date in its own clause: "2,000 troops, a figure it
            # disclosed in December" holds at publication, not in December.
            clause = _clause_span(text, num.num_start)
            # "the 50 special forces first sent last autumn": that date is when they were sent; they are there now.
            own = _own_dates(dates, text, noun_end)
            own_date = _nearest_date(own, num.start, text, clause=clause)
            date = own_date or said or default_date
            if own_date is not None and _FROM_BEFORE.search(before) and own_date < default_date[:7]:
                status = "past"  # "down from roughly 2,500 at the start of 2025": where it stood then
        if placed and out and out[-1].kind == kind == "level":
            # "1,720 troops in Syria and 8,892 in Iraq as of September 30": a list shares its time and tense.
            status, date = out[-1].status, out[-1].date
        values = [(kind, direction, status, existing)]
        if kind == "level" and direction == "decrease":
            # "withdraw all of the 2,000 troops": the level, and a change of the same size. ``status`` is the
            # withdrawal's: a planned one starts from the level that holds now, a done one from a past level.
            values = [("level", None, "past" if status == "past" else "current", existing),
                      ("change", "decrease", status, False)]
        dated = own_date is not None
        force = _force(text, num, noun_end)
        for k, d, st, ex in values:
            confidence = _confidence(k, num.value, elided=elided, follows=follows, inferred_place=inferred_place,
                                     ranged=range_low is not None, existing=ex)
            if range_low is not None:
                out.append(Count(range_low, "at_least", k, d, st, date, place, force, evidence, sentence, ex, dated,
                                 confidence, not inferred_place))
            out.append(Count(num.value, num.qualifier, k, d, st, date, place, force, evidence, sentence, ex, dated,
                             confidence, not inferred_place))
    return out


def _confidence(
    kind: str, value: int, *, elided: bool, follows: bool, inferred_place: bool, ranged: bool, existing: bool
) -> float:
    """How strong the evidence for one count is, 0..1.

    A troop noun written after the number, in a sentence that names the place, is strong; a bare number
    read through a level cue, a sentence that is about troops only through the one before it, a place
    taken from the rest of the article, a range's ends and a tiny "level" (a team, not a country's force)
    each weaken it. Answers weigh the figure by it and review lists the weak ones (below 0.5).
    """
    score = 0.92 if kind != "casualty" else 0.88
    if elided:
        score -= 0.17
    if follows:
        score -= 0.25
    if inferred_place:
        score -= 0.12
    if ranged:
        score -= 0.2
    if existing:
        score -= 0.05
    if kind == "level" and value < 20:
        score -= 0.3
    return round(max(0.05, min(1.0, score)), 2)


def _classify(
    text: str, num: Number, noun_end: int, before: str, clause_from: int
) -> tuple[str, str | None, str, bool] | None:
    """kind, direction, status, and whether the number names an existing force ("the 600 troops")."""
    after = text[noun_end : noun_end + 130]
    if _CASUALTY_AFTER.match(after) or _CASUALTY_BEFORE.search(before) or (
        _LEFT_BEFORE.search(before) and _LEFT_WITH_WOUNDS.match(after)
    ) or (_TREATED_BEFORE.search(before) and _TREATED_FOR.match(after)):
        return "casualty", None, "past", False
    window = text[max(0, num.start - 200) : num.start]
    planned = bool(_PLANNED.search(window))
    if (
        (" numbering" in before and _ARRIVALS_NUMBERING.search(before))
        or (" of " in window and (_DEPLOYMENT_OF.search(window) or _ADDITIONAL_TOTAL.search(window)))
    ):
        # Counts of what moves in, however the sentence frames them: "the new arrivals, numbering 48",
        # "an initial deployment of ... a contingent of some 200", "the total of additional personnel ... to 3,000".
        return "change", "increase", "planned" if planned else "past", False
    if num.qualifier == "at_most" and _CEILING.search(before):
        return "level", None, "past" if re.search(r"(?:ed|topped)\s*$", before) else "current", False
    if "ast of" in before and _LAST_OF.search(before) and (
        planned or re.match(r"[^,.;]{0,60}?\b(?:will|would)\b", text[noun_end:])
    ):
        # "the last of the 2,500 troops would be gone": the force there now, and its planned withdrawal.
        return "level", "decrease", "planned", False
    if _FROM_BEFORE.search(before) or _TO_AFTER_FROM.search(before) or _CHANGE_TO.search(before):
        # "reduced from about 2,500 to roughly 2,000": the level before and the level after the change.
        return "level", None, _from_to_status(text[max(0, num.start - 200) : num.start], bool(
            _FROM_BEFORE.search(before))), False
    clause_before = text[clause_from : num.start]
    sentence_before = text[max(0, num.start - 200) : num.start]
    remaining = bool(re.match(r"^\s+remaining\b", text[num.end : num.end + 12])) or "remaining" in text[
        num.end : noun_end
    ]
    future = bool(_FUTURE.search(sentence_before)) or bool(
        re.match(r"^[^,.;]{0,40}?\b(?:will|would|could|might|is expected|are expected|is set|are set)\b", after)
    )
    ch = _CHANGE_BEFORE.search(before)
    more = bool(_MORE_AFTER.match(text[num.end : num.end + 15])) or (
        # "Another 2,500 troops are in neighboring Iraq": an additive before a verb of being places a second
        # force; it moves nothing.
        bool(_ANOTHER_BEFORE.search(before)) and not _BEING_PLACED.match(text, noun_end)
    )
    by = _BY_BEFORE.search(before)
    if by and ch is None:
        direction = "increase" if by.group(1).lower().startswith(("increas", "boost", "rais", "expand")) else "decrease"
        return "change", direction, _change_status(by.group(1), clause_before, future), False
    if ch is not None and _NEGATED_MOVE.search(text, max(clause_from, ch.start() - 60), ch.start()):
        return "level", None, "current", False  # "he had no plans to withdraw the 5,200 U.S. forces in Iraq"
    if ch is not None:
        verb = ch.group("verb").lower()
        dets = ch.group("dets").lower().split()
        is_by = "by" in dets
        if verb.startswith(("cut", "reduc", "increas", "boost")) and not is_by and not more and \
                not verb.endswith(" of"):  # "the reduction of some 2,200 personnel" is a change
            ch = None  # "cut ... troops" without "by": a level follows "to", else no clear change
        else:
            direction = "decrease" if _DECREASE.match(verb) else "increase"
            the = "the" in dets or "its" in dets or "their" in dets
            whole = "all" in dets or "its" in dets or "their" in dets
            if whole and direction == "decrease" and not verb.startswith(("relocat", "cut", "reduc")):
                # "withdraw all 2,000 troops", "withdraw its roughly 1,000 troops": the whole force there now (or
                # then), and its withdrawal; the status given is the withdrawal's.
                status = "past" if _PAST.search(clause_before) else _change_status(verb, clause_before, future)
                return "level", "decrease", "planned" if status == "current" else status, False
            if the and remaining:
                return "level", None, "current", False
            status = _change_status(verb, clause_before, future)
            return "change", direction, status, the
    if more:
        return "change", "increase", "planned" if future else "past", False
    if "involv" in before or "includ" in before or "consist" in before or "compris" in before:
        involves = _DEPLOYMENT_INVOLVES.search(before)
        if involves:
            # "the latest deployment will involve fewer than 50 advisers": the size of what is sent.
            return "change", "increase", "planned" if involves.group("modal") else "current", False
    moved = _CHANGE_AFTER.match(text, noun_end)
    if moved is None and (phrase := _PARTICIPLE_PHRASE.match(text, noun_end)):
        moved = _CHANGE_AFTER.match(text, phrase.end())
    if moved and _STATIVE.match(text, noun_end):
        moved = None  # "1,000 troops are deployed in Niger": where they are, not a movement
    if moved and moved.start("verb") - noun_end < 3 and moved.group("verb").lower() in _PARTICIPLES and \
            _FINITE_LATER.match(text, moved.end()):
        moved = None  # "the 300 troops deployed to the outpost will remain there": a modifier, not the verb
    if moved:
        verb = moved.group("verb").lower()
        direction = "increase" if verb.startswith(("arriv", "deploy", "sent", "redeploy", "be", "flown", "fly",
                                                     "flew", "follow", "rolled", "moved", "entered")) \
            or verb == "returned" else "decrease"
        if verb.startswith("be ") and re.search(r"\b(?:home|back|out|withdrawn|removed)\b", verb):
            direction = "decrease"  # "would be brought home", "will be withdrawn"
        ongoing = re.search(r"\b(?:are|is)\s+(?:now\s+|currently\s+)?being\s*$", text[: moved.start("verb")])
        status = "planned" if future or re.match(r"^\s+(?:will|would|are to|to|set|expected|due)\b", after) else (
            "current" if ongoing else
            "past" if re.search(r"(?:ed|left|sent|withdrawn|withdrew|went|flew|flown|came)$", verb.split()[0])
            else "current")
        if direction == "decrease" and "all" in before and _ALL_OF.search(before):
            # "ordered that virtually all of the 1,000 troops be withdrawn": the force then, and its withdrawal.
            return "level", "decrease", "past" if _PAST.search(clause_before) else "planned", False
        return "change", direction, status, False
    status = _level_status(before, clause_before, sentence_before, future, remaining, text[noun_end : noun_end + 40])
    if status != "planned" and _SUBJECT_MODAL.match(text, noun_end) and not _THE_FORCE.search(before):
        # "a small peacekeeping group of 200 troops would be kept in Syria"; but "the roughly 2,000 troops in
        # Syria could remain there" are the force there now.
        status = "planned"
    elif status == "current" and (_REPORTED_BEFORE.search(sentence_before) or _REPORTED_AFTER.match(text, noun_end)):
        status = "past"  # "we have been briefing that there are about 900", "not the 500 it had acknowledged"
    return "level", None, status, False


_ANNOUNCED_ON = re.compile(r"\b(?:announc\w*|order\w*|decid\w*|declar\w*|unveil\w*)\s+(?:on\s+)?$")
_PARTICIPLES = frozenset({"deployed", "sent", "redeployed", "based", "stationed", "withdrawn"})
_FINITE_LATER = re.compile(r"[^,;.]{0,60}?\s(?:will|would|are|is|were|was|have|has|had|remain|remains|can|could)\s")
# Spoken figures in an article about troop numbers (a hearing, a briefing, an interview): "it's about 900 on
# the ground", "In Iraq we have roughly 2,500", "you're looking at roughly 300 in Syria", "out of the roughly
# 900 we have in Syria".
_SPOKEN_LEVEL = re.compile(
    r"(?i)\b(?:it'?s|it’s|it\s+is)\s+(?:about|roughly|around|some|nearly|close\s+to)?\s*\d[\d,]*\s+on\s+the\s+ground"
    r"|\b(?:we|they)\s+(?:have|had|still\s+have|now\s+have)\s+(?:about|roughly|around|some|nearly)?\s*\d[\d,]*\b"
    r"|\blooking\s+at\s+(?:about|roughly|around|some|nearly)?\s*\d[\d,]*\s+in\s+"
    r"|\b\d[\d,]*\s+(?:we|they)\s+(?:have|had)\s+in\s+"
)
_THE_FORCE = re.compile(r"(?i)\b(?:the|its|their|our)\s*$")
_DEPLOYMENT_INVOLVES = re.compile(
    r"(?i)\b(?:deployment|surge|reinforcements?|contingent)\s+(?P<modal>(?:will|would|could|is\s+(?:expected|set)\s+to)"
    r"\s+)?(?:involves?|includes?|consists?\s+of|comprises?|include|involve|consist\s+of|comprise)\s+(?:\w+\s+){0,2}$"
)
_ALL_OF = re.compile(r"(?i)\ball\s+(?:of\s+)?(?:the|its|their)?\s*(?:\w+\s+)?$")
# "200 troops would be kept in Syria", "a 400-strong force - including ground troops - will be staying".
_SUBJECT_MODAL = re.compile(
    r"(?:\s*[—–]+[^—–.;]{0,80}[—–]+|\s*\([^).;]{0,60}\)|\s+(?:in|at)\s+[A-Z][\w-]+)?"
    r"\s+(?:(?:will|would|'ll|could|may|might|are\s+(?:expected|set|due|likely|scheduled)\s+to"
    r"|is\s+(?:expected|set|due|likely)\s+to)\s+(?:(?:still|also|now)\s+)?|to\s+)"
    r"(?:remain|stay|staying|be\s+(?:kept|left|based|stationed|retained|maintained|staying|remaining))\b"
)
# A figure the article reports as what was said before: "we have been briefing that there are about 900",
# "had been telling reporters about 900", "not the 500 it had acknowledged".
_REPORTED_BEFORE = re.compile(
    r"(?i)\b(?:had|have|has)\s+been\s+(?:\w+\s+)?(?:briefing|telling|saying|reporting|acknowledging|stating|citing"
    r"|putting|giving|using)\b[^.;]{0,80}$"
)
_REPORTED_AFTER = re.compile(
    r"(?:\s+(?:in|inside)\s+[A-Z][\w-]+)?\s+(?:(?:that|which)\s+)?(?:it|they|officials|the\s+(?:Pentagon|military|government|administration)|[A-Z]\w+)"
    r"\s+had\s+(?:\w+\s+)?(?:acknowledged|reported|said|disclosed|announced|cited|claimed|given|admitted)"
)


def _change_status(verb: str, clause_before: str, future: bool) -> str:
    if verb.split()[0].endswith("ing") and re.search(rf"\b(?:was|were)\s+(?:\w+\s+)?{re.escape(verb)}",
                                                     clause_before.lower()):
        return "past"  # "announced last week it was sending home more than 400 Marines": under way then, done now
    if future or _ORDERED_NOUN.search(clause_before):
        return "planned"
    if verb.endswith(("ed", "sent", "drew", "brought", "withdrawn")) or _PAST.search(clause_before) or _DONE.search(
        clause_before
    ):
        return "past"
    return "current"


# "announcing that he was ordering the withdrawal of the 2,000 troops": an order is a plan, whenever it was given.
_ORDERED_NOUN = re.compile(r"(?i)\b(?:order\w*|announc\w*|decision|decid\w*)\s+(?:the|a|an|its|their)\s+(?:\w+\s+)?"
                           r"(?:withdrawal|pullout|drawdown|departure|exit|removal|redeployment)\s+of\s+(?:\w+\s+){0,3}$")
# "has no plans to withdraw the 5,200 troops", "will not pull out its 900": the force stays.
_NEGATED_MOVE = re.compile(
    r"(?i)\b(?:no\s+plans?\s+to|not\s+(?:plan(?:ning)?|going|intend(?:ing)?)\s+to|no\s+intention\s+(?:of|to)"
    r"|(?:will|would|does|did|do)\s+not|won't|wouldn't|refused\s+to|ruled\s+out|declined\s+to|never)\s+"
    r"(?:\w+\s+){0,2}?$"
)
# "has completed a drawdown of 2,000", "finished the withdrawal of its 1,500": the change is over.
_DONE = re.compile(r"(?i)\b(?:completed|finished|concluded|wrapped\s+up)\b")
_STATIVE = re.compile(
    r"\s+(?:(?:are|is|remain|remained|were|was|stay|stayed)\s+)(?:currently\s+|still\s+|now\s+)?"
    r"(?:deployed|stationed|based)(?!\s+(?:to|into|from|out|back|home)\b)"
)
_BEING_PLACED = re.compile(
    r"\s+(?:are|is|remain|remains|remained|were|was|stay|stays|stayed)\s+(?:currently\s+|still\s+|now\s+)?"
    r"(?:(?:deployed|stationed|based)\s+)?(?:in|at|across|inside|throughout|there)\b"
)
_PERFECT_STATE = re.compile(r"\b(?:has|have)\s+(?:\w+\s+)?(?:kept|maintained|had|stationed|based|retained)\b")
_FUTURE_CHANGE = re.compile(
    r"(?i)\b(?:will|would|could|plans?\s+to|set\s+to|expected\s+to|aims?\s+to|is\s+to|are\s+to)\b"
)
_CHANGE_VERB = re.compile(r"(?i)\b(?:reduc|cut|rais|increas|bring|brought|lower|fell|fallen|drop|shr[iu]nk|grow|grew"
                          r"|rise|rose|risen|boost|doubl|tripl|halv|trim|draw|drew|swell|swoll|climb|jump|surg"
                          r"|expand|dwindl|declin)\w*")


def _from_to_status(window: str, is_from: bool) -> str:
    """Status of a level on either side of a change.

    "will reduce from X to Y": X current, Y planned; "has fallen from X to Y": X past, Y current;
    "had doubled to Y", "was raised to Y", "rose to Y": Y past; "was already cut to Y": Y still holds.
    """
    verbs = list(_CHANGE_VERB.finditer(window))
    verb = verbs[-1] if verbs else None  # the change the level is the end (or start) of
    head = window[: verb.start()] if verb else window
    future = bool(_FUTURE_CHANGE.search(head[-120:]))
    if is_from:
        return "current" if future else "past"
    if future:
        return "planned"
    if re.search(r"\b(?:has|have)\s+(?:\w+\s+){0,2}$|\balready\s+(?:\w+\s+)?$", head[-40:]):
        return "current"
    if re.search(r"\b(?:has|have)\s+(?:\w+\s+)?\w+ed\b(?![^,;]*\b(?:had|was|were)\b)", head[-150:]) and \
            re.search(r"\band\s+$", head):
        return "current"  # "has moved ... and reduced it from X to Y": the perfect carries over "and"
    if re.search(r"\b(?:had|was|were)\s+(?:\w+\s+)?$", head[-30:]):
        return "past"
    word = verb.group().lower() if verb else ""
    return "past" if word.endswith("ed") or word in {"rose", "fell", "grew", "drew", "brought", "cut", "shrank"} \
        else "current"


def _level_status(
    before: str, clause_before: str, sentence_before: str, future: bool, remaining: bool, after: str = ""
) -> str:
    cue = _ELIDED_CUE.search(before)
    if cue and cue.group().strip() in {"leaving", "leave", "leaves"} and future:
        return "planned"
    if re.search(r"(?i)\b(?:rather\s+than|instead\s+of)\s+(?:the\s+)?$", before):
        return "past"  # "about 5,500, rather than the 5,100 listed before": the figure it replaces
    if re.search(r"(?i)\b(?:when|once)\s+[^,;]{0,50}?\b(?:in\s+place|complete|completed|done|finished|over|there)\b"
                 r"[^;]{0,10},", sentence_before):
        return "planned"  # "When they're all in place, you're looking at roughly 300 in Syria"
    if re.search(r"\b(?:will|would|could|'ll|expect(?:s|ed)?\s+to|set\s+to|likely\s+to|aims?\s+to|hopes?\s+to)\s+"
                 r"(?:still\s+|probably\s+|likely\s+)?"
                 r"(?:be|remain|stay|number|total|(?:fall|drop|dip|shrink|rise|grow|climb|go|get|come)(?:\s+(?:below|under"
                 r"|above|beyond|to|down\s+to|back\s+to))?|(?:reach|hit)(?:\s+(?:a|the)\s+(?:level|total|force|figure"
                 r"|ceiling|cap|strength|footprint|presence)\s+of)?)\s*$", before):
        return "planned"  # "there will be fewer than 1,000", "expected to reach a level of fewer than 1,000"
    if re.search(r"\b(?:reduce|cut|lower|bring|draw|shrink|increase|raise|boost)\w*\b[^,;]{0,60}"
                 r"\b(?:to|total|number|level|figure|presence|footprint|force|contingent|garrison)(?:\s+of)?\s*$",
                 before) and future:
        return "planned"
    if remaining and not re.search(r"\bhad\b", clause_before):
        return "current"
    if re.match(r"^\s+(?:still|now|currently)\b", after) and not future:
        return "current"  # "the 900 troops still there" hold now, whatever tense the clause before is in
    if re.match(r"^\s+(?:were|was|had\s+been|remained|stayed)\b", after) or re.search(
            r"(?<!has\s)(?<!have\s)\b(?:remained|stayed)\s+(?:at\s+)?$", before):
        # "about 200 Marines were stationed at the base", "about 600 remained", "the tally stayed at 503"
        return "past"
    if re.search(r"\b(?:has|have)\s+(?:\w+\s+)?(?:fallen|dropped|risen|grown|climbed|slipped|dipped)\s+$", before):
        return "current"  # "the number has fallen below 1,500": where it stands now
    if _PERFECT_STATE.search(clause_before):
        return "current"  # "Russia has kept some 4,000 troops there since 2015" still holds
    if future and re.search(r"\b(?:keep|keeping|leave|leaving|retain|maintain|station|base|have)\b", clause_before) \
            and not re.search(r"\b(?:its|the|their|our)\s+(?:\w+\s+){0,2}$", before):
        return "planned"  # "expected to keep a garrison of about 150 troops"; "will keep its 900 troops" is current
    if _PAST.search(clause_before):
        return "past"
    if future and re.search(r"\b(?:to|leaving)\s*$", before):
        return "planned"
    return "current"
