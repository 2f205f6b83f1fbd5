"""The guide's rules (spec/commitments.md), one sentence each: unit or not, type, parties, action."""

from __future__ import annotations

import pytest

from graph.classify import PARTERNE, is_bare_lead_in, judge
from graph.models import CommitmentType

AGR, ACK, PLE = CommitmentType.AGREEMENT, CommitmentType.ACKNOWLEDGMENT, CommitmentType.PLEDGE
R, KL, DR = "Regeringen", "KL", "Danske Regioner"


@pytest.mark.parametrize(
    ("sentence", "kind", "parties", "action"),
    [
        # agreement markers
        ("Regeringen og KL er derfor enige om at igangsætte en analyse af området.", AGR, (R, KL), True),
        ("Regeringen og KL er endvidere enige i, at der skal ske en opfølgning.", AGR, (R, KL), True),
        ("Der er enighed mellem regeringen og KL om at følge udviklingen.", AGR, (R, KL), True),
        ("Der er enighed om at drøfte modellen i efteråret.", AGR, (PARTERNE,), True),
        ("Det er desuden aftalt, at kommunerne skal udarbejde en plan.", AGR, (PARTERNE,), True),
        ("Parterne vil følge op på initiativerne.", AGR, (PARTERNE,), True),
        ("Regeringen, KL og Danske Regioner vil samarbejde om en ny strategi.", AGR, (R, KL, DR), True),
        ("Samtidig vil parterne undersøge, hvordan dette bedst kan fremmes.", AGR, (PARTERNE,), True),
        # acknowledgments
        ("KL tager regeringens beslutning til efterretning.", ACK, (KL,), False),
        ("KL tager til efterretning, at udgifterne til administration nedbringes med 1 mia. kr. i 2024.", ACK, (KL,),
         True),
        ("KL noterer sig, at regeringen vil fremsætte et lovforslag.", ACK, (KL,), False),
        ("KL konstaterer, at rammen er uændret.", ACK, (KL,), False),
        ("Parterne noterer sig, at sundhedsklyngerne er etableret.", ACK, (PARTERNE,), False),
        ("Regeringen og KL anerkender begge problemstillingen.", ACK, (R, KL), False),
        # pledges
        ("Regeringen vil fremsætte et lovforslag om forenkling.", PLE, (R,), True),
        ("Regeringen forpligter sig til at foretage regelforenklinger.", PLE, (R,), True),
        ("Regeringen har til hensigt at sanere i de statslige tilsyn.", PLE, (R,), True),
        ("Regeringen påtænker at udstede en ny bekendtgørelse.", PLE, (R,), True),
        ("Regeringen er indstillet på at sikre de nødvendige ressourcer.", PLE, (R,), True),
        ("KL vil bidrage til en stærk kommunal forankring.", PLE, (KL,), True),
        ("Kommunerne vil udarbejde lokale måltal for søgningen.", PLE, (KL,), True),
        ("Regeringen udarbejder et oplæg for indførelse af takstlofter.", PLE, (R,), True),
        ("Regeringen afsætter en pulje på 50 mio. kr. til nye løsninger.", PLE, (R,), False),
        # present tense with future meaning, joint
        ("Parterne drøfter resultaterne i ØA25.", AGR, (PARTERNE,), True),
        ("Herudover bidrager parterne til udarbejdelse af forløbsbeskrivelser.", AGR, (PARTERNE,), True),
        ("Med aftalen fortsætter regeringen, KL og Danske Regioner arbejdet med datadeling.", AGR, (R, KL, DR), True),
        ("Indenrigs- og Boligministeriet og KL følger løbende udviklingen.", AGR, ("Indenrigs- og Boligministeriet", KL),
         True),
        ("Sundhedsstyrelsen og Socialstyrelsen vil udarbejde nye anbefalinger.", PLE,
         ("Sundhedsstyrelsen", "Socialstyrelsen"), True),
        # joint ambitions
        ("Det er en klar fælles ambition, at der i 2024 leveres konkrete resultater.", AGR, (PARTERNE,), True),
        ("Parterne har en fælles målsætning om at nedbringe sygefraværet.", AGR, (PARTERNE,), True),
        ("Regeringen og KL ønsker at sikre åbningstider, der matcher efterspørgslen.", AGR, (R, KL), True),
        # recaps of earlier agreements between the same parties
        ("Med Aftale om kommunernes økonomi for 2023 er det aftalt at følge op på udgifterne.", AGR, (PARTERNE,), True),
        ("Der er med Aftale om kommunernes økonomi for 2021 enighed om at følge op på skatten.", AGR, (PARTERNE,), True),
        ("Med økonomiaftalen for 2018 blev regeringen og KL enige om, at der er et stort potentiale.", AGR, (R, KL),
         False),
        # passives with the parties as agent or the parties' own negotiation
        ("Modellen drøftes mellem parterne.", AGR, (PARTERNE,), True),
        ("Den nærmere udformning aftales mellem regeringen og KL i efteråret.", AGR, (R, KL), True),
        ("Status drøftes ved forhandlingerne om kommunernes økonomi for 2020.", AGR, (PARTERNE,), True),
        ("De juridiske forhold herved afklares i efteråret 2018.", AGR, (PARTERNE,), True),
        ("Økonomioverførslen afklares, når visitationsretningslinjen er færdig.", AGR, (PARTERNE,), True),
        # one side in the present tense contributing to a named piece of work
        ("Danske Regioner og KL bidrager til udviklingen af et lettilgængeligt kommunalt tilbud.", PLE, (DR, KL), True),
        # two parts: typed by the joint part, every committing party
        ("Parterne vil samle op på anbefalingerne, og KL vil videreformidle kataloget.", AGR, (PARTERNE, KL), True),
        ("Regeringen vil forpligte sig til at forenkle regler, mens kommunerne forpligter sig til at omstille.", AGR,
         (R, KL), True),
    ],
)
def test_units_of_the_guide(sentence: str, kind: CommitmentType, parties: tuple[str, ...], action: bool) -> None:
    judgement = judge(sentence)
    assert judgement is not None, sentence
    assert judgement.type == kind
    assert set(judgement.parties) == set(parties)
    assert judgement.action is action


