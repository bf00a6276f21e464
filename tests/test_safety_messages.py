"""Single messages and what the safety check must make of each, one table for the rounds that added them
(docs/safety-rules.md, rounds 11-16). Each row is a message and its expectation:

- ``quiet``: tier 0 (an everyday message that shares words with a rule);
- ``risk``: tier 1 or 2; ``risk CATEGORY``: that, with CATEGORY the assessment's or one of its hits';
- ``tier1``, ``tier2``: exactly that tier; ``tier2 CATEGORY``: that tier and category;
- ``emergency``: tier 1 with the emergency number first;
- ``medical``: someone else's medical emergency now (tier 1, ``medical_emergency``, the emergency number first).

A row is added where a rule is written for a kind of message, with the everyday sentences of the same shape that
must stay quiet beside it. Conversations (an answer to the check-in, a follow-up) stay in the round's own tests."""

from __future__ import annotations

import pytest

from guide.safety import Assessment, assess


def _meets(a: Assessment, expect: str) -> bool:
    kind, _, category = expect.partition(" ")
    if kind == "quiet":
        return a.tier == 0
    if kind == "risk":
        return a.tier in (1, 2) and (not category or category in (a.category, *(h.category for h in a.hits)))
    if kind in ("tier0", "tier1", "tier2"):
        return a.tier == int(kind[-1]) and (not category or a.category == category)
    if kind == "emergency":
        return a.tier == 1 and a.resources_first[:1] == ("emergency",)
    if kind == "medical":
        return (a.tier, a.category, a.resources_first[:1]) == (1, "medical_emergency", ("emergency",))
    raise ValueError(f"unknown expectation {expect!r}")


