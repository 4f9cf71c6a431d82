"""Loading graded judgments: format, tolerated mess, and errors that name file and line."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from rag.evaluation.judgments import Judgments, JudgmentsError, load_judgments

DATA = Path(__file__).resolve().parents[2] / "data"
ICECAT = Path(__file__).resolve().parents[3] / "data" / "icecat"


def write(tmp_path: Path, text: str, name: str = "judgments.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_tiny_set_loads() -> None:
    judgments = load_judgments(DATA / "judgments_tiny.csv")
    assert judgments.queries == ("red shoes", "usb cable", "desk lamp", "tv mount")
    assert dict(judgments["red shoes"]) == {"d1": 3, "d2": 2, "d3": 1, "d4": 0, "d5": 2}
    assert judgments.num_judgments == 11
    assert len(judgments) == 4
    assert judgments.duplicates == 0
    assert judgments.skipped_blank == 0
    assert judgments.source.endswith("judgments_tiny.csv")


def test_dev_set_loads() -> None:
    judgments = load_judgments(ICECAT / "judgments_dev.csv")
    assert len(judgments.queries) == 90
    assert judgments.num_judgments == 2483
    assert judgments.duplicates == 0
    assert judgments.skipped_blank == 0
    counts = [0, 0, 0, 0]
    for ratings in judgments.by_query.values():
        for rating in ratings.values():
            counts[rating] += 1
    assert counts == [1310, 152, 56, 965]
    assert judgments.queries[0] == "laptop"  # first line of the file


def test_dev_individual_ratings_file_uses_final_rating() -> None:
    judgments = load_judgments(ICECAT / "judgments_dev_individual.csv")
    assert len(judgments.queries) == 90
    assert judgments.num_judgments == 2155
    # First data row: bluetooth speaker,1993197,…,2,3,3,3 → final_rating 3
    assert judgments["bluetooth speaker"]["1993197"] == 3


def test_individual_format_small(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "query,docid,name,description,agent_1_rating,agent_2_rating,agent_3_rating,final_rating\n"
        'desk,11,Desk mount,"Clamp, 2 arms",3,0,0,1\n'
        # A quoted description spanning two lines.
        'desk,12,Oak desk,"Solid oak,\n120 cm",3,3,2,3\n',
    )
    judgments = load_judgments(path)
    assert dict(judgments["desk"]) == {"11": 1, "12": 3}


def test_rating_column_wins_over_final_rating(tmp_path: Path) -> None:
    path = write(tmp_path, "query,docid,final_rating,rating\nq,1,0,3\n")
    assert load_judgments(path)["q"]["1"] == 3


def test_extra_columns_are_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, "rater,query,docid,rating,note\nann,q,a,2,looks fine\n")
    assert dict(load_judgments(path)["q"]) == {"a": 2}


def test_whitespace_is_stripped_and_docids_stay_strings(tmp_path: Path) -> None:
    path = write(tmp_path, " Query , DocID ,Rating \n  usb hub ,  007 , 2 \n")
    judgments = load_judgments(path)
    assert judgments.queries == ("usb hub",)
    assert dict(judgments["usb hub"]) == {"007": 2}


def test_bom_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("query,docid,rating\nq,a,1\n".encode("utf-8-sig"))
    assert dict(load_judgments(path)["q"]) == {"a": 1}


def test_queries_keep_first_seen_order(tmp_path: Path) -> None:
    path = write(tmp_path, "query,docid,rating\nb,1,0\na,1,0\nb,2,3\nc,1,1\n")
    assert load_judgments(path).queries == ("b", "a", "c")


def test_duplicates_keep_last_and_are_counted(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "query,docid,rating\nq,a,1\nq,b,0\nq,a,3\nq, a ,2\nr,a,0\n",
    )
    judgments = load_judgments(path)
    assert dict(judgments["q"]) == {"a": 2, "b": 0}
    assert judgments.duplicates == 2  # q/a repeated twice; r/a is another query
    assert judgments.num_judgments == 3


def test_blank_query_lines_are_skipped_and_counted(tmp_path: Path) -> None:
    path = write(tmp_path, "query,docid,rating\nq,a,1\n,b,2\n   ,c,3\n\nq,d,0\n")
    judgments = load_judgments(path)
    assert dict(judgments["q"]) == {"a": 1, "d": 0}
    assert judgments.skipped_blank == 3  # ",b", "   ,c" and the empty line
    assert judgments.queries == ("q",)


def test_header_only_file_has_no_queries(tmp_path: Path) -> None:
    judgments = load_judgments(write(tmp_path, "query,docid,rating\n"))
    assert judgments.queries == ()
    assert judgments.num_judgments == 0


def test_judgments_are_immutable(tmp_path: Path) -> None:
    judgments = load_judgments(DATA / "judgments_tiny.csv")
    with pytest.raises(dataclasses.FrozenInstanceError):
        judgments.queries = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        judgments.by_query["new"] = {}  # type: ignore[index]
    with pytest.raises(TypeError):
        judgments["red shoes"]["d1"] = 0  # type: ignore[index]


def test_from_mapping_copies_and_freezes() -> None:
    source = {"q": {"a": 3}}
    judgments = Judgments.from_mapping(source)
    source["q"]["a"] = 0
    assert judgments["q"]["a"] == 3
    assert judgments.get("unknown") == {}
    assert "q" in judgments and "unknown" not in judgments
    assert list(judgments) == ["q"]


def test_queries_must_match_mapping() -> None:
    with pytest.raises(ValueError, match="exactly once"):
        Judgments(queries=("q", "q"), by_query={"q": {"a": 1}})
    with pytest.raises(ValueError, match="exactly once"):
        Judgments(queries=("other",), by_query={"q": {"a": 1}})


# --- errors -------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["4", "-1", "x", "2.5", "2.0", ""])
def test_bad_rating_names_file_line_and_value(tmp_path: Path, bad: str) -> None:
    path = write(tmp_path, f"query,docid,rating\nq,a,1\nq,b,{bad}\n")
    with pytest.raises(JudgmentsError) as excinfo:
        load_judgments(path)
    message = str(excinfo.value)
    assert str(path) in message
    assert "line 3" in message
    assert repr(bad) in message
    assert "0..3" in message


def test_line_number_counts_physical_lines(tmp_path: Path) -> None:
    # The first record spans lines 2-3; the bad rating is on line 4.
    path = write(
        tmp_path,
        'query,docid,final_rating,description\nq,a,1,"two\nlines"\nq,b,9,plain\n',
    )
    with pytest.raises(JudgmentsError, match=r"line 4: final_rating '9'"):
        load_judgments(path)


def test_missing_rating_column(tmp_path: Path) -> None:
    path = write(tmp_path, "query,docid,score\nq,a,1\n")
    with pytest.raises(JudgmentsError) as excinfo:
        load_judgments(path)
    message = str(excinfo.value)
    assert str(path) in message and "line 1" in message
    assert "missing column(s) rating or final_rating" in message
    assert "'score'" in message  # what was found


def test_missing_docid_column(tmp_path: Path) -> None:
    path = write(tmp_path, "query,doc,rating\nq,a,1\n")
    with pytest.raises(JudgmentsError, match=r"line 1: missing column\(s\) docid;"):
        load_judgments(path)


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    with pytest.raises(JudgmentsError, match="empty file"):
        load_judgments(path)


def test_wrong_field_count(tmp_path: Path) -> None:
    path = write(tmp_path, "query,docid,rating\nq,a,1\nq,b\n")
    with pytest.raises(JudgmentsError, match=r"line 3: expected 3 fields .* got 2"):
        load_judgments(path)
    path = write(tmp_path, "query,docid,rating\nq,a,1,extra\n", name="long.csv")
    with pytest.raises(JudgmentsError, match=r"line 2: expected 3 fields .* got 4"):
        load_judgments(path)


def test_blank_docid(tmp_path: Path) -> None:
    path = write(tmp_path, "query,docid,rating\nq, ,1\n")
    with pytest.raises(JudgmentsError, match=r"line 2: blank docid for query 'q'"):
        load_judgments(path)


def test_judgments_error_is_a_value_error() -> None:
    assert issubclass(JudgmentsError, ValueError)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_judgments(tmp_path / "nope.csv")


def test_stacked_files_add_and_override_and_views_are_cumulative(tmp_path: Path) -> None:
    from rag.evaluation.judgments import judgment_views, load_judgments_stack, merge_judgments

    first = write(tmp_path, "query,docid,rating\nlaptop,a,3\nlaptop,b,0\ndesk,c,1\n", "orig.csv")
    added = write(tmp_path, "query,docid,rating,note\nlaptop,b,2,re-rated\nlaptop,d,3,\nmouse,e,2,\n", "added.csv")
    stack = load_judgments_stack([first, added])
    merged = merge_judgments(stack)
    assert merged.queries == ("laptop", "desk", "mouse")
    assert dict(merged["laptop"]) == {"a": 3, "b": 2, "d": 3}
    assert merged.overridden == 1 and merged.num_judgments == 5
    assert merged.source.endswith("orig.csv + " + str(added))
    assert merged.label == "orig.csv + added.csv"  # file names only, for committed reports
    # The originals are untouched: views show the pool before and after.
    views = judgment_views(stack)
    assert [v.num_judgments for v in views] == [3, 5]
    assert dict(views[0]["laptop"]) == {"a": 3, "b": 0}
    assert views[1] == merged


def test_an_identical_re_rating_is_not_an_override() -> None:
    from rag.evaluation.judgments import merge_judgments

    a = Judgments.from_mapping({"q": {"x": 2}})
    assert merge_judgments([a, a]).overridden == 0
    with pytest.raises(ValueError):
        merge_judgments([])


def test_a_bad_file_in_the_stack_is_named(tmp_path: Path) -> None:
    from rag.evaluation.judgments import load_judgments_stack

    good = write(tmp_path, "query,docid,rating\nq,a,1\n", "good.csv")
    bad = write(tmp_path, "query,docid,rating\nq,b,5\n", "bad.csv")
    with pytest.raises(JudgmentsError, match=r"bad\.csv, line 2"):
        load_judgments_stack([good, bad])