@pytest.mark.parametrize(
    "sentence",
    [
        "Regeringen har nedsat en kommission om området.",
        "Det er forudsat i aftalen, at overførselsudgifterne udgør 71,8 mia. kr.",
        "Der nedsættes en arbejdsgruppe, som skal komme med anbefalinger.",
        "Basisbudgettet skal genbesøges i forbindelse med ØA23.",
        "KL vil blive inddraget i arbejdet.",
        "Regeringen har tilkendegivet, at den vil invitere KL.",
        "Regeringen anerkender, at kommunerne har løftet en stor opgave.",
        "Regeringen støtter op om kommunernes indsats.",
        "KL bakker fuldt op om regeringens forslag.",
        "Regeringen er opmærksom på udfordringerne.",
        "Regeringen opfordrer kommunerne til at prioritere området.",
        "Regeringen ser gerne, at flere kommuner deltager.",
        "Regeringen forventer, at lovforslaget træder i kraft medio 2020.",
        "Det er regeringens ambition at sænke skattetrykket.",
        "Regeringen og Folketingets partier er enige om en ny reform.",
        "Med ØA23 igangsatte parterne en analyse af området.",
        # a recap of an agreement with other parties: the enighed is that agreement's
        "Der er med Aftale om reform af tilskudssystemet af 1. maj 2020 enighed om at understøtte skatten.",
        "Kommunerne vil i det nye system spille en nøglerolle.",
        "Staten, kommunerne og regionerne spiller en central rolle.",
        "Bestyrelsen vil dertil have en repræsentant udpeget af Regionsrådet.",
        "Ankestyrelsen vil i det nye system være den centrale myndighed.",
        # an agentless discussion in a forum just described, not the parties' own negotiation
        "I den forbindelse drøftes mulighederne for at styrke rammerne for energiplanlægningen.",
        # a decision taken with others, not in an economy agreement
        "Regeringen og KL besluttede sidste år at mødes oftere.",
        # contributing to an effect describes, it does not commit
        "Kommunerne bidrager til at løfte kvaliteten i velfærden.",
    ],
)
def test_not_units_of_the_guide(sentence: str) -> None:
    assert judge(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "action"),
    [
        ("Regeringen og KL er enige om, at der er behov for en styrket indsats.", False),
        ("Parterne er enige om vigtigheden af, at kommunerne anvender flerårige budgetter.", False),
        ("Parterne er enige om vigtigheden af at arbejde med elevernes trivsel.", False),
        ("Parterne er enige om, at der gives en dispensation til, at rammen forhøjes til 100 kr. pr. borger.", True),
        ("Parterne er enige om, at rammen forhøjes med 100 mio. kr.", False),
        ("Regeringen og KL er enige om, at servicerammen udgør 304,8 mia. kr.", False),
        ("Regeringen og KL er enige om at løfte udgangspunktet med 2,2 mia. kr.", False),
        ("Regeringen og KL er enige om at videreføre tilskuddet på 3,5 mia. kr. i 2020.", False),
        ("Regeringen og KL er enige om, at kommunerne kan anvende de likvide midler.", False),
        ("Regeringen og KL er enige om, at det er en central forudsætning for økonomiaftalen, at rammen overholdes.",
         False),
        ("Regeringen tilkendegiver, at fastfrysningen af afregningen videreføres i 2020.", False),
        ("Regeringen og KL er enige om, at kommunerne skal nedbringe forbruget af konsulenter.", True),
        ("Regeringen og KL er enige om, at der kan frigøres 0,5 mia. kr. i 2020.", True),
        ("Regeringen og KL er enige om, at kommunerne kan frigøre ressourcer ved færre konsulenter.", False),
        ("Regeringen og KL er enige om, at det er økonomisk fordelagtigt, at kommunerne betaler gælden ud.", False),
        ("Parterne er enige om, at en forudsætning for arbejdet er, at kommunerne har et værktøj.", False),
        ("Regeringen og KL er enige om, at der foretages en efterregulering ved ØA25.", True),
        # a regulation this agreement settles with its amount is a fixed figure; one left to a later agreement binds
        ("Regeringen og KL er enige om, at der foretages en midtvejsregulering vedrørende 2023 på 5,0 mia. kr.", False),
        ("Regeringen og KL er enige om, at der foretages en efterregulering på 0,2 mia. kr. ved ØA25.", True),
        ("Regeringen og KL er enige om at nedsætte en arbejdsgruppe.", True),
        ("Regeringen og KL er enige om, at der i 2024 udbetales kompensation til trafikselskaberne.", False),
        # a comparative after `enige om` is no bare infinitive: the compensation is a fund the agreement fixes
        ("Regeringen og KL er enige om yderligere kompensation til trafikselskaberne.", False),
        ("Parterne er enige om, at opgaven forankres bedst i kommunerne.", False),
        ("Parterne er enige om, at opgaven forankres i kommunerne.", True),
        ("Parterne er enige om, at det for borgernes retssikkerhed er afgørende, at reglerne forenkles.", False),
        # the passive of a purpose clause is what the act serves; `deres` is a pronoun, not a passive
        ("Parterne er enige om at kommunerne spiller en rolle med henblik på, at målene kan tages ned lokalt.", False),
        ("Parterne er enige om at kommunerne styrker indsatsen med henblik på, at målene kan nås lokalt.", True),
        ("Parterne er enige om, at borgerne kender deres rettigheder.", False),
        ("Regeringen og KL er enige om, at det aftalte anlægsniveau skal ses i lyset af den særlige situation.", False),
        ("Regeringen og KL er enige om, at det aftalte anlægsniveau skal ses efter i 2024.", True),
        # money the agreement itself puts somewhere, named as an amount: a fixed frame
        ("Regeringen og KL er enige om at prioritere 40 mio. kr. i 2023 til sundhedsklyngerne.", False),
        ("Parterne er enige om fortsat at styrke sundheds-it med 105,3 mio. kr. i 2023.", False),
        ("Parterne er enige om at sikre en stærk infrastruktur ved at afsætte 109,6 mio. kr. i 2024.", False),
        ("Parterne er enige om at styrke indsatsen for sundheds-it.", True),
        # a view word the infinitive hangs off; a frame (`inden for … rammer`) is no time to reach a state by
        ("Parterne er enige om målsætningerne i strategien og vigtigheden af at udvikle fælles standarder.", False),
        ("Parterne er enige om, at kommunalbestyrelsen inden for lovgivningens rammer har ansvaret for at prioritere.",
         False),
        ("Parterne er enige om, at der inden udgangen af 2019 er udarbejdet planer.", True),
        # joint ambitions and goals bind, whatever their predicate (the gold reads every one as binding)
        ("Regeringen, KL og Danske Regioner har en fælles ambition om, at bilflåden er emissionsfri i 2030.", True),
        ("Parterne er enige om, at det er en fælles ambition at reducere administration svarende til 0,7 mia. kr.", True),
        ("Regeringen og KL er enige om, at det er et fælles mål at sikre implementering af de nye redskaber.", True),
        ("Regeringen og KL er enige om, at parterne har en fælles opgave med at følge op på resultaterne.", True),
        # a present tense of work still to do, or of a change still to happen
        ("Regeringen og KL er enige om, at samarbejdsprogrammet indledningsvist ser på spor 1 og spor 2.", True),
        ("Regeringen og KL er enige om, at en række statslige opgaver pr. 1. januar 2022 overgår til kommunerne.", True),
        # who pays, and how two things relate, are principles and views
        ("Parterne er enige om, at gevinsterne forbliver decentralt, mod at omkostningerne afholdes inden for "
         "eksisterende rammer.", False),
        ("Regeringen og KL er enige om, at større frihed går hånd i hånd med, at der sættes en tydelig retning.", False),
        # a frame said of the object in a relative clause does not make the object a frame
        ("Parterne er enige om en række initiativer, der skal ligge inden for de eksisterende økonomiske rammer.", True),
        ("Parterne er enige om en ramme på 100 mio. kr.", False),
        # a recap takes the action of what it recaps: an amount the municipalities are to realise binds
        ("Med økonomiaftalen for 2021 aftalte parterne, at konsulentforbruget kan nedbringes med 1,0 mia. kr. årligt.",
         True),
        ("Regeringen og KL besluttede i forbindelse med Aftale om kommunernes økonomi for 2020 at igangsætte en analyse.",
         True),
    ],
)
def test_action_of_the_guide(sentence: str, action: bool) -> None:
    judgement = judge(sentence)
    assert judgement is not None
    assert judgement.action is action


def test_bare_lead_in_versus_lead_in_with_content() -> None:
    assert is_bare_lead_in("Regeringen og KL er enige om følgende:")
    assert is_bare_lead_in("Parterne er på den baggrund enige om følgende tiltag på området:")
    assert is_bare_lead_in("Der er enighed om:")
    assert not is_bare_lead_in("Der er enighed om, at kommunerne kompenseres for i alt 1,3 mia. kr., som vedrører følgende udgifter:")