MESSAGES = [
    # round 16: things handed on and someone's own left in another's care, said as a farewell
    ("gave my guitar to my cousin and told him it's his forever now", "risk suicidal_ideation"),
    ("my neighbour gets my car and the cat, i've written everything down for him", "risk suicidal_ideation"),
    ('can you look after my kids for me from now on. i love them', "risk suicidal_ideation"),
    ('wiped every account i have and wrote my pins down for my mum', "risk suicidal_ideation"),
    ("look after my cat for me, i won't be coming back", "risk suicidal_ideation"),
    ("left my car keys and the cat with my mate and told him they're his for good", "risk suicidal_ideation"),
    ('look after my boys for me from now on, they deserve better', "risk suicidal_ideation"),
    ("my niece is having my flat and my records, i've typed it all down for her", "risk suicidal_ideation"),
    ('made my peace with it all and said goodbye to the kids tonight', "risk suicidal_ideation"),
    # round 16: the same acts in a move, a trip or a clear-out
    ("gave my old bike to my nephew, it's his forever now, he loves it", "quiet"),
    ("my sister's getting my flat keys and the dog while i'm away in spain", "quiet"),
    ("can you look after my cat for me while i'm on holiday", "quiet"),
    ('decluttering: gave all my books to the charity shop, they can have them for good', "quiet"),
    ('moving abroad next month so my brother gets my car and i wrote everything down for him', "quiet"),
    ('wrote my passwords in a notebook for my mum so she can log into netflix', "quiet"),
    ('closed all my social media accounts for a detox', "quiet"),
    ("my friend's looking after my kids for me tonight while i work", "quiet"),
    ("gave my wedding dress to my niece, it's hers to keep", "quiet"),
    ("can you feed my cat for me this weekend, i'm at a festival", "quiet"),
    ('told my flatmate she can have my room after i move out in june', "quiet"),
    ("we're emigrating so the neighbours get the rabbits, written it all down for them", "quiet"),
    ("my flatmate gets my room and the plants while i'm travelling in asia", "quiet"),
    ("sold all my records on ebay, they're his for good now, told him so", "quiet"),
    ('look after my cat for me this weekend from now on? no just this weekend', "quiet"),
    # round 16: sexual coercion by someone with power over the reader's job, marks, place or papers; sextortion
    ("my boss said he'll fire me unless i sleep with him", "risk coercion"),
    ("my manager keeps saying i'll lose my shifts if i don't go to his hotel room", "risk coercion"),
    ('my teacher says i have to send him pictures or i fail the course', "risk coercion"),
    ("my coach told me i'm off the team unless i do what he wants after practice", "risk coercion"),
    ("my supervisor threatened to report my visa if i don't stay behind with him", "risk coercion"),
    ('someone i met on snapchat is blackmailing me with my pics', "risk coercion"),
    ('he says send more or i post them to all your followers', "risk coercion"),
    ('this account has my photos and wants £500 or he sends them to my family', "risk coercion"),
    ("my lecturer says he'll fail my thesis if i don't meet him at his flat", "risk coercion"),
    ('some guy from discord has my nudes and wants $300 or he sends them to my mum', "risk coercion"),
    ("she's threatening to leak my videos unless i send more", "risk coercion"),
    ('my old pe teacher is blackmailing me over the pictures i sent', "risk coercion"),
    ("my boss touches me and says i'll lose my visa if i say anything", "risk coercion"),
    # round 16: the same power without a sexual demand, and images asked for in everyday words
    ("my boss said he'll fire me if i'm late again", "quiet"),
    ('my teacher says i have to send the pictures for the art project or i fail', "quiet"),
    ("my coach told me i'm off the team unless i come to practice", "quiet"),
    ('how do i report a scam account on instagram', "quiet"),
    ('he says send more pics of the puppy', "quiet"),
    ('my manager threatened to cut my hours if sales drop', "quiet"),
    ("the landlord says he'll evict me if i don't pay by friday", "quiet"),
    ('my boss will fire me unless i finish the report tonight', "quiet"),
    ("my teacher said she'd fail me if i didn't send the homework", "quiet"),
    ("he keeps asking for more pics of the dog or he says he'll cry", "quiet"),
    ("my boss touched my shoulder and said i'll lose my bonus if i say anything about the merger", "quiet"),
    # round 16: a threat to come after the reader, whoever makes it
    ('my ex threatened to come after me', "risk domestic_violence"),
    ('he said he will come after me', "risk domestic_violence"),
    ('my landlord threatened to come for me', "risk domestic_violence"),
    # round 16: coming for someone in everyday words
    ('the team threatened to come after the title', "quiet"),
    ('he will come for me at 8 to pick me up', "quiet"),
    ('he will come after me in the queue', "quiet"),
    # round 16: the plainest disclosures in Italian, Dutch, Turkish, Arabic in Latin letters, Swahili and
    # Tagalog, and the round-15 languages less plainly
    ('voglio morire', "risk"),
    ('non voglio più vivere', "risk"),
    ('mi voglio uccidere', "risk"),
    ('voglio farla finita', "risk"),
    ('mio marito mi picchia', "risk"),
    ('il mio ragazzo mi ha minacciato di uccidermi', "risk"),
    ('ik wil dood', "risk"),
    ('ik wil niet meer leven', "risk"),
    ('ik ga mezelf van kant maken', "risk"),
    ('ik heb al mijn pillen ingenomen', "risk"),
    ('mijn man slaat me', "risk"),
    ('ik wil springen', "risk"),
    ('ölmek istiyorum', "risk"),
    ('kendimi öldüreceğim', "risk"),
    ('yaşamak istemiyorum', "risk"),
    ('intihar etmek istiyorum', "risk"),
    ('kocam beni dövüyor', "risk"),
    ('bütün hapları içtim', "risk"),
    ('bidi moot', "risk"),
    ('badi mout', "risk"),
    ('ana 3ayez amoot', "risk"),
    ('bade2tol 7ali', "risk"),
    ('mabadish a3eesh', "risk"),
    ('jouzi byodrobni', "risk"),
    ('quiero tirarme del puente', "risk"),
    ('voy a saltar del balcón', "risk"),
    ('estoy harta de vivir', "risk"),
    ('he guardado pastillas para hacerlo', "risk"),
    ('je vais sauter du pont', "risk"),
    ("j'en ai marre de vivre", "risk"),
    ("quelqu'un force la porte de mon appartement", "risk"),
    ('ich springe gleich von der brücke', "risk"),
    ('ich habe keine kraft mehr zu leben', "risk"),
    ('vou pular da ponte', "risk"),
    ('cansei de viver', "risk"),
    ('skoczę z mostu', "risk"),
    ('mam dość życia', "risk"),
    ('main jeena nahi chahta', "risk"),
    ('main pul se kood jaunga', "risk"),
    ('ich will nicht mehr leben, ehrlich', "risk"),
    ('voglio farla finita stasera', "risk"),
    ('ik wil er niet meer zijn', "risk"),
    ('ölmek istiyorum artık', "risk"),
    ('bidi moot w khalas', "risk"),
    ('nimechoka kuishi kabisa', "risk"),
    ('sitaki kuishi tena', "risk"),
    ('ayoko nang mabuhay', "risk"),
    ('gusto ko nang mamatay', "risk"),
    # round 16: the same words in everyday sentences of those languages
    ('voglio morire dal ridere', "quiet"),
    ('muoio di fame', "quiet"),
    ('ik ga naar de brug om te fietsen', "quiet"),
    ('ölmek istemiyorum', "quiet"),
    ('kocam beni seviyor', "quiet"),
    ('bidi moot min el da7k', "quiet"),
    ('quiero saltar en paracaídas', "quiet"),
    ('je vais sauter en parachute', "quiet"),
    ('ich springe ins wasser im schwimmbad', "quiet"),
    ('vou pular carnaval', "quiet"),
    ('skoczę do sklepu', "quiet"),
    ('marre de la pluie', "quiet"),
    ('mio marito mi porta fiori', "quiet"),
    ('ik wil een hond', "quiet"),
    ('je suis morte de rire', "quiet"),
    ('estoy harta del trabajo', "quiet"),
    ('main pul par chal raha hoon', "quiet"),
    ('ik wil er niet meer zijn dan nodig op dat feestje', "quiet"),
    ('voglio farla finita con questo lavoro', "quiet"),
    ('ölmek istiyorum diye şaka yaptı', "quiet"),
    ('nataka kufa kwa kicheko', "quiet"),
    ('gusto ko nang mawala sa trabaho na ito', "quiet"),
    ('sitaki kuishi london', "quiet"),
    ('nimechoka kuishi hapa mjini', "quiet"),
    # round 16: present danger in blind15's kinds: held by people who took the reader's papers, driving to
    # crash, stepping off a pier, drink and tablets set out, drinking to the end, letting go at a drop, alone
    # on the water
    ("they've kept my id and phone and say if i try to leave they'll hurt my family", "emergency"),
    ('driving at 100 on the motorway with no seatbelt looking for a bridge pillar', "emergency"),
    ('going flat out down the bypass, belt off, aiming for the barrier', "emergency"),
    ('standing at the end of the pier and stepping off now', "emergency"),
    ("i'm up the phone mast", "emergency"),
    ("my boss has my passport and says if i go to the police he'll hurt my mum", "emergency"),
    ('seatbelt off doing 90 on the a1, heading for the next bridge pillar', "emergency"),
    ('walking off the end of the jetty now', "emergency"),
    ("i'm up the radio mast on the hill right now", "emergency"),
    ('sad songs all night, a bottle of gin and my old sertraline lined up on the bed', "emergency"),
    ('whisky and the sleeping pills are on the table in front of me', "emergency"),
    ("fourth can of cider and i'm not stopping until i don't wake up", "emergency"),
    ('standing at the top of the multi storey thinking about letting go', "emergency"),
    ('out in the kayak alone past the buoys, no life jacket on', "emergency"),
    # round 16: someone else's emergency: face down in water, drowning in the readers' languages, gone floppy
    ("there's a toddler floating face down in the paddling pool", "medical"),
    ('a man is lying face down in the canal and not moving', "medical"),
    ('minha filha está se afogando na piscina', "medical"),
    ('mi hijo se está ahogando en el río', "medical"),
    ('my nephew is floating face down in the pond', "medical"),
    ('mia figlia sta annegando al lago', "medical"),
    ('mijn zoon verdrinkt in het kanaal', "medical"),
    ("she's gone all floppy on the sofa", "medical"),
    ("she's gone floppy and her eyes keep rolling back", "medical"),
    # round 16: the same places, papers and words in everyday sentences
    ("my uncle's got a machete for clearing the allotment brambles", "quiet"),
    ('the hotel kept my passport at reception till checkout', "quiet"),
    ('driving at 70 on the motorway with the kids asleep in the back', "quiet"),
    ("i'm at the top of the climbing wall and i'm not coming down till i ring the bell", "quiet"),
    ('standing at the end of the pier watching the boats', "quiet"),
    ('my son floats face down in the pool to practise his breath holding', "quiet"),
    ('they say i start work tonight at the bar, first shift', "quiet"),
    ('mi hijo nada en el río todos los veranos', "quiet"),
    ('the embassy has my passport while they process my visa', "quiet"),
    ('took my seatbelt off to reach the sweets, heading for the services', "quiet"),
    ('at the end of the jetty now, walking back to the car', "quiet"),
    ('i float face down in the pool for fun', "quiet"),
    ('he drowns his sorrows in beer', "quiet"),
    ('mi hijo se ahoga de risa', "quiet"),
    ('de kat verdrinkt bijna in aandacht', "quiet"),
    ("my passport's in the drawer if i need it", "quiet"),
    ('walking off the end of the pier now to get chips', "quiet"),
    ('we walked up the hill to see the radio mast', "quiet"),
    ('the phone mast is up the road', "quiet"),
    ('engineer up the mast fixing the signal', "quiet"),
    ('a bottle of wine and some paracetamol on the table after the party, standard saturday', "quiet"),
    ('bottle of water and my vitamins lined up on the desk for the morning', "quiet"),
    ("not stopping till it's done, this essay is due at 9", "quiet"),
    ('at the top of the climbing wall thinking about letting go of the hold to drop onto the mat', "quiet"),
    ('kayak out alone on the lake, no life jacket needed in the shallows? asking for the rules', "quiet"),
    ("all i want is to be with her again, she's away on tour till june", "quiet"),
    ('the puppy has gone all floppy with sleep', "quiet"),
    ('the lettuce has gone floppy', "quiet"),
    ('my hair is all floppy today', "quiet"),
    ("i want to see the golden gate bridge and i'm walking on 5th street right now", "quiet"),
    ('my mum says she would manage fine without him, the useless plumber', "quiet"),
    ('my brother says the team would do fine without him this weekend', "quiet"),
    ('how do i make my insurance policy different', "quiet"),
    ('make my todo list blank', "quiet"),
    # round 16: a reunion wished after a death
    ('since my husband passed all i want is to be with him again', "risk"),
]


@pytest.mark.parametrize(("text", "expect"), MESSAGES, ids=[f"{e}: {t[:50]}" for t, e in MESSAGES])
def test_the_message_gets_what_its_row_expects(text, expect):
    a = assess(text)
    assert _meets(a, expect), (expect, a)


def test_every_expectation_is_one_the_table_knows():
    for _, expect in MESSAGES:
        _meets(assess("hello"), expect)
