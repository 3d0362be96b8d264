"""A rebuild fills a new index and swaps the alias in one call, while another
process searches without pause: no search fails, none misses a practice."""

import json
import subprocess
import sys
import time

from tests.factories import indexed_document as document

PRACTICES = 3000

# The other process: searches the alias in a loop until told to stop, counting
# failures and answers that miss practices, and noting which index answered.
SEARCHER = """
import json, os, sys
from elasticsearch import Elasticsearch

url, alias, expected, stop_file, ready_file, out = sys.argv[1:]
client = Elasticsearch(url, request_timeout=10, max_retries=0)
stats = {"searches": 0, "failed": 0, "incomplete": 0, "indices": []}
while not os.path.exists(stop_file):
    try:
        answer = client.search(
            index=alias, size=0, track_total_hits=True,
            aggs={"index": {"terms": {"field": "_index"}}},
        )
    except Exception:
        stats["failed"] += 1
    else:
        stats["searches"] += 1
        if answer["hits"]["total"]["value"] != int(expected):
            stats["incomplete"] += 1
        for bucket in answer["aggregations"]["index"]["buckets"]:
            if bucket["key"] not in stats["indices"]:
                stats["indices"].append(bucket["key"])
    if stats["searches"] == 1:
        open(ready_file, "w").close()
with open(out, "w") as f:
    json.dump(stats, f)
"""


def wait_for(path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.05)


def test_rebuild_swaps_the_alias_under_a_searching_process(engine, es_url, tmp_path):
    documents = [document(n, 1) for n in range(1, PRACTICES + 1)]
    assert engine.index.rebuild(documents) == []
    (old_index,) = engine.index.aliased_indices()
    stop, ready, out = tmp_path / "stop", tmp_path / "ready", tmp_path / "stats.json"
    searcher = subprocess.Popen(  # noqa: S603 - our own script
        [sys.executable, "-c", SEARCHER, es_url, engine.index.alias, str(PRACTICES)]
        + [str(stop), str(ready), str(out)]
    )
    try:
        wait_for(ready)
        assert engine.index.rebuild(documents) == []
        time.sleep(0.5)  # searches go on against the new index
    finally:
        stop.touch()
        searcher.wait(timeout=30)

    (new_index,) = engine.index.aliased_indices()
    stats = json.loads(out.read_text())
    assert stats["searches"] > 10
    assert (stats["failed"], stats["incomplete"]) == (0, 0)
    # The process was answered by the old index, then by the new one.
    assert stats["indices"] == [old_index, new_index]
