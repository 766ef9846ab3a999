"""Page objects for the family services of the catalogue: the catalogue page grouped by life situation, a
service's quick check, and a small vocabulary to fill any step of the engine by its German labels (choose,
fill, date, address, tick, photograph a proof). Builds on application_pages.py."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect

from e2e.application_pages import UUID, StepPage, camera_photo
from e2e.pages import HouseholdPage, LoginPage, PortalPage, register_and_confirm

UPLOAD_TIMEOUT_MS = 30_000


class CataloguePage(PortalPage):
    """ "Anträge": the tenant's services under a heading per life situation."""

    path = "/antraege/"
    heading = "Anträge"

    def situation(self, label: str) -> Locator:
        """The list of services under the life situation's heading."""
        heading = self.page.get_by_role("heading", level=2, name=label, exact=True)
        expect(heading).to_be_visible()
        return heading.locator("xpath=following-sibling::ul[1]")

    def services_in(self, label: str) -> list[str]:
        return self.situation(label).get_by_role("heading", level=3).all_inner_texts()

    def open_service(self, situation: str, title: str) -> ServicePage:
        self.situation(situation).get_by_role("link", name=title, exact=True).click()
        return ServicePage(self.page, self.tenant, title).expect_shown()

    def open_quick_check(self, situation: str, short_title: str) -> QuickCheckPage:
        link = self.situation(situation).get_by_role(
            "link", name=f"Schnellcheck: Lohnt sich ein Antrag? ({short_title})"
        )
        link.click()
        return QuickCheckPage(self.page, self.tenant).expect_shown()


class ServicePage(PortalPage):
    """A service's start page: what it is, what to have at hand, and the button to begin."""

    def __init__(self, page: Page, tenant: str, title: str) -> None:
        super().__init__(page, tenant)
        self.heading = title  # type: ignore[misc]

    def expect_shown(self) -> ServicePage:
        super().expect_shown()
        return self

    def begin(self, first_step: str) -> ServiceStep:
        self.page.get_by_role("button", name=re.compile(r"Antrag beginnen$")).click()
        expect(self.page).to_have_url(re.compile(rf"/antraege/[a-z_]+/{UUID}/"))
        return ServiceStep(self.page, first_step, self.tenant).expect_shown()


class QuickCheckPage(PortalPage):
    heading = "Schnellcheck"

    @property
    def result(self) -> Locator:
        """The assessment: its heading says whether applying is likely worth it, then the reasons."""
        return self.page.get_by_role("status").filter(has=self.page.get_by_role("heading", level=2))

    @property
    def verdict(self) -> Locator:
        return self.result.get_by_role("heading", level=2)

    @property
    def to_prepare(self) -> Locator:
        return self.page.get_by_role("heading", name="Das sollten Sie bereithalten").locator(
            "xpath=following-sibling::ul[1]"
        )

    def choose(self, question: str, answer: str, exact: bool = True) -> None:
        """`exact=False` for an answer with a hint (the hint is part of the label)."""
        self.page.get_by_role("group", name=question, exact=True).get_by_label(answer, exact=exact).check()

    def assess(self) -> QuickCheckPage:
        self.page.get_by_role("button", name="Prüfen").click()
        expect(self.result).to_be_visible()
        return self.expect_shown()

    def begin_with_these_answers(self, first_step: str) -> ServiceStep:
        self.page.get_by_role("button", name="Antrag mit diesen Angaben beginnen").click()
        expect(self.page).to_have_url(re.compile(rf"/antraege/[a-z_]+/{UUID}/"))
        return ServiceStep(self.page, first_step, self.tenant).expect_shown()


class ServiceStep(StepPage):
    """One step of any service, filled by the labels a parent reads."""

    def expect_shown(self) -> ServiceStep:
        super().expect_shown()
        return self

    def group(self, name: str) -> Locator:
        return self.page.get_by_role("group", name=name, exact=True)

    def choose(self, group: str, option: str, exact: bool = True) -> None:
        """`exact=False` for an option with a hint (the hint is part of the label)."""
        self.group(group).get_by_label(option, exact=exact).check()

    def fill(self, label: str, text: str) -> None:
        self.page.get_by_label(label, exact=True).fill(text)

    def address(self, group: str, street: str, number: str, postcode: str, city: str) -> None:
        box = self.group(group)
        for label, value in (
            ("Straße", street),
            ("Hausnummer", number),
            ("Postleitzahl", postcode),
            ("Ort", city),
        ):
            box.get_by_label(label, exact=True).fill(value)

    def tick(self, group: str, *options: str) -> None:
        for option in options:
            self.group(group).get_by_label(option, exact=True).check()

    def confirm(self, label: str) -> None:
        self.page.get_by_role("checkbox", name=label, exact=True).check()

    def photograph(self, label: str, photo: Path) -> None:
        """Add one page to the proof slot and wait until the server has it."""
        slot = self.proof(label)
        slot.choose_files(photo)
        slot.expect_pages("Hochgeladen", timeout=UPLOAD_TIMEOUT_MS)

    def continue_to(self, heading: str) -> ServiceStep:
        self.page.get_by_role("button", name="Speichern und weiter").click()
        return ServiceStep(self.page, heading, self.tenant).expect_shown()


