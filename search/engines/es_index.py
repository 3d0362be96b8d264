"""The writing half of the Elasticsearch engine: versioned indices behind an alias.

Searches and writes go through the alias `<prefix>practices`; the data lives in
versioned indices `<prefix>practices-<timestamp>`, so that a rebuild fills a new
one beside the old and swaps the alias in one call.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from django.conf import settings
from elasticsearch import (
    ApiError,
    BadRequestError,
    Elasticsearch,
    NotFoundError,
    TransportError,
)
from elasticsearch.dsl import Search
from elasticsearch.helpers import streaming_bulk

from ..documents import SearchDocument
from .base import BaseIndex, EngineUnavailable, ItemError
from .es_mapping import (
    PracticeIndexDocument,
    alias_name,
    first_index_name,
    practice_index,
    versioned_index_name,
)

# Statuses that say "not now" rather than "never": the caller should retry.
RETRYABLE_STATUSES = {429, 502, 503, 504}


@contextmanager
def outage_is_unavailable():
    """Turn connection failures, timeouts and 429/5xx answers into EngineUnavailable."""
    try:
        yield
    except ApiError as error:
        if error.meta.status in RETRYABLE_STATUSES:
            raise EngineUnavailable(str(error)) from error
        raise
    except TransportError as error:  # connection refused, timeout, TLS...
        raise EngineUnavailable(str(error)) from error


def make_client(url: str) -> Elasticsearch:
    """A client that gives up quickly: a page waits seconds, not minutes."""
    return Elasticsearch(
        url,
        request_timeout=10,
        retry_on_timeout=True,
        max_retries=2,
    )


class ElasticsearchIndex(BaseIndex):
    """The practices' documents in Elasticsearch, written through one alias."""

    def __init__(
        self,
        client: Elasticsearch | None = None,
        prefix: str | None = None,
    ) -> None:
        self.client = client or make_client(settings.ELASTICSEARCH_URL)
        self.prefix = settings.ELASTICSEARCH_INDEX_PREFIX if prefix is None else prefix
        self.alias = alias_name(self.prefix)
        self._alias_checked = False

    # --- Indices and the alias ----

    def create_index(self) -> str:
        """Create a new, empty versioned index with the current mapping."""
        name = versioned_index_name(self.prefix)
        practice_index(name).create(using=self.client)
        return name

    def aliased_indices(self) -> list[str]:
        """The concrete indices the alias points to now (none before the first)."""
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).body)
        except NotFoundError:
            return []

    def swap_alias(self, new_index: str) -> list[str]:
        """Point the alias at `new_index` only, in one atomic call; return the old."""
        old = [name for name in self.aliased_indices() if name != new_index]
        self.client.indices.update_aliases(
            actions=[
                *({"remove": {"index": name, "alias": self.alias}} for name in old),
                {"add": {"index": new_index, "alias": self.alias}},
            ]
        )
        # A swap made at the same moment may have added its own index too: every
        # swapper then keeps the newest, so the alias ends on exactly one.
        live = self.aliased_indices()
        if len(live) > 1:
            newest = max(live)
            remove = {"alias": self.alias, "must_exist": False}
            # Another swapper may have removed them first: Elasticsearch then
            # answers 404 (none of the removals was left to do), must_exist or not.
            with suppress(NotFoundError):
                self.client.indices.update_aliases(
                    actions=[
                        {"remove": {"index": name, **remove}}
                        for name in live
                        if name != newest
                    ]
                )
        self._alias_checked = True
        return old

    def versioned_indices(self) -> list[str]:
        """Every index this engine ever created under its prefix, oldest first."""
        pattern = f"{self.alias}-*"
        return sorted(self.client.indices.get(index=pattern, expand_wildcards="all"))

    def delete_old_indices(self, keep: int = 1) -> list[str]:
        """Delete indices behind no alias, keeping the `keep` newest for rollback."""
        live = set(self.aliased_indices())
        unused = [name for name in self.versioned_indices() if name not in live]
        doomed = unused[: max(len(unused) - keep, 0)]
        if doomed:
            # Named one by one: clusters refuse wildcard deletes by default
            # (action.destructive_requires_name).
            self.client.indices.delete(index=",".join(doomed))
        return doomed

    def forget_alias(self) -> None:
        """The alias may have gone (deleted by hand): check again before writing."""
        self._alias_checked = False

    def ensure_index(self) -> None:
        """Give the alias an index if it has none, so writes never auto-create one."""
        if self._alias_checked:
            return
        if not self.client.indices.exists_alias(name=self.alias):
            # One fixed name: processes that find no index at the same moment
            # create one between them. The alias comes once its shard is active
            # (whoever created it), so no search meets a half-created index.
            first = first_index_name(self.prefix)
            try:
                practice_index(first).create(using=self.client)
            except BadRequestError as error:
                if error.error != "resource_already_exists_exception":
                    raise
            self._wait_until_searchable(first)
            self.client.indices.put_alias(index=first, name=self.alias)
        else:
            # An index made by an earlier version lacks the fields added since
            # (its mapping is strict): add them, as Elasticsearch allows; the
            # documents get their values as they are written again (rebuild).
            mapping = PracticeIndexDocument._doc_type.mapping.to_dict()
            self.client.indices.put_mapping(index=self.alias, **mapping)
        self._alias_checked = True

    def _wait_until_searchable(self, index: str, timeout: float = 30) -> None:
        # Health turns yellow a moment before searches find the new shard: they
        # fail with no_shard_available (503) until it is in the node's state.
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.client.options(max_retries=0).count(index=index)
                return
            except ApiError as error:
                if error.meta.status != 503 or time.monotonic() > deadline:
                    raise
            time.sleep(0.05)

    def rebuild(self, documents: Iterable[SearchDocument]) -> list[ItemError]:
        """Index everything into a fresh index, then switch the alias over to it.

        If the cluster fails on the way, the alias stays on the old, complete
        index and EngineUnavailable is raised; the next rebuild starts afresh.
        """
        with outage_is_unavailable():
            new_index = self.create_index()
            # No periodic refresh while it fills (nobody searches it yet): one at
            # the end, before the swap.
            self.client.indices.put_settings(
                index=new_index, settings={"refresh_interval": "-1"}
            )
            errors = self._bulk_index(documents, index=new_index, require_alias=False)
            self.client.indices.put_settings(
                index=new_index, settings={"refresh_interval": None}
            )
            self.client.indices.refresh(index=new_index)
            self.swap_alias(new_index)
            self.delete_old_indices()
        return errors

    # --- Writes ----

    def add_items(self, documents: Iterable[SearchDocument]) -> list[ItemError]:
        """Index documents under external versions; a stale write is a success."""
        with outage_is_unavailable():
            self.ensure_index()
            return self._bulk_index(documents, index=self.alias, require_alias=True)

    def delete_item(self, page_id: int) -> None:
        """Remove one practice; one already gone is not an error."""
        with outage_is_unavailable():
            self.ensure_index()
            # 404 ("result": "not_found"): never indexed, or already gone.
            self.client.options(ignore_status=404).delete(
                index=self.alias, id=str(page_id)
            )

    def _bulk_index(
        self, documents: Iterable[SearchDocument], index: str, require_alias: bool
    ) -> list[ItemError]:
        errors: list[ItemError] = []
        results = streaming_bulk(
            self.client,
            self._actions(documents, index),
            chunk_size=500,
            raise_on_error=False,
            # A whole request refused (cluster down, 503) raises, so that the
            # indexing task retries; only per-document failures are collected.
            raise_on_exception=True,
            max_retries=2,  # items refused with 429 (queue full), after a backoff
            initial_backoff=1,
            require_alias=require_alias,
        )
        for ok, item in results:
            if ok:
                continue
            result = next(iter(item.values()))
            # 409: the index already holds this version or a newer one; the write
            # we tried is stale and the index is right.
            if result.get("status") == 409:
                continue
            errors.append(_item_error(result))
        return errors

    @staticmethod
    def _actions(
        documents: Iterable[SearchDocument], index: str
    ) -> Iterator[dict[str, Any]]:
        for document in documents:
            yield {
                "_op_type": "index",
                "_index": index,
                "_id": str(document.id),
                "_version": document.version,
                "_version_type": "external",
                "_source": document.as_dict(),
            }

    def indexed_versions(self) -> dict[int, int]:
        """(page id → version) of every document in the index, by scrolling."""
        search = Search(using=self.client, index=self.alias).source(["id", "version"])
        try:
            with outage_is_unavailable():
                return {
                    int(hit.meta.id): int(hit.version)
                    for hit in search.params(size=1000).scan()
                }
        except NotFoundError:
            return {}

    def count(self) -> int:
        """Documents behind the alias (one count request, not a scroll)."""
        try:
            with outage_is_unavailable():
                return self.client.count(index=self.alias)["count"]
        except NotFoundError:
            return 0

    # --- Maintenance ----

    def refresh(self) -> None:
        """Make recent writes visible to searches."""
        self.client.indices.refresh(index=self.alias)

    def reset(self) -> None:
        """Point the alias at a new empty index and drop every older one."""
        self.swap_alias(self.create_index())
        self.delete_old_indices(keep=0)


def _item_error(result: dict[str, Any]) -> ItemError:
    """One failed bulk item, as the engine interface reports it."""
    error = result.get("error") or {}
    if not isinstance(error, dict):
        error = {"reason": str(error)}
    return ItemError(
        page_id=int(result["_id"]),
        reason=error.get("reason", ""),
        status=result.get("status"),
        kind=error.get("type", ""),
    )
