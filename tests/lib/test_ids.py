import time
import uuid

from tipnet.lib.ids import uuid7, uuid7_texts


def test_uuid7_texts_are_canonical_version_7_uuids_of_now():
    before = time.time_ns() // 1_000_000
    texts = uuid7_texts(50)
    after = time.time_ns() // 1_000_000
    assert len(set(texts)) == 50
    for text in texts:
        value = uuid.UUID(text)
        assert str(value) == text
        assert value.version == 7 and value.variant == uuid.RFC_4122
        assert before <= value.int >> 80 <= after
    assert uuid7_texts(0) == []
    assert uuid7().version == 7
