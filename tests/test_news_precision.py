"""The news precision bench: its matching rules on hand-made judgments, and the whole command
on a tiny corpus scanned for real (judgments written by its own sampling mode).

The rules under test are those of bench/news_judged/README.md: a scan passage matches a judged
one when they overlap by half of the shorter; a cluster is judged only when every passage
matches one record, and its verdict comes from the groups of the passages it matched.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SHARED_BENCH
from news_precision import (
    JudgedCluster,
    JudgedIndex,
    JudgedLink,
    JudgedPassage,
    JudgmentError,
    Judgments,
    TrueLink,
    biggest,
    derive_verdict,
    draw,
    found_links,
    furniture_among_biggest,
    load_judgments,
    matches,
    related_precision,
    true_links,
    wilson,
)

from tui.engine.load import load_corpus
from tui.model import Cluster, Document, Related, Span

BENCH = ROOT / "bench" / "news_precision.py"
JUDGED = ROOT / "bench" / "news_judged"
NEWS = SHARED_BENCH / "newsarticles.jsonl"


def _cluster(number: int, *spans: tuple[str, int, int]) -> Cluster:
    return Cluster(number, "verbatim", 100.0, tuple(Span(*s) for s in spans))


def _judged(
    record_id: str, *passages: tuple[str, int, int, int | None], furniture: bool = False
) -> JudgedCluster:
    judged = tuple(JudgedPassage(Span(d, s, e), g, furniture) for d, s, e, g in passages)
    return JudgedCluster(record_id, "dev", "cross-outlet", derive_verdict(judged), judged)


# A hub as a scan reported it: one quote in two articles (group 1) and two passages that are
# reuse of nothing in the cluster.
HUB = _judged(
    "hub",
    ("a", 100, 300, 1),
    ("b", 500, 700, 1),
    ("c", 0, 80, None),
    ("d", 40, 120, None),
)


def test_passages_match_when_they_overlap_by_half_of_the_shorter() -> None:
    judged = Span("a", 100, 300)
    assert matches(Span("a", 150, 250), judged)  # inside: all of the shorter
    assert matches(Span("a", 0, 200), judged)  # 100 of 200 shared: exactly half
    assert not matches(Span("a", 0, 199), judged)  # 99 of 199: under half
    assert not matches(Span("b", 100, 300), judged)  # same offsets, another document


def test_verdicts_follow_the_groups() -> None:
    one, other = ("a", 0, 10, 1), ("b", 0, 10, 1)
    assert _judged("r", one, other).verdict == "reuse"
    assert _judged("p", one, other, ("c", 0, 10, None)).verdict == "partial"
    assert _judged("m", one, other, ("c", 0, 10, 2), ("d", 0, 10, 2)).verdict == "partial"
    assert _judged("n", ("a", 0, 10, 1), ("b", 0, 10, 2)).verdict == "not"
    assert _judged("f", ("a", 0, 10, None), ("b", 0, 10, None), furniture=True).verdict == (
        "furniture"
    )


def test_the_reported_hub_is_partial() -> None:
    found = JudgedIndex([HUB]).match(_cluster(1, ("a", 110, 290), ("b", 500, 690), ("c", 0, 80)))
    assert found is not None and found.record is HUB and found.verdict == "partial"


def test_a_hub_split_by_detection_is_judged_by_its_parts() -> None:
    """Detection that splits the hub into its true group and the rest gains a reuse cluster
    and keeps a false one: both are still judged by the one record."""
    index = JudgedIndex([HUB])
    quote = index.match(_cluster(1, ("a", 120, 300), ("b", 480, 700)))
    rest = index.match(_cluster(2, ("c", 0, 80), ("d", 40, 120)))
    assert quote is not None and quote.verdict == "reuse"
    assert rest is not None and rest.verdict == "not"


def test_a_cluster_with_a_passage_no_record_holds_is_not_judged() -> None:
    index = JudgedIndex([HUB])
    assert index.match(_cluster(1, ("a", 100, 300), ("e", 0, 200))) is None
    # overlapping a judged passage by less than half of the shorter is not a match either
    assert index.match(_cluster(2, ("a", 100, 300), ("b", 650, 800))) is None


def test_recall_counts_every_pair_of_a_group_and_every_missed_reuse() -> None:
    trio = _judged("trio", ("a", 0, 100, 1), ("b", 0, 100, 1), ("c", 0, 100, 1))
    missed = JudgedLink(
        "miss", "missed", "dev", "cross-outlet", "reuse", Span("d", 0, 40), Span("e", 10, 50)
    )
    links = true_links(Judgments((trio, HUB), (missed,)))
    assert len(links) == 3 + 1 + 1  # a-b, a-c, b-c; the hub's quote; the missed pair
    scan = [_cluster(1, ("a", 0, 100), ("b", 5, 100)), _cluster(2, ("c", 0, 90), ("d", 0, 40))]
    # trio a-b is held by one cluster; c is clustered apart from a and b; the hub's quote sits
    # elsewhere in a and b; d is clustered, e nowhere.
    assert found_links(scan, links) == [True, False, False, False, False]
    assert [k.short for k in links] == [False, False, False, False, True]


def test_pages_furniture_among_the_biggest_is_counted_from_judgments_and_boilerplate() -> None:
    footer = _judged("footer", ("a", 900, 1000, None), ("b", 900, 1000, None), furniture=True)
    scan = [
        _cluster(1, ("a", 900, 1000), ("b", 905, 1000), ("c", 900, 1000)),  # 2 of 3 judged
        _cluster(2, ("d", 0, 100), ("e", 0, 100)),  # the scan's own boilerplate covers both
        _cluster(3, ("f", 0, 100), ("g", 0, 100)),  # nothing known about it
    ]
    boilerplate = [Span("d", 0, 60), Span("e", 0, 100)]
    furniture, unknown, top = furniture_among_biggest(scan, [footer], boilerplate, n=3)
    assert [c.id for c in furniture] == [1, 2]
    assert [c.id for c in unknown] == [3]
    assert top == 3
    assert [c.id for c in biggest(scan, 1)] == [1]  # most documents first


def test_a_draw_is_the_same_for_the_same_seed_and_passes_over_judged_clusters() -> None:
    documents = {d: Document(d, "x" * 500, source=d) for d in "abcdefgh"}
    clusters = [_cluster(n, ("a", 10 * n, 10 * n + 8), (c, 0, 8)) for n, c in enumerate("bcdefgh")]
    first = draw(clusters, documents, "news", "cross-outlet", 4, seed=1)
    assert first == draw(clusters, documents, "news", "cross-outlet", 4, seed=1)
    assert first != draw(clusters, documents, "news", "cross-outlet", 4, seed=2)
    taken = first[0][1]
    skip = JudgedIndex([_judged("x", *((s.doc, s.start, s.end, 1) for s in taken.passages))])
    again = draw(clusters, documents, "news", "cross-outlet", 4, seed=1, skip=skip)
    assert taken not in [c for _, c in again]
    assert [r for r, _ in again] == [r for r, _ in first[1:]] + [again[-1][0]]  # same order


def test_precision_comes_with_the_interval_its_sample_size_allows() -> None:
    low, high = wilson(54, 100)
    assert round(low, 3) == 0.443 and round(high, 3) == 0.634
    assert wilson(95, 100)[0] < 0.95 < wilson(95, 100)[1]  # 95 of 100 does not prove 95%
    assert wilson(0, 0) == (0.0, 1.0)


def test_related_links_match_in_either_order() -> None:
    judged = JudgedLink("r", "related", "dev", "related", "not", Span("a", 0, 50), Span("b", 0, 50))
    scan = [
        Related(Span("b", 5, 50), Span("a", 0, 45), 0.9, ()),  # swapped
        Related(Span("a", 0, 50), Span("c", 0, 50), 0.9, ()),  # another sentence
    ]
    verdicts, unjudged = related_precision(scan, [judged])
    assert verdicts == {"not": 1} and unjudged == [scan[1]]


def _write(path: Path, records: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def test_a_broken_judgment_names_its_file_and_line(tmp_path: Path) -> None:
    good = {
        "id": "x",
        "kind": "missed",
        "corpus": "news",
        "set": "dev",
        "class": "cross-outlet",
        "verdict": "reuse",
        "a": {"doc": "a", "start": 0, "end": 9},
        "b": {"doc": "b", "start": 0, "end": 9},
    }
    (tmp_path / "news.missed.jsonl").write_text(
        json.dumps(good) + "\n{not json\n", encoding="utf-8"
    )
    with pytest.raises(JudgmentError, match=r"news\.missed\.jsonl:2: not JSON"):
        load_judgments([tmp_path], "news")
    _write(tmp_path / "news.missed.jsonl", [good, {**good, "id": "y", "verdict": "partial"}])
    with pytest.raises(JudgmentError, match=r":2: a missed-reuse record's verdict is 'reuse'"):
        load_judgments([tmp_path], "news")
    _write(tmp_path / "news.missed.jsonl", [good, good])
    with pytest.raises(JudgmentError, match="id x is used already"):
        load_judgments([tmp_path], "news")


def test_judgments_about_other_documents_are_left_out_with_a_warning(tmp_path: Path) -> None:
    record = {
        "id": "c1",
        "kind": "cluster",
        "corpus": "news",
        "set": "test",
        "class": "same-outlet",
        "verdict": "reuse",
        "passages": [
            {"doc": "a", "start": 0, "end": 5, "group": 1},
            {"doc": "gone", "start": 0, "end": 5, "group": 1},
        ],
    }
    contradicting = {**record, "id": "c2", "verdict": "not", "passages": record["passages"][:1]}
    contradicting["passages"] = [{"doc": "a", "start": 0, "end": 5, "group": 1}] * 2
    _write(tmp_path / "news.test.jsonl", [record, contradicting])
    loaded = load_judgments([tmp_path], "news", {"a": Document("a", "hello world")})
    assert [c.id for c in loaded.clusters] == ["c2"]
    assert "c1 left out: gone[0:5] is not in this corpus" in loaded.warnings[0]
    assert "c2 says 'not' but its groups say 'reuse'" in loaded.warnings[1]


QUOTE = (
    "The minister told parliament that the emergency grain reserve would be released in three "
    "tranches over the coming winter, starting with the northern provinces where flooding had "
    "destroyed most of the autumn harvest, and that farmers would receive compensation within "
    "six weeks of filing a claim with the regional agriculture office."
)


def _corpus(path: Path) -> Path:
    articles = [
        (
            "one",
            "Northern Herald",
            "Flood relief plan announced. " + QUOTE + " Critics called "
            "the plan too slow and said the money would arrive after the spring sowing.",
        ),
        (
            "two",
            "Capital Times",
            "Opposition leaders met on Tuesday to discuss the budget. "
            "Separately, " + QUOTE + " Markets barely moved on the news.",
        ),
        (
            "three",
            "Capital Times",
            "A new museum of maritime history opened its doors to "
            "visitors this weekend, with ship models, charts and a restored lighthouse lamp.",
        ),
    ]
    path.write_text(
        "".join(
            json.dumps({"id": i, "source": s, "date": "2017-03-01", "title": i, "text": t}) + "\n"
            for i, s, t in articles
        ),
        encoding="utf-8",
    )
    return path


def _bench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BENCH), *args, "--workers", "1"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_a_drawn_skeleton_judged_and_read_back_gives_the_tables(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "tiny.jsonl")
    judged = tmp_path / "judged"
    judged.mkdir()
    skeleton = tmp_path / "skeleton.jsonl"
    shown = _bench(
        str(corpus), "--draw", "5", "--seed", "1", "--class", "cross-outlet", "--show",
        "--skeleton", str(skeleton), "--set", "dev",
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert "three tranches over the coming winter" in shown.stdout  # the passage in full
    assert "Northern Herald" in shown.stdout and "Capital Times" in shown.stdout
    lines = [json.loads(line) for line in skeleton.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 1 and lines[0]["verdict"] == "" and lines[0]["corpus"] == "tiny"
    assert {p["doc"] for p in lines[0]["passages"]} == {"one", "two"}
    assert lines[0]["sample"]["seed"] == 1 and lines[0]["sample"]["rank"] == 1

    # The judge fills it in; a missed pair the scan cannot link is added beside it.
    record = {**lines[0], "verdict": "reuse", "reason": "same statement in both papers"}
    for passage in record["passages"]:
        passage["group"] = 1
    museum = corpus.read_text(encoding="utf-8").splitlines()[2]
    assert "museum" in museum
    missed = {
        "id": "tiny-miss-1",
        "kind": "missed",
        "corpus": "tiny",
        "set": "dev",
        "class": "same-outlet",
        "verdict": "reuse",
        "reason": "made up for the test",
        "a": {"doc": "two", "start": 0, "end": 40},
        "b": {"doc": "three", "start": 0, "end": 40},
    }
    _write(judged / "tiny.dev.jsonl", [record, missed])
    report = _bench(str(corpus), "--judged", str(judged), "--set", "dev")
    assert report.returncode == 0, report.stderr
    rows = {line.split()[0]: line.split() for line in report.stdout.splitlines() if line.strip()}
    assert rows["cross-outlet"][1:3] == ["1", "1"] and rows["cross-outlet"][-2:] == [
        "100.0%",
        "21-100%",
    ]
    assert rows["all"][1:4] == ["2", "1", "50.0%"]  # the quote found, the made-up pair not
    assert "not judged yet: 0 clusters" in report.stdout

    # Another folder of judgments, with a broken line: one sentence, exit code 2.
    (judged / "tiny.test.jsonl").write_text('{"id": 3\n', encoding="utf-8")
    broken = _bench(str(corpus), "--judged", str(judged))
    assert broken.returncode == 2
    assert "tiny.test.jsonl:1: not JSON" in broken.stderr and "Traceback" not in broken.stderr


@pytest.mark.skipif(not NEWS.exists(), reason="the shared benchmark data is not present")
def test_the_committed_newsarticles_judgments_fit_the_corpus() -> None:
    """Every committed judgment points inside the documents it names, says what its groups
    say, quotes no article text, and the test sample shares no cluster with the dev one."""
    documents = {d.id: d for d in load_corpus([NEWS]).documents}
    loaded = load_judgments([JUDGED], "newsarticles", documents)
    assert not loaded.warnings
    assert len(loaded.clusters) >= 250 + 50 and len(loaded.missed) >= 30
    for path in JUDGED.glob("newsarticles.*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert "text" not in json.loads(line)
    dev = [c for c in loaded.clusters if c.set == "dev"]
    test = [c for c in loaded.clusters if c.set == "test"]
    index = JudgedIndex(dev)
    for record in test:
        as_cluster = _cluster(0, *((p.span.doc, p.span.start, p.span.end) for p in record.passages))
        assert index.match(as_cluster) is None, record.id
    short = [k for k in true_links(loaded) if k.short]
    assert len(short) >= 15  # short quotes are in the set, not only long wire copy
    assert all(isinstance(k, TrueLink) for k in short)
