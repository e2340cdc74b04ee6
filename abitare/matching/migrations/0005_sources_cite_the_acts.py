"""Rewrite the shipped rule sets' and refusal rules' sources (data/rulesets, data/refusal-rules):
the text as shipped cited design documents kept outside the repository; it now cites the act
itself and Abitare. Only rows still holding the old text are changed (docs/sources.md has the
sources)."""

from django.db import migrations

from abitare.core.shipped_text import rewrite_shipped_text

# (model, old text as shipped, new text)
REWRITES = [
    (
        "RuleSet",
        (
            "L.R. Lombardia 8 luglio 2016 n. 16; R.R. 4 agosto 2017 n. 4 come modificato dal R.R. 8 marzo"
            " 2019 n. 3, requisiti di accesso come riportati dagli avvisi comunali 2019-2025 (DOMAIN.md "
            "2.2): ISEE non superiore a 16.000 euro, residenza o attività lavorativa in Lombardia, nessun"
            " alloggio adeguato di proprietà. Non codificati perché non reperiti: i limiti patrimoniali "
            "per numero di componenti, i requisiti di cittadinanza e l'assenza di decadenze negli ultimi "
            "5 anni."
        ),
        (
            "L.R. Lombardia 8 luglio 2016 n. 16; R.R. 4 agosto 2017 n. 4 come modificato dal R.R. 8 marzo"
            " 2019 n. 3, requisiti di accesso come riportati dagli avvisi comunali 2019-2025: ISEE non "
            "superiore a 16.000 euro, residenza o attività lavorativa in Lombardia, nessun alloggio "
            "adeguato di proprietà. Non codificati perché non reperiti: i limiti patrimoniali per numero "
            "di componenti, i requisiti di cittadinanza e l'assenza di decadenze negli ultimi 5 anni."
        ),
    ),
    (
        "RuleSet",
        (
            "L.R. Toscana 2 gennaio 2019 n. 2, Allegato A. La soglia ISEE di 16.500 euro è riportata da "
            "DOMAIN.md come non confermata [M]: verificarla su "
            "raccoltanormativa.consiglio.regione.toscana.it prima dell'uso. Non codificati: i limiti "
            "patrimoniali (mobiliare, immobiliare e complessivo)."
        ),
        (
            "L.R. Toscana 2 gennaio 2019 n. 2, Allegato A. La soglia ISEE di 16.500 euro non è confermata"
            " [M]: Abitare non ha reperito il testo dell'Allegato A; verificarla su "
            "raccoltanormativa.consiglio.regione.toscana.it prima dell'uso. Non codificati: i limiti "
            "patrimoniali (mobiliare, immobiliare e complessivo)."
        ),
    ),
    (
        "RuleSet",
        (
            "Esempio di Abitare costruito sui fattori di DESIGN.md 2.4 (attesa, ISEE, minori, disabilità,"
            " anziani, sfratto, sovraffollamento) e sulla struttura dell'Allegato 1 del R.R. Lombardia "
            "1/2004 (condizioni familiari, abitative, economiche). I pesi sono illustrativi: la formula "
            "ISBAR del R.R. 4/2017 non è stata reperita (DOMAIN.md 2.2). La soglia di indigenza ISEE < "
            "3.000 euro è quella riportata per la quota del 20% dell'art. 15 R.R. 4/2017 [S]. Sostituire "
            "con il regolamento del territorio."
        ),
        (
            "Esempio di Abitare costruito sui fattori di priorità più comuni (attesa, ISEE, minori, "
            "disabilità, anziani, sfratto, sovraffollamento) e sulla struttura dell'Allegato 1 del R.R. "
            "Lombardia 1/2004 (condizioni familiari, abitative, economiche). I pesi sono illustrativi: la"
            " formula ISBAR del R.R. 4/2017 non è stata reperita. La soglia di indigenza ISEE < 3.000 "
            "euro è quella riportata per la quota del 20% dell'art. 15 R.R. 4/2017 [S]. Sostituire con il"
            " regolamento del territorio."
        ),
    ),
    (
        "RefusalRule",
        (
            "Esempio da verificare: R.R. Lombardia 4 agosto 2017 n. 4 come modificato dal R.R. 8 marzo "
            "2019 n. 3, disciplina della rinuncia all'alloggio adeguato proposto in assegnazione. "
            "L'articolo e la conseguenza esatta non sono stati reperiti (DOMAIN.md non riporta norme "
            "sulla rinuncia; riporta solo l'adeguatezza dell'alloggio, art. 9 c. 3 e 3-bis): la "
            "conseguenza qui codificata, l'esclusione dalla graduatoria per la rinuncia ingiustificata, è"
            " un esempio e non una norma. Verificare sul testo vigente prima dell'uso."
        ),
        (
            "Esempio da verificare: R.R. Lombardia 4 agosto 2017 n. 4 come modificato dal R.R. 8 marzo "
            "2019 n. 3, disciplina della rinuncia all'alloggio adeguato proposto in assegnazione. "
            "L'articolo e la conseguenza esatta non sono stati reperiti (Abitare non ha reperito norme "
            "sulla rinuncia, solo quella sull'adeguatezza dell'alloggio, art. 9 c. 3 e 3-bis): la "
            "conseguenza qui codificata, l'esclusione dalla graduatoria per la rinuncia ingiustificata, è"
            " un esempio e non una norma. Verificare sul testo vigente prima dell'uso."
        ),
    ),
    (
        "RefusalRule",
        (
            "Esempio da verificare: L.R. Toscana 2 gennaio 2019 n. 2, disciplina della rinuncia "
            "all'alloggio assegnato. L'articolo e la conseguenza esatta non sono stati reperiti "
            "(DOMAIN.md non riporta norme sulla rinuncia): la perdita di 2 punti in graduatoria per la "
            "rinuncia ingiustificata è un esempio e non una norma. Verificare su "
            "raccoltanormativa.consiglio.regione.toscana.it prima dell'uso."
        ),
        (
            "Esempio da verificare: L.R. Toscana 2 gennaio 2019 n. 2, disciplina della rinuncia "
            "all'alloggio assegnato. L'articolo e la conseguenza esatta non sono stati reperiti (Abitare "
            "non ha reperito norme sulla rinuncia): la perdita di 2 punti in graduatoria per la rinuncia "
            "ingiustificata è un esempio e non una norma. Verificare su "
            "raccoltanormativa.consiglio.regione.toscana.it prima dell'uso."
        ),
    ),
]


class Migration(migrations.Migration):
    dependencies = [("matching", "0004_ruleset_regime")]

    operations = [rewrite_shipped_text("matching", REWRITES)]
