"""fees.toml: the shipped files load; a mistake is refused with the file and the field named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from server.fees import CareType, FeeConfigError, FeeRegistry, load_schedule
from server.tenants.config import TenantRegistry, load_tenant
from tests.unit.fees.support import DATA, ISERLOHN, WUPPERTAL

VALID = """\
title = "Musterstadt ab 1.8.2025"
valid_from = 2025-08-01
brackets = [30000, 60000]

[age_groups]
boundary_months = 36
younger = "u3"
older = "ue3"

[siblings]
rule = "highest_only"

[[tables]]
care_types = ["kita", "tagespflege"]
hours = [25, 35, 45]
more_hours = true
free_age_groups = ["ue3"]

[tables.fees]
u3 = [
  [0, 0, 0, 0],
  [50, 100, 150, 200],
  [100, 200, 300, 400],
]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "fees.toml"
    path.write_text(text)
    return path


def test_shipped_schedules_load() -> None:
    assert ISERLOHN.brackets == (30000, 40000, 50000, 60000, 70000, 80000)
    assert ISERLOHN.age_groups.keys == ("u3", "ue3") and ISERLOHN.siblings.rule == "highest_only"
    assert ISERLOHN.table_for(CareType.KITA) is ISERLOHN.table_for(CareType.TAGESPFLEGE)  # one shared table
    assert WUPPERTAL.age_groups.keys == ("u2", "ue2") and WUPPERTAL.age_groups.boundary_months == 24
    assert WUPPERTAL.siblings.rule == "ranked" and WUPPERTAL.siblings.percent == (100, 0)
    assert WUPPERTAL.table_for(CareType.KITA) is not WUPPERTAL.table_for(CareType.TAGESPFLEGE)
    assert not WUPPERTAL.table_for(CareType.KITA).more_hours
    assert WUPPERTAL.table_for(CareType.TAGESPFLEGE).more_hours


def test_a_valid_file_loads(tmp_path: Path) -> None:
    schedule = load_schedule(write(tmp_path, VALID))
    assert schedule.top_bracket == 2 and schedule.tables[0].columns == 4
    assert schedule.free_years_before_school == 2 and not schedule.demo


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("brackets = ", "bracket = ", "unknown field `bracket`"),
        ("brackets = [30000, 60000]", "brackets = [60000, 30000]", "brackets[1]: 30000 is not above 60000"),
        ("brackets = [30000, 60000]", "brackets = []", "brackets: at least one income bound"),
        ("brackets = [30000, 60000]", "brackets = [30000, -5]", "`$.brackets[1]`"),
        ("valid_from = 2025-08-01", 'valid_from = "1.8.2025"', "`$.valid_from`"),
        ("valid_from = 2025-08-01\n", "", "missing required field `valid_from`"),
        ('title = "Musterstadt ab 1.8.2025"', 'title = " "', "title: must not be empty"),
        ("  [50, 100, 150, 200],", "  [50, 100, 150],", "tables[0].fees.u3[1]: 3 fees, but the table has 4"),
        ("  [100, 200, 300, 400],\n", "", "tables[0].fees.u3: 2 rows, but there are 3 income brackets"),
        ("  [0, 0, 0, 0],", "  [0, 0, -1, 0],", "tables[0].fees.u3[0][2]: -1 is not a fee"),
        ('free_age_groups = ["ue3"]', "free_age_groups = []", "tables[0].fees.ue3: missing"),
        ('free_age_groups = ["ue3"]', 'free_age_groups = ["ue4"]', "unknown age group 'ue4'"),
        ("u3 = [", "u2 = [", "tables[0].fees.u2: unknown age group"),
        ('care_types = ["kita", "tagespflege"]', 'care_types = ["kitta"]', "`$.tables[0].care_types[0]`"),
        (
            'care_types = ["kita", "tagespflege"]',
            'care_types = ["kita"]',
            "tables: no table prices tagespflege",
        ),
        ("hours = [25, 35, 45]", "hours = [25, 45, 35]", "tables[0].hours[2]: 35 is not above 45"),
        ("hours = [25, 35, 45]", "hours = [20, 30, 40]", "a Kita table needs columns up to 45 hours"),
        ('rule = "highest_only"', 'rule = "oldest_pays"', "`$.siblings.rule`"),
        ('rule = "highest_only"', 'rule = "ranked"\npercent = []', "siblings.percent"),
        ('rule = "highest_only"', 'rule = "ranked"\npercent = [100, 150]', "`$.siblings.percent[1]`"),
        ('younger = "u3"', 'younger = "ue3"', "age_groups: younger and older must be different"),
        ("boundary_months = 36", "boundary_months = 0", "`$.age_groups.boundary_months`"),
        ("[[tables]]", "free_years_before_school = 5\n\n[[tables]]", "free_years_before_school"),
    ],
)
def test_mistakes_are_refused_naming_file_and_field(tmp_path: Path, old: str, new: str, field: str) -> None:
    assert old in VALID
    path = write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(FeeConfigError) as caught:
        load_schedule(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    assert field in message, message


def test_a_care_type_priced_twice_and_more_hours_in_a_kita_only_table(tmp_path: Path) -> None:
    text = VALID.replace('care_types = ["kita", "tagespflege"]', 'care_types = ["kita"]') + VALID[
        VALID.index("[[tables]]") :
    ].replace('care_types = ["kita", "tagespflege"]', 'care_types = ["kita", "tagespflege"]')
    with pytest.raises(FeeConfigError) as caught:
        load_schedule(write(tmp_path, text))
    message = str(caught.value)
    assert "tables[0].more_hours: only Kindertagespflege books more than 45 hours" in message
    assert "tables[1].care_types: kita is already priced by tables[0]" in message


def test_a_file_that_is_no_toml(tmp_path: Path) -> None:
    with pytest.raises(FeeConfigError, match="fees.toml"):
        load_schedule(write(tmp_path, "title = [unclosed"))


@pytest.fixture
def tenant_root(tmp_path: Path) -> Path:
    shutil.copytree(DATA / "iserlohn", tmp_path / "musterstadt")
    return tmp_path


def test_registry_loads_every_tenants_schedule() -> None:
    registry = FeeRegistry.from_tenants(TenantRegistry.from_folder(DATA, "wuppertal"))
    assert len(registry) == 2 and "wuppertal" in registry and "iserlohn" in registry
    assert registry.get("iserlohn") == ISERLOHN
    assert registry.get("nirgendwo") is None


def test_registry_refuses_a_broken_file(tenant_root: Path) -> None:
    path = tenant_root / "musterstadt" / "fees.toml"
    path.write_text(path.read_text().replace("[125, 350, 400, 450]", "[125, 350, 400]"))
    with pytest.raises(FeeConfigError, match=r"musterstadt/fees\.toml: tables\[0\]\.fees\.u3\[6\]"):
        FeeRegistry.from_tenants([load_tenant(tenant_root / "musterstadt")])


def test_every_tenant_needs_a_fees_file(tenant_root: Path) -> None:
    (tenant_root / "musterstadt" / "fees.toml").unlink()
    with pytest.raises(FeeConfigError, match=r"musterstadt/fees\.toml: missing"):
        FeeRegistry.from_tenants([load_tenant(tenant_root / "musterstadt")])
