import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assay.alignment import services
from assay.alignment.crosswalk_io import CrosswalkFileError
from assay.alignment.models import Crosswalk, CrosswalkLink
from assay.alignment.reference import HERE

pytestmark = pytest.mark.django_db
EXAMPLE = HERE / "data" / "crosswalks" / "example-buyer-programme.csv"


def _import(standard, raw: bytes, slug="cw"):
    return services.crosswalk_import(actor=None, standard=standard, slug=slug, name="CW", scheme="Other", raw=raw)


def test_the_example_crosswalk_imports(published):
    crosswalk = _import(published.standard, EXAMPLE.read_bytes())
    assert crosswalk.links.filter(requirement="EBP-05").count() == 2
    assert set(crosswalk.links.filter(requirement="EBP-05").values_list("title", flat=True)) == {"Legal right to mine"}


def test_a_crosswalk_import_reports_every_bad_row_and_imports_nothing(published):
    raw = (b"requirement,title,criterion,note\n"
           b"X-1,Policy,supply-chain-policy,\n"       # row 2: good
           b",No code,supply-chain-policy,\n"          # row 3: no code
           b"X 2,Bad code,bribery,\n"                  # row 4: a space in the code
           b"X-3,Unknown,no-such-criterion,\n"         # row 5: unknown key
           b"X-1,,supply-chain-policy,\n"              # row 6: the pair again
           b"X-4,Too few\n"                            # row 7: cells
           b"X-5,,bribery,\n"                          # row 8: first row without a title
           b"X-1,Another title,bribery,\n")   # row 9: a different title
    with pytest.raises(CrosswalkFileError) as exc:
        _import(published.standard, raw)
    rows = [p.split(":")[0] for p in exc.value.problems]
    assert rows == ["row 3", "row 4", "row 5", "row 6", "row 7", "row 8", "row 9"]
    assert "no-such-criterion is not the key of a criterion of mes" in exc.value.problems[2]
    assert "already mapped to X-1 in row 2" in exc.value.problems[3]
    assert not Crosswalk.objects.exists() and not CrosswalkLink.objects.exists()


def test_a_bad_reimport_leaves_the_crosswalk_as_it_was(published):
    _import(published.standard, EXAMPLE.read_bytes())
    with pytest.raises(CrosswalkFileError):
        _import(published.standard, b"requirement,title,criterion\nY-1,Bad,nope\n")
    assert Crosswalk.objects.get().links.count() == EXAMPLE.read_text().count("\n") - 1


def test_a_wrong_header_and_a_file_that_is_not_utf8_are_refused(published):
    with pytest.raises(CrosswalkFileError) as exc:
        _import(published.standard, b"code;title;key\n")
    assert exc.value.problems[0].startswith("row 1:")
    with pytest.raises(CrosswalkFileError) as exc:
        _import(published.standard, b"requirement,title,criterion\nA,\xff,bribery\n")
    assert "not UTF-8" in exc.value.problems[0]


def test_the_command_imports_and_reports_the_bad_rows(published, tmp_path, capsys):
    call_command("crosswalk_import", str(EXAMPLE), standard="mes", slug="ebp", name="EBP", scheme="EBP")
    assert "Crosswalk ebp" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("requirement,title,criterion\nZ-1,Z,nope\nZ-2,Z,nope-too\n")
    with pytest.raises(CommandError) as exc:
        call_command("crosswalk_import", str(bad), standard="mes", slug="bad", name="Bad", scheme="Bad")
    assert "row 2" in str(exc.value) and "row 3" in str(exc.value)
    assert not Crosswalk.objects.filter(slug="bad").exists()
