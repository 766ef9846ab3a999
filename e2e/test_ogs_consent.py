"""OGS registration with the second parent's consent, across two browsers: the applicant registers her child
on a phone; the other parent, in a second browser, opens the e-mailed invitation, registers with the invited
address, confirms it, reviews exactly what he agrees to and agrees; the applicant's case page, left open,
shows the consent by itself. And the two other school services walked to their check-answers page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

from e2e.application_pages import CasePage
from e2e.conftest import ACTION_TIMEOUT_MS
from e2e.ogs_pages import (
    BAFOEG_TITLE,
    OGS_TITLE,
    SFK_TITLE,
    ConsentOnCase,
    ConsentPage,
    begin,
    confirmation_link,
    first_school_year,
    invitation_link,
    new_school_family,
    proof_photo,
    school_year_label,
)
from e2e.pages import A11yLedger, ConfirmPage, a11y, fresh_email, fresh_password, german_date
from e2e.test_kita_application import months_ahead


def test_ogs_registration_with_the_other_parents_consent(
    page: Page, context: BrowserContext, new_context: Any, mailbox: Any
) -> None:
    email, _ = new_school_family(page, mailbox)
    other = fresh_email()
    typo = other.replace("@", ".typo@")  # the applicant first gets the other parent's address wrong
    year = school_year_label(first_school_year())

    # The applicant: child, school, care, custody with the other parent's address, family.
    kind = begin(page, "ogs", OGS_TITLE, "Ihr Kind")
    expect(
        kind.group("Kind").get_by_role("radio", name=re.compile(r"^Lina Test, geboren am"))
    ).to_be_checked()
    school = kind.continue_to("Schule und Schuljahr")
    school.choose_starting("Für welches Schuljahr melden Sie Ihr Kind an?", year)
    school.fill("Name der Grundschule", "Grundschule Am Hang")
    school.choose("In welche Klasse geht Ihr Kind in diesem Schuljahr?", "Klasse 2")
    care = school.continue_to("Betreuung und Mittagessen")
    expect(page.get_by_text("Die OGS betreut Ihr Kind an fünf Tagen pro Woche")).to_be_visible()
    care.tick("Mein Kind besucht die OGS an allen fünf Schultagen.")
    care.choose("Nimmt Ihr Kind am Mittagessen teil?", "Ja")
    custody = care.continue_to("Sorgerecht")
    custody.choose("Haben Sie das alleinige Sorgerecht für Ihr Kind?", "Nein")
    custody.fill("Name des anderen Elternteils", "Ben Test")
    custody.fill("E-Mail-Adresse des anderen Elternteils", typo)
    family = custody.continue_to("Familie und Berufstätigkeit")
    family.choose("Sind Sie alleinerziehend?", "Nein")
    family.choose("Sind beide Eltern in Vollzeit berufstätig?", "Nein")
    more = family.continue_to("Geschwister und Härtefall")
    check = more.continue_to_check()
    expect(check.answer("Für welches Schuljahr melden Sie Ihr Kind an?")).to_have_text(year)
    expect(check.answer("E-Mail-Adresse des anderen Elternteils")).to_have_text(typo)
    expect(check.answer("Zustimmung des anderen Elternteils")).to_have_text(
        f"Nach dem Absenden bitten wir Ben Test per E-Mail an {typo} um Zustimmung. Erst danach geht die "
        "Anmeldung an die Schule."
    )
    expect(check.answer("Punkte nach den Aufnahmekriterien")).to_have_text("0 Punkte")
    check.confirm_all()
    receipt = check.submit()
    reference = receipt.reference
    assert re.fullmatch(r"OGS-\d{4}-\d{6}", reference), reference
    case = receipt.open_status()
    case.expect_status("Zustimmung ausstehend")
    consent = ConsentOnCase(case)
    consent.expect_pending(typo)
    a11y(page)
    wrong_link = invitation_link(mailbox, typo)

    # The address was wrong: corrected on the case page (a broken one is refused at the field), sent again.
    address = page.get_by_label("E-Mail-Adresse des anderen Elternteils")
    address.fill("ben.test@")
    page.get_by_role("button", name="Einladung erneut senden").click()
    expect(page.get_by_label("E-Mail-Adresse des anderen Elternteils")).to_have_value("ben.test@")
    expect(page.locator("#email-error")).to_be_visible()
    a11y(page)
    page.get_by_label("E-Mail-Adresse des anderen Elternteils").fill(other)
    page.get_by_role("button", name="Einladung erneut senden").click()
    case = CasePage(page).expect_shown()
    case.expect_banner("Die Einladung zur Zustimmung ist verschickt.")
    consent = ConsentOnCase(case)
    consent.expect_pending(other)

    # The other parent, in his own browser: the invitation, then an account with the invited address.
    second: BrowserContext = new_context()
    second.set_default_timeout(ACTION_TIMEOUT_MS)
    ledger = A11yLedger.attach(second)
    his = second.new_page()
    # The first link (to the wrong address) no longer works.
    his.goto(wrong_link)
    expect(his.get_by_role("main")).to_contain_text("Diese Einladung wurde durch eine neue ersetzt.")
    a11y(his)
    link = invitation_link(mailbox, other)
    invitation = ConsentPage(his).open(link)
    expect(invitation.main).to_contain_text(f"Die Einladung ging an {other}.")
    expect(invitation.main).not_to_contain_text("Grundschule Am Hang")
    password = fresh_password()
    invitation.register_from_here().register(other, password)
    ConfirmPage(his).open(confirmation_link(mailbox, other)).confirm_ok()

    # Back to the invitation: log in there, review, agree.
    invitation = ConsentPage(his).open(link)
    invitation = invitation.log_in_from_here(other, password)
    expect(invitation.main).to_contain_text(f"{email} hat am")
    expect(invitation.main).to_contain_text(f"(Aktenzeichen {reference})")
    expect(invitation.agreement).to_contain_text(
        "dass unser Kind für das im Antrag genannte Schuljahr verbindlich zur Offenen Ganztagsschule angemeldet wird"
    )
    expect(invitation.answer_of("Kind")).to_have_text(re.compile(r"^Lina Test, geboren am "))
    expect(invitation.answer_of("Name der Grundschule")).to_have_text("Grundschule Am Hang")
    expect(invitation.answer_of("Nimmt Ihr Kind am Mittagessen teil?")).to_have_text("Ja")
    invitation.agree()
    assert not ledger.unchecked(), ledger.unchecked()
    second.close()

    # The applicant's case page was left open: it shows the consent and the new status by itself.
    consent.expect_agreed_by(other)
    case.expect_status("Eingereicht")
    expect(page.get_by_role("list").filter(has_text="Der andere Elternteil")).to_contain_text(
        f"Der andere Elternteil ({other}) hat am"
    )
    a11y(page)
    # Reloaded, the form to correct the address is gone: there is nothing left to send.
    page.reload()
    CasePage(page).expect_shown()
    consent.expect_agreed_by(other, timeout=ACTION_TIMEOUT_MS)
    expect(page.get_by_label("E-Mail-Adresse des anderen Elternteils")).to_have_count(0)


def test_school_transport_costs_to_check_answers(
    page: Page, context: BrowserContext, mailbox: Any, tmp_path: Path
) -> None:
    new_school_family(page, mailbox, first_name="Jonas")
    pupil = begin(page, "schuelerfahrkosten", SFK_TITLE, "Schülerin oder Schüler")
    expect(
        pupil.group("Für welches Kind beantragen Sie die Fahrkosten?").get_by_role(
            "radio", name=re.compile(r"^Jonas Test")
        )
    ).to_be_checked()
    school = pupil.continue_to("Schule und Klasse")
    school.fill("Name und Ort der Schule", "Gesamtschule Barmen, Wuppertal")
    page.get_by_label("Klasse im laufenden oder kommenden Schuljahr").select_option(label="Klasse 7")
    way = school.continue_to("Wohnung und Schulweg")
    address = way.group("Wo wohnt Ihr Kind?")
    address.get_by_label("Straße").fill("Schulstraße")
    address.get_by_label("Hausnummer").fill("12")
    address.get_by_label("Postleitzahl").fill("42103")
    address.get_by_label("Ort").fill("Wuppertal")
    way.fill("Wie lang ist der kürzeste Fußweg zur Schule (in km)?", "2,8")
    way.choose("Ist der Schulweg besonders gefährlich oder für Ihr Kind nicht zumutbar?", "Nein")
    way.continue_with_error(
        "distance_km",
        "Bei einem Schulweg von 2,8 km werden die Fahrkosten nicht übernommen: In Klasse 7 muss der kürzeste "
        "Fußweg länger als 3,5 km sein. Ist der Weg besonders gefährlich, wählen Sie unten „Ja“ und "
        "beschreiben Sie die Gefahr.",
    )
    way.fill("Wie lang ist der kürzeste Fußweg zur Schule (in km)?", "4,1")
    proofs = way.continue_to("Nachweise")
    proofs.upload("Schulbescheinigung", proof_photo(tmp_path, "schulbescheinigung"))
    proofs.choose(
        "Erhält Ihre Familie Bürgergeld, Sozialhilfe, Wohngeld, Kinderzuschlag oder Asylbewerberleistungen?",
        "Nein",
    )
    payout = proofs.continue_to("Ticket oder Erstattung")
    payout.choose_starting("Wie möchten Sie die Fahrkosten erhalten?", "Erstattung auf mein Konto")
    payout.fill("Kontoinhaberin oder Kontoinhaber", "Anna Test")
    payout.fill("IBAN", "DE89 3704 0044 0532 0130 00")
    check = payout.continue_to_check()
    expect(check.answer("Kürzester Fußweg zur Schule (km)")).to_have_text("4,1")
    expect(check.answer("Schulbescheinigung")).to_have_text("1 Seite hochgeladen")
    expect(check.answer("Anspruch nach der Entfernung")).to_have_text(
        "Ja: 4,1 km sind mehr als 3,5 km (Klasse 5 bis 10)."
    )
    expect(page.get_by_role("button", name="Verbindlich absenden")).to_be_visible()


def test_schueler_bafoeg_to_check_answers(
    page: Page, context: BrowserContext, mailbox: Any, tmp_path: Path
) -> None:
    new_school_family(page, mailbox)
    person = begin(page, "schueler_bafoeg", BAFOEG_TITLE, "Angaben zur Person")
    person.fill("Vorname", "Lea")
    person.fill("Nachname", "Test")
    born = page.get_by_role("group", name="Geburtsdatum")
    born.get_by_label("Tag", exact=True).fill("27")
    born.get_by_label("Monat", exact=True).fill("3")
    born.get_by_label("Jahr", exact=True).fill("2008")
    person.fill("Geburtsort", "Wuppertal")
    address = person.group("Anschrift")
    address.get_by_label("Straße").fill("Schulstraße")
    address.get_by_label("Hausnummer").fill("12")
    address.get_by_label("Postleitzahl").fill("42103")
    address.get_by_label("Ort").fill("Wuppertal")
    training = person.continue_to("Schule und Ausbildung")
    training.choose_starting("Welche Schule besuchen Sie?", "Allgemeinbildende Schule")
    training.choose("In welche Klasse gehen Sie?", "Klasse 11")
    training.fill("Name und Ort der Schule", "Gymnasium Am Kothen, Wuppertal")
    training.fill("Klasse oder Bildungsgang", "Jahrgangsstufe Q1")
    start = months_ahead(2)
    training.fill_date("Ab wann beantragen Sie Förderung?", start)
    living = training.continue_to("Wohnsituation")
    living.choose("Wo wohnen Sie während der Ausbildung?", "Bei meinen Eltern oder einem Elternteil")
    living.continue_with_error(
        "living",
        "Für den Besuch dieser Schule gibt es Schüler-BAföG nur, wenn Sie nicht bei Ihren Eltern wohnen, weil "
        "von dort keine entsprechende Schule zumutbar erreichbar ist, weil Sie verheiratet sind oder waren oder "
        "weil Sie mit einem eigenen Kind zusammenleben (§ 2 Abs. 1a BAföG).",
    )
    living.choose(
        "Wo wohnen Sie während der Ausbildung?",
        "Nicht bei meinen Eltern, zum Beispiel in einer eigenen Wohnung",
    )
    living.choose(
        "Warum wohnen Sie nicht bei Ihren Eltern?",
        "Von der Wohnung meiner Eltern ist keine entsprechende Schule zumutbar erreichbar",
    )
    living.fill("Monatliche Miete einschließlich Nebenkosten", "420,00")
    living.upload("Mietvertrag", proof_photo(tmp_path, "mietvertrag", seed=2))
    certificate = living.continue_to("Schulbescheinigung")
    certificate.upload("Schulbescheinigung (Formblatt 2)", proof_photo(tmp_path, "formblatt2", seed=3))
    parents = certificate.continue_to("Einkommen Ihrer Eltern")
    parents.fill("Name des ersten Elternteils", "Anna Test")
    parents.fill("Jahreseinkommen des ersten Elternteils", "31.200,00")
    parents.upload("Einkommensnachweise Ihrer Eltern", proof_photo(tmp_path, "steuerbescheid", seed=4))
    account = parents.continue_to("Bankverbindung")
    account.fill("Kontoinhaberin oder Kontoinhaber", "Lea Test")
    account.fill("IBAN", "DE89 3704 0044 0532 0130 00")
    check = account.continue_to_check()
    expect(check.answer("Geburtsdatum")).to_have_text("27.03.2008")
    expect(check.answer("Ab wann beantragen Sie Förderung?")).to_have_text(german_date(start))
    expect(check.answer("Mietvertrag")).to_have_text("1 Seite hochgeladen")
    expect(check.answer("Art der Förderung")).to_have_text(
        "Zuschuss – Schüler-BAföG muss nicht zurückgezahlt werden."
    )
    expect(check.answer("Einkommen der Eltern")).to_contain_text(f"31.200,00 € im Jahr {start.year - 2}")
    expect(check.answer("Unterschrift")).to_contain_text("Das Gesetz verlangt Ihre Unterschrift.")
    expect(page.get_by_role("button", name="Verbindlich absenden")).to_be_visible()
