"""The search index as written by the build: tokens, encoding and postings against brute force."""

from __future__ import annotations

import json
from array import array
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lunr.index import Index
from lunr.query import QueryPresence

from build_scripts.inputs.source_text import read_source
from plugins.search.dictionary import common_clauses, compress, inflate_like_the_browser, shared_clauses
from plugins.search.encoding import (
    ALPHABET,
    decode_gaps,
    decode_numbers,
    encode_gaps,
    encode_number,
    encode_numbers,
)
from plugins.search.index_writer import (
    HEADING_POSTINGS_PER_SHARD,
    LEVEL_BITS,
    SPILL_BUCKETS,
    IndexWriter,
    SearchDocument,
    encode_ids,
    encode_posting_ids,
    lunr_shard_count,
    pack_values,
    read_document,
)
from plugins.search.page_text import page_text, searchable_text
from plugins.search.tokens import (
    fold,
    query_runs,
    run_tokens,
    runs,
    shard_hash,
    token_counts,
)
from plugins.search.traditional import archive_map
from tests.search_site import shared_reports


@given(st.lists(st.integers(min_value=0, max_value=2**40)))
def test_numbers_round_trip(values: list[int]) -> None:
    assert decode_numbers(encode_numbers(values)) == values


@given(st.sets(st.integers(min_value=0, max_value=10**7)))
def test_gaps_round_trip(ids: set[int]) -> None:
    assert decode_gaps(encode_gaps(sorted(ids))) == sorted(ids)


@given(st.sets(st.integers(min_value=0, max_value=3000)))
def test_table_encoders_write_what_the_plain_encoders_write(ids: set[int]) -> None:
    """The writer's table-driven gap encoder agrees with encoding.py."""
    ordered = sorted(ids)
    codes = [encode_number(n) for n in range(max(ordered, default=0) + 1)]
    assert encode_ids(array("I", ordered), codes) == encode_gaps(ordered)


def decode_ids(text: str) -> list[int]:
    """What search.js does with a posting's ids: a bitmap after ".", else gaps."""
    if text.startswith("."):
        values = [ALPHABET.index(char) for char in text[1:]]
        return [6 * i + bit for i, value in enumerate(values) for bit in range(6) if value & (32 >> bit)]
    return decode_gaps(text)