# --- a step as data ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Choose:
    group: str
    option: str
    exact: bool = True


@dataclass(frozen=True)
class Fill:
    label: str
    text: str


@dataclass(frozen=True)
class Date:
    group: str
    day: dt.date


@dataclass(frozen=True)
class Address:
    group: str
    street: str = "Musterstraße"
    number: str = "3"
    postcode: str = "42103"
    city: str = "Wuppertal"


@dataclass(frozen=True)
class Tick:
    group: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class Confirm:
    label: str


@dataclass(frozen=True)
class Proof:
    label: str


@dataclass(frozen=True)
class Checked:
    """An answer that is already there (prefilled), checked rather than given."""

    group: str
    option: str


@dataclass(frozen=True)
class ChildChosen:
    """The household's only child is already chosen in this group (prefilled)."""

    group: str


Action = Choose | Fill | Date | Address | Tick | Confirm | Proof | Checked | ChildChosen


@dataclass(frozen=True)
class StepSpec:
    heading: str
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True)
class Journey:
    """A service walked from the catalogue to its check-answers page."""

    service: str
    situation: str
    title: str
    child_age_months: int
    steps: tuple[StepSpec, ...]
    # Rows of the check-answers page (label -> exact text or pattern).
    answers: dict[str, str | re.Pattern[str]] = field(default_factory=dict)


def perform(step: ServiceStep, action: Action, photo: Path, child: str) -> None:
    if isinstance(action, ChildChosen):
        expect(step.group(action.group).get_by_label(child, exact=True)).to_be_checked()
    elif isinstance(action, Choose):
        step.choose(action.group, action.option, action.exact)
    elif isinstance(action, Checked):
        expect(step.group(action.group).get_by_label(action.option, exact=True)).to_be_checked()
    elif isinstance(action, Fill):
        step.fill(action.label, action.text)
    elif isinstance(action, Date):
        step.fill_date(action.group, action.day)
    elif isinstance(action, Address):
        step.address(action.group, action.street, action.number, action.postcode, action.city)
    elif isinstance(action, Tick):
        step.tick(action.group, *action.options)
    elif isinstance(action, Confirm):
        step.confirm(action.label)
    elif isinstance(action, Proof):
        step.photograph(action.label, photo)
    else:  # pragma: no cover - the Action union is closed
        raise AssertionError(action)


def walk(first: ServiceStep, steps: tuple[StepSpec, ...], photo: Path, child: str) -> None:
    """Fill every step and go on; the step after the last one is the check-answers page. `child` is how
    the household's child is labelled."""
    step = first
    for index, spec in enumerate(steps):
        assert step.title == spec.heading
        for action in spec.actions:
            perform(step, action, photo, child)
        if index + 1 < len(steps):
            step = step.continue_to(steps[index + 1].heading)
        else:
            step.page.get_by_role("button", name="Speichern und weiter").click()


# --- a family ------------------------------------------------------------------------------------------------
def months_before_today(months: int) -> dt.date:
    """A birth date `months` months ago (on the 10th, so every month has the day)."""
    today = dt.date.today()
    index = today.year * 12 + today.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 10)


def family_with_child(page: Page, mailbox: Any, child_born: dt.date, tenant: str = "wuppertal") -> str:
    """A new parent, logged in, with one guardian and one child in the household; returns the child's label
    as the services show it ("Lea Test, geboren am …")."""
    email, password = register_and_confirm(page, mailbox, tenant)
    LoginPage(page, tenant).login(email, password)
    household = HouseholdPage(page, tenant).goto()
    child = household.add_child()
    child.fill_born("Lea", "Test", child_born)
    household = child.save()
    guardian = household.add_guardian()
    guardian.fill("Sam", "Test", "Elternteil")
    guardian.save()
    return f"Lea Test, geboren am {child_born.day:02d}.{child_born.month:02d}.{child_born.year}"


def proof_photo(folder: Path) -> Path:
    """A photographed paper page (smaller than a real phone's, so uploads are quick)."""
    path = folder / "IMG_20260310_101500.jpg"
    if not path.exists():
        path.write_bytes(camera_photo(seed=3, size=(1600, 1200)))
    return path