def decode_levels(text: str, count: int) -> list[int]:
    values = [ALPHABET.index(char) for char in text]
    return [(values[i // 2] >> 3) if i % 2 == 0 else values[i // 2] & 7 for i in range(count)]


@given(st.sets(st.integers(min_value=0, max_value=400)), st.integers(min_value=401, max_value=500))
def test_posting_ids_round_trip_as_gaps_or_bitmap_whichever_is_shorter(ids: set[int], documents: int) -> None:
    ordered = sorted(ids)
    codes = [encode_number(n) for n in range(documents + 1)]
    encoded = encode_posting_ids(array("I", ordered), codes, documents)
    assert decode_ids(encoded) == ordered
    assert len(encoded) <= min(len(encode_gaps(ordered)), documents // 6 + 2)


@given(st.lists(st.integers(min_value=0, max_value=7)))
def test_levels_pack_two_per_character(levels: list[int]) -> None:
    packed = pack_values(bytes(levels), LEVEL_BITS)
    assert len(packed) == (len(levels) + 1) // 2
    assert decode_levels(packed, len(levels)) == levels


def test_query_folding_runs_and_tokens() -> None:
    assert query_runs("ＡＢ１２，行政複議 區長", {"複": "复", "區": "区"}) == ["ab12", "行政复議", "区長"]
    assert run_tokens("行政复议") == ["行政", "政复", "复议"]
    assert run_tokens("镇") == ["镇"]
    assert run_tokens("哈哈哈") == ["哈哈"]
    assert len(fold("⼀２Ｘ")) == 3 and fold("⼀２Ｘ") == "一2x"


@settings(deadline=None)  # the first call builds the fold table
@given(st.text(alphabet="ab行政。 \n_Ａ１·\u3000Ⅻ²", max_size=60))
def test_token_counts_count_every_token_like_brute_force(raw: str) -> None:
    text = fold(raw)
    tokens = [run[i : i + n] for run in runs(text) for n in (1, 2) for i in range(len(run) - n + 1)]
    assert token_counts(text) == Counter(tokens)


def test_traditional_map_only_rewrites_characters_the_archive_does_not_use() -> None:
    mapping = archive_map("行政复议区长信箱著")
    assert mapping["複"] == "复" and mapping["區"] == "区"
    assert "著" not in mapping.values() or mapping.get("著") is None


def real_documents(count: int) -> list[SearchDocument]:
    docs = []
    for index, path in enumerate(shared_reports()[:count]):
        text = read_source(path.name, path.read_bytes()).text
        docs.append(
            SearchDocument(
                url=f"r{index}/", title=path.stem, agency="", year=None, text=page_text(path.stem, "", text)
            )
        )
    return docs


def load_posting(out: Path, manifest: dict, token: str) -> list | None:
    """The token's posting with its ids decoded (a bitmap or gaps) and checked against a big entry's count."""
    shard = shard_hash(token) % manifest["shards"]
    entry = json.loads((out / "s" / f"{shard}.json").read_text("utf-8")).get(token)
    if entry is None:
        return None
    if isinstance(entry[0], int):
        number, df = entry
        entry = json.loads((out / "b" / f"{shard}-{number}.json").read_text("utf-8"))
        assert len(decode_ids(entry[0])) == df
    return [decode_ids(entry[0]), entry[1], decode_ids(entry[2]), entry[3]]


def test_postings_list_exactly_the_documents_containing_each_token(tmp_path: Path) -> None:
    docs = real_documents(12)
    writer = IndexWriter(tmp_path)
    for doc in docs:
        writer.add(doc)
    manifest = writer.finish()
    assert manifest["documents"] == len(docs)
    folded = [" ".join(runs(fold(doc.text))) for doc in docs]
    for token in ["行政", "复议", "镇", "公开", "20", "信箱", "的"]:
        expected = [i for i, text in enumerate(folded) if token in text]
        posting = load_posting(tmp_path, manifest, token)
        ids = posting[0] if posting else []
        assert ids == expected, token
        if posting:
            levels = decode_levels(posting[1], len(ids))
            assert all(1 <= level <= manifest["levels"] for level in levels)
    dictionary = (tmp_path / "d" / "dictionary.txt").read_bytes()
    assert dictionary == common_clauses(doc.text for doc in docs)
    for doc_id, doc in enumerate(docs):
        stored = read_document((tmp_path / "d" / "0" / f"{doc_id}.bin").read_bytes(), dictionary)
        assert stored == {
            "u": doc.url, "t": doc.title, "a": doc.agency, "y": doc.year, "p": doc.place, "l": doc.level, "x": doc.text
        }


def test_the_dictionary_holds_the_clauses_several_reports_share_the_most_shared_last() -> None:
    texts = [doc.text for doc in real_documents(12)]
    clauses = shared_clauses(texts)
    holders = [sum(clause in text for text in texts) for clause in clauses]
    assert len(clauses) >= 10 and min(holders) >= 2 and holders[-1] == max(holders)
    short = shared_clauses(texts, limit=300)
    assert len("".join(short).encode("utf-8")) <= 300 and set(short) < set(clauses)
    every = [doc.text.encode("utf-8") for doc in real_documents(len(shared_reports()))]
    dictionary = common_clauses(text.decode("utf-8") for text in every)
    packed = [compress(data, dictionary) for data in every]
    assert [inflate_like_the_browser(data, dictionary) for data in packed] == every
    # The real reports share enough wording that the dictionary saves a third of the bytes.
    assert sum(map(len, packed)) < 0.75 * sum(len(compress(data, b"")) for data in every)


def test_building_twice_gives_identical_files(tmp_path: Path) -> None:
    docs = real_documents(6)
    outputs = []
    for name in ("one", "two"):
        writer = IndexWriter(tmp_path / name)
        for doc in docs:
            writer.add(doc)
        writer.finish()
        outputs.append(
            {p.relative_to(tmp_path / name): p.read_bytes() for p in (tmp_path / name).rglob("*.*")}
        )
    assert outputs[0] == outputs[1]


def test_worker_processes_write_the_same_index_as_one_process(tmp_path: Path, monkeypatch) -> None:
    import plugins.search.index_writer as index_writer

    monkeypatch.setattr(index_writer, "BATCH_DOCS", 3)
    docs = real_documents(10)
    outputs = []
    for workers in (1, 2):
        out = tmp_path / str(workers)
        writer = IndexWriter(out, workers=workers)
        for doc in docs:
            writer.add(doc)
        writer.finish()
        outputs.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*.*")})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > len(docs)
    # The traditional map covers the (folded) characters of every batch, the workers' ones included.
    traditional = json.loads(outputs[1][Path("manifest.json")])["traditional"]
    first_batch = set(fold("".join(doc.text for doc in docs[:3])))
    later_only = set(fold("".join(doc.text for doc in docs[3:]))) - first_batch
    assert traditional == archive_map(first_batch | later_only)
    assert any(simplified in later_only for simplified in traditional.values())


AGENCIES = [
    "泗门镇人民政府",
    "蛟川街道办事处",
    "上海市人民政府办公厅",
    "平潭综合实验区市场监督管理局",
    "龙归镇人民政府",
]


def headed_documents(count: int) -> list[SearchDocument]:
    """Real report texts under titles/agencies that share some tokens and not others."""
    docs = []
    for index, doc in enumerate(real_documents(count)):
        agency = AGENCIES[index % len(AGENCIES)]
        title = f"{agency}{2015 + index % 3}年政府信息公开工作年度报告"
        docs.append(SearchDocument(doc.url, title, agency, None, page_text(title, agency, doc.text)))
    return docs


def lunr_shard(out: Path, manifest: dict, token: str) -> Index:
    shard = shard_hash(token) % manifest["lunrShards"]
    return Index.load(json.loads((out / "t" / f"{shard}.json").read_text("utf-8")))


def heading_query(index: Index, tokens: list[str]) -> set[int]:
    query = index.create_query()
    for token in tokens:
        query.term(token, use_pipeline=False, presence=QueryPresence.REQUIRED, fields=["title", "agency"])
    return {int(hit["ref"]) for hit in index.query(query)}


def test_title_and_agency_shards_are_lunr_py_indexes_answering_like_brute_force(tmp_path: Path) -> None:
    docs = headed_documents(10)
    writer = IndexWriter(tmp_path, lunr_max_documents=4)
    for doc in docs:
        writer.add(doc)
    manifest = writer.finish()
    headings = [(" ".join(runs(fold(doc.title))), " ".join(runs(fold(doc.agency)))) for doc in docs]
    checked = 0
    for token in ["泗门", "蛟川", "街道", "办公", "镇", "2016", "公开", "平潭"]:
        for piece in run_tokens(token):
            holders = {i for i, fields in enumerate(headings) if any(piece in field for field in fields)}
            posting = load_posting(tmp_path, manifest, piece)
            if len(holders) > 4:
                assert piece in manifest["compactHeadings"]
                assert set(posting[2]) == holders
                assert piece not in lunr_shard(tmp_path, manifest, piece).inverted_index
            else:
                checked += 1
                assert piece not in manifest["compactHeadings"]
                assert posting[2] == []
                assert heading_query(lunr_shard(tmp_path, manifest, piece), [piece]) == holders, piece
    assert checked >= 5 and len(manifest["compactHeadings"]) >= 3
    raw = json.loads(
        (tmp_path / "t" / f"{shard_hash('泗门') % manifest['lunrShards']}.json").read_text("utf-8")
    )
    assert raw["version"] == "2.3.9" and raw["fields"] == ["title", "agency"] and raw["pipeline"] == []


def test_the_statistics_panel_and_reconstructed_tables_are_not_the_report_text() -> None:
    html = (
        "<article><h1>某镇2019年报告</h1>"
        '<section class="archive-panel" data-archive-panel><table><tr><td>行政复议</td><td>未填报</td></tr></table></section>'
        "<p>本年度未发生行政诉讼。</p>"
        '<table data-table="reconstructed"><tr><th>受理政府信息依申请公开总数</th><td>3</td></tr></table>'
        '<table data-table="table3"><tr><td>本年新收</td></tr></table></article>'
    )
    text = searchable_text("某镇2019年报告", "某镇人民政府", html)
    assert "本年度未发生行政诉讼" in text and "本年新收" in text
    assert "行政复议" not in text and "未填报" not in text
    assert "受理政府信息依申请公开总数" not in text


def test_title_shards_are_sized_by_what_they_hold_not_by_the_vocabulary() -> None:
    """Repeated bureau names give a small heading vocabulary but many postings: more shards, smaller files."""
    assert lunr_shard_count(100, 0) == SPILL_BUCKETS
    assert lunr_shard_count(100, SPILL_BUCKETS * HEADING_POSTINGS_PER_SHARD) == SPILL_BUCKETS
    assert lunr_shard_count(100, SPILL_BUCKETS * HEADING_POSTINGS_PER_SHARD + 1) == 2 * SPILL_BUCKETS
    assert lunr_shard_count(100, 1_400_000) * HEADING_POSTINGS_PER_SHARD >= 1_400_000
